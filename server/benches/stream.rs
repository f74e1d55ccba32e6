//! `make bench` — live updates: 200 clients hold `/api/stream` open; requests are created and
//! moved to another status through the REST API, and the time until a second client's stream
//! delivers each change is measured (dispatch issue's budget: a move seen p95 ≤ 100 ms on
//! loopback), on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.

mod support;

use app::server::demo::{DemoOptions, load};
use app::server::testing::TestDb;
use chrono::Utc;
use futures::StreamExt;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
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

    // A dispatcher's move: «Новая» → «Назначена» with an executor, as a drag on the board.
    let (assigned, executor) = (status_id(&db, "Назначена").await?, user_id(&db).await?);
    let (mut created, mut moved) = (vec![], vec![]);
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
        created.push(seen(&mut rx, id).await?.duration_since(t).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(25)).await;
        let t = Instant::now();
        let res = client
            .patch(format!("{base}/api/v1/requests/{id}"))
            .json(&serde_json::json!({"status_id": assigned, "assignee_id": executor}))
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "move: {}", res.status());
        moved.push(seen(&mut rx, id).await?.duration_since(t).as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    println!("\n### {backend}: {LISTENERS} connected streams, {CHANGES} changes of each kind\n");
    for (what, ms) in [
        ("move (REST PATCH)", &mut moved),
        ("create (REST POST)", &mut created),
    ] {
        let (p50, p95) = (support::percentile(ms, 0.5), support::percentile(ms, 0.95));
        println!(
            "| {what} → seen by another stream | {p50:.1} / {p95:.1} ms (p50 / p95) | 100 ms | {} |",
            if p95 <= 100.0 { "ok" } else { "OVER" }
        );
    }
    drop(handle);
    Ok(())
}

/// When the measured stream first showed an event of request `id` (events of other requests,
/// such as the rest of an earlier change, are passed over).
async fn seen(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<(i64, Instant)>,
    id: i64,
) -> anyhow::Result<Instant> {
    loop {
        let (got, at) = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await?
            .ok_or_else(|| anyhow::anyhow!("stream closed"))?;
        if got == id {
            return Ok(at);
        }
    }
}

async fn status_id(db: &DatabaseConnection, name: &str) -> anyhow::Result<i64> {
    use app::server::entities::status;
    status::Entity::find()
        .filter(status::Column::Name.eq(name))
        .one(db)
        .await?
        .map(|s| s.id)
        .ok_or_else(|| anyhow::anyhow!("no status {name}"))
}

async fn user_id(db: &DatabaseConnection) -> anyhow::Result<i64> {
    use app::server::entities::user;
    user::Entity::find()
        .filter(user::Column::Email.eq("executor@demo.local"))
        .one(db)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("no executor@demo.local"))
}
