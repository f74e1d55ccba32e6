//! `make bench` — the SLA dashboard over one year (budget ≤ 200 ms), on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL: a property company with a year's worth of requests at the
//! demo's rate (`BENCH_DASHBOARD_REQUESTS`, default 12,000 — twice the 6-month demo), the
//! dashboard (heatmaps, near-breach, staff table, averages) and the XLSX report's figures for a
//! 365-day period, every figure recomputed from the event log.

use app::model::{DashboardFilter, Role};
use app::server::auth::Actor;
use app::server::demo::{DemoOptions, load};
use app::server::services::sla::dashboard;
use app::server::testing::TestDb;
use chrono::{Duration, Utc};
use migrations::{Migrator, MigratorTrait};
use std::time::Instant;

mod support;

/// Measured runs per figure.
const RUNS: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `RUST_LOG=app::server::services::sla=debug` shows where each run's time goes.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
    let backend = app::server::testing::backend();
    let n: usize = std::env::var("BENCH_DASHBOARD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12_000);
    let handle = TestDb::create().await?;
    let db = handle.connect().await?;
    Migrator::up(&db, None).await?;
    let now = Utc::now();
    let summary = load(
        &db,
        &DemoOptions {
            property_requests: n,
            shop_requests: 0,
            seed: 1,
            now,
        },
    )
    .await?;
    let company = app::server::services::companies::by_slug(&db, "demo")
        .await?
        .id;
    let actor = Actor {
        user_id: None,
        company_id: company,
        role: Role::Executive,
        session_id: None,
    };
    let f = DashboardFilter {
        from: Some((now - Duration::days(364)).date_naive()),
        to: Some(now.date_naive()),
        ..DashboardFilter::default()
    };
    println!(
        "\n### {backend}: {} requests, {} events; period {} – {}\n",
        summary.requests,
        summary.events,
        f.from.unwrap_or_default(),
        f.to.unwrap_or_default()
    );
    println!(
        "| measurement ({RUNS} runs after one warm-up) | p50 / p95 | budget | |\n|---|---|---|---|"
    );
    // Warm-up: the first read after the load meets cold caches (PostgreSQL's buffers).
    dashboard::dashboard(&db, &actor, &f, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ms = vec![];
    let mut shown = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let d = dashboard::dashboard(&db, &actor, &f, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        shown = d.requests;
    }
    let p95 = support::percentile(&mut ms, 0.95);
    println!(
        "| dashboard over one year ({shown} requests) | {:.0} / {p95:.0} ms | 200 ms | {} |",
        support::percentile(&mut ms, 0.5),
        if p95 <= 200.0 { "ok" } else { "OVER" }
    );
    let mut ms = vec![];
    let mut lines = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = dashboard::report(&db, &actor, &f, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        lines = r.lines.len();
    }
    let p95 = support::percentile(&mut ms, 0.95);
    println!(
        "| SLA report figures over one year ({lines} lines; no budget set) | {:.0} / {p95:.0} ms | — | |",
        support::percentile(&mut ms, 0.5),
    );
    drop(handle);
    Ok(())
}
