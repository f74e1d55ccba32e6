//! `make bench` — the requests list as Excel (dispatch issue's budget: 100,000 rows ≤ 1.5 s and
//! ≤ 50 MB peak memory), on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: demo requests
//! (`BENCH_EXPORT_REQUESTS`, default 100,000), the real router on a loopback port, a signed-in
//! dispatcher downloading `/requests.xlsx` of every request. Time is the whole download; memory
//! is the peak of the process's heap above what it held before the request (peak_alloc's counting
//! allocator wraps the system one; the client counts the body's bytes without keeping them).

mod support;

use app::server::demo::{DemoOptions, load};
use app::server::testing::TestDb;
use chrono::Utc;
use peak_alloc::PeakAlloc;
use server::serve::open_database;
use std::time::Instant;

const RUNS: usize = 5;

/// The system allocator, counting the bytes in use and their peak.
#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `RUST_LOG=server::rest=debug` shows where each export's time goes.
    support::trace_from_env();
    let backend = app::server::testing::backend();
    let n: usize = std::env::var("BENCH_EXPORT_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let handle = TestDb::create().await?;
    let db = open_database(&handle.url).await?;
    let summary = load(
        &db,
        &DemoOptions {
            property_requests: n,
            shop_requests: 0,
            seed: 1,
            now: Utc::now(),
        },
    )
    .await?;
    let base = support::serve(&db).await?;
    let c = support::session_client(&base, "dispatcher@demo.local").await?;
    println!(
        "\n### {backend}: {} requests\n\n| measurement ({RUNS} runs) | median / worst | budget | |\n|---|---|---|---|",
        summary.requests
    );
    let (mut secs, mut peaks, mut size) = (vec![], vec![], 0);
    for _ in 0..RUNS {
        let before = ALLOC.current_usage();
        ALLOC.reset_peak_usage();
        let t = Instant::now();
        let mut res = c.get(format!("{base}/requests.xlsx")).send().await?;
        anyhow::ensure!(res.status().is_success(), "export: {}", res.status());
        size = 0;
        while let Some(chunk) = res.chunk().await? {
            size += chunk.len();
        }
        secs.push(t.elapsed().as_secs_f64());
        peaks.push(ALLOC.peak_usage().saturating_sub(before) as f64 / 1_048_576.0);
    }
    let median = |v: &mut Vec<f64>| support::percentile(v, 0.5);
    let worst = |v: &mut Vec<f64>| support::percentile(v, 1.0);
    let (t50, tmax) = (median(&mut secs), worst(&mut secs));
    let (m50, mmax) = (median(&mut peaks), worst(&mut peaks));
    println!(
        "| XLSX of {} rows ({:.1} MB file), time | {t50:.2} / {tmax:.2} s | 1.5 s | {} |",
        summary.requests,
        size as f64 / 1_048_576.0,
        if tmax <= 1.5 { "ok" } else { "OVER" }
    );
    println!(
        "| same, peak heap above idle | {m50:.1} / {mmax:.1} MB | 50 MB | {} |",
        if mmax <= 50.0 { "ok" } else { "OVER" }
    );
    drop(handle);
    Ok(())
}
