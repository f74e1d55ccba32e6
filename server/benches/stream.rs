//! `make bench` — live updates: 200 clients hold `/api/stream` open; a change is made through
//! the REST API and the time until a second client's stream delivers it is measured (budget
//! p95 ≤ 100 ms on loopback), on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.

mod support;

use app::server::demo::{DemoOptions, load};
use app::server::testing::TestDb;
use chrono::Utc;
use futures::StreamExt;
use server::serve::open_database;
use std::time::{Duration, Instant};

const LISTENERS: usize = 200;
const CHANGES: usize = 60;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let backend = app::server::testing::backend();
    let handle = TestDb::create().await?;
    let db = open_database(&handle.url).await?;
    load(
        &db,
        &DemoOptions {
            property_requests: 2000,
            shop_requests: 0,
            seed: 1,
            now: Utc::now(),
        },
    )
    .await?;
    let base = support::serve(&db).await?;
    let client = support::token_client(&db, "demo").await?;

    // 200 open streams, each read (and dropped on the floor) by its own task; the last one is
    // the measured "second client".
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, Instant)>();
    for i in 0..LISTENERS {
        let res = client.get(format!("{base}/api/stream")).send().await?;
        anyhow::ensure!(res.status().is_success(), "stream {i}: {}", res.status());
        let mut body = res.bytes_stream();
        let tx = (i == LISTENERS - 1).then(|| tx.clone());
        tokio::spawn(async move {
            let mut buf = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                let at = Instant::now();
                buf.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buf.find("\n\n") {
                    let block: String = buf.drain(..end + 2).collect();
                    let id = block
                        .lines()
                        .any(|l| l.trim_end() == "event: request")
                        .then(|| block.lines().find_map(|l| l.strip_prefix("data:")))
                        .flatten()
                        .and_then(|d| serde_json::from_str::<serde_json::Value>(d.trim()).ok())
                        .and_then(|v| v["request_id"].as_i64());
                    if let (Some(tx), Some(id)) = (&tx, id) {
                        let _ = tx.send((id, at));
                    }
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut ms = vec![];
    for i in 0..CHANGES {
        let t = Instant::now();
        let res = client
            .post(format!("{base}/api/v1/requests"))
            .json(&serde_json::json!({"title": format!("Замер {i}")}))
            .send()
            .await?;
        anyhow::ensure!(res.status().as_u16() == 201, "create: {}", res.status());
        let id = res.json::<serde_json::Value>().await?["id"]
            .as_i64()
            .unwrap_or_default();
        let seen = loop {
            let (got, at) = tokio::time::timeout(Duration::from_secs(5), rx.recv())
                .await?
                .ok_or_else(|| anyhow::anyhow!("stream closed"))?;
            if got == id {
                break at;
            }
        };
        ms.push(seen.duration_since(t).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (p50, p95) = (
        support::percentile(&mut ms, 0.5),
        support::percentile(&mut ms, 0.95),
    );
    println!("\n### {backend}: {LISTENERS} connected streams, {CHANGES} changes\n");
    println!(
        "| change (REST create) → seen by another stream | {p50:.1} / {p95:.1} ms (p50 / p95) | 100 ms | {} |",
        if p95 <= 100.0 { "ok" } else { "OVER" }
    );
    drop(handle);
    Ok(())
}
