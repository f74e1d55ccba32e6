//! `make bench` — the SLA dashboard over one year (budget ≤ 200 ms), on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL: a property company with a year's worth of requests at the
//! demo's rate (`BENCH_DASHBOARD_REQUESTS`, default 12,000 — twice the 6-month demo), the
//! dashboard (heatmaps, near-breach, staff table, averages) and the XLSX report's figures for a
//! 365-day period, every figure recomputed from the event log.

use app::model::{DashboardFilter, Role};
use app::server::auth::Actor;
use app::server::demo::{DemoOptions, load};
use app::server::services::sla::dashboard::{self, settled::SettledFigures};
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
    support::trace_from_env();
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
    let kept = SettledFigures::default();
    dashboard::dashboard(&db, &kept, &actor, &f, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // The first view after a start or a settings edit: nothing kept, every request evaluated.
    let mut ms = vec![];
    for _ in 0..RUNS {
        let t = Instant::now();
        dashboard::dashboard(&db, &SettledFigures::default(), &actor, &f, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    row(
        "dashboard over one year, first view (nothing kept)",
        &mut ms,
        Some(200.0),
    );
    // Every later view: settled requests' figures kept, the open ones evaluated.
    let mut ms = vec![];
    let mut shown = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let d = dashboard::dashboard(&db, &kept, &actor, &f, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        shown = d.requests;
    }
    row(
        &format!(
            "dashboard over one year ({shown} requests; {} settled kept)",
            kept.len(company)
        ),
        &mut ms,
        Some(200.0),
    );
    let mut ms = vec![];
    let mut lines = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = dashboard::report(&db, &kept, &actor, &f, Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        lines = r.lines.len();
    }
    row(
        &format!("SLA report figures over one year ({lines} lines; no budget set)"),
        &mut ms,
        None,
    );
    drop(handle);
    Ok(())
}

/// One line of the table: p50 / p95 of `ms` against `budget`.
fn row(what: &str, ms: &mut [f64], budget: Option<f64>) {
    let p50 = support::percentile(ms, 0.5);
    let p95 = support::percentile(ms, 0.95);
    match budget {
        Some(b) => println!(
            "| {what} | {p50:.0} / {p95:.0} ms | {b:.0} ms | {} |",
            if p95 <= b { "ok" } else { "OVER" }
        ),
        None => println!("| {what} | {p50:.0} / {p95:.0} ms | — | |"),
    }
}
