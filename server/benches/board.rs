//! `make bench` — the SSR board page (dispatch issue's budget: 2,000 open requests, p95 ≤ 30 ms
//! server time), on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL. The demo companies, then
//! `BENCH_BOARD_OPEN` (default 2,000) more open requests created through the REST API (real
//! rows, events and contacts), the real router on a loopback port, a signed-in dispatcher
//! loading `/board` and `/board?lane=assignee`. Time is the whole answer as the client sees it
//! (so it includes loopback HTTP), one request at a time.

mod support;

use app::server::demo::{DemoOptions, load};
use app::server::testing::TestDb;
use chrono::Utc;
use serde_json::json;
use server::serve::open_database;
use std::time::Instant;

const WARMUP: usize = 10;
const RUNS: usize = 100;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    support::trace_from_env();
    let backend = app::server::testing::backend();
    let open: usize = std::env::var("BENCH_BOARD_OPEN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let handle = TestDb::create().await?;
    let db = open_database(&handle.url).await?;
    load(
        &db,
        &DemoOptions {
            property_requests: 200,
            shop_requests: 0,
            seed: 1,
            now: Utc::now(),
        },
    )
    .await?;
    let base = support::serve(&db).await?;
    let api = support::token_client(&db, "demo").await?;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..8 {
        let (api, base) = (api.clone(), base.clone());
        tasks.spawn(async move {
            for i in (w..open).step_by(8) {
                let priority = ["low", "normal", "high", "critical"][i % 4];
                let res = api
                    .post(format!("{base}/api/v1/requests"))
                    .json(&json!({
                        "title": format!("Открытая заявка для доски №{i}"),
                        "priority": priority,
                        "urgent": i % 17 == 0,
                        "contact": {"name": "Житель", "phone": format!("+99890{:07}", i)},
                    }))
                    .send()
                    .await?;
                anyhow::ensure!(res.status().is_success(), "create: {}", res.status());
            }
            anyhow::Ok(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    let c = support::session_client(&base, "dispatcher@demo.local").await?;
    println!(
        "\n### {backend}: {open} open requests created in {:.1} s (plus the demo's)\n\n| page ({RUNS} runs) | p50 | p95 | budget | |\n|---|---|---|---|---|",
        started.elapsed().as_secs_f64()
    );
    for (label, path) in [
        ("/board", "/board"),
        ("/board?lane=assignee", "/board?lane=assignee"),
    ] {
        let url = format!("{base}{path}");
        for _ in 0..WARMUP {
            c.get(&url).send().await?.bytes().await?;
        }
        let mut ms = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            let res = c.get(&url).send().await?;
            anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
            res.bytes().await?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let p50 = support::percentile(&mut ms, 0.5);
        let p95 = support::percentile(&mut ms, 0.95);
        println!(
            "| SSR `{label}` | {p50:.1} ms | {p95:.1} ms | p95 ≤ 30 ms | {} |",
            if p95 <= 30.0 { "met" } else { "**over**" }
        );
    }
    // Where the time goes: the board's data alone (queries, names, SLA badges; no HTML).
    let actor = dispatcher(&db).await?;
    let filter = app::model::RequestFilter::default();
    let mut ms = Vec::with_capacity(RUNS);
    for i in 0..WARMUP + RUNS {
        let t = Instant::now();
        app::server::services::requests::board::board(
            &db,
            &Default::default(),
            &actor,
            &filter,
            None,
            None,
        )
        .await?;
        if i >= WARMUP {
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let p50 = support::percentile(&mut ms, 0.5);
    let p95 = support::percentile(&mut ms, 0.95);
    println!(
        "| of which the board's data (service call, no HTML) | {p50:.1} ms | {p95:.1} ms | | |"
    );
    Ok(())
}

async fn dispatcher(db: &sea_orm::DatabaseConnection) -> anyhow::Result<app::server::auth::Actor> {
    use app::server::entities::{company, user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let company = company::Entity::find()
        .filter(company::Column::Slug.eq("demo"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo company"))?;
    let user = user::Entity::find()
        .filter(user::Column::Email.eq("dispatcher@demo.local"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no dispatcher"))?;
    Ok(app::server::auth::Actor {
        user_id: Some(user.id),
        company_id: company.id,
        role: app::model::Role::Dispatcher,
        session_id: None,
    })
}
