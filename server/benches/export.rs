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
    // The loader ends with `VACUUM ANALYZE` on PostgreSQL (what autovacuum does within a minute
    // of a bulk load), so the first export does not write visibility and hint bits back.
    println!(
        "\n### {backend}: {} requests\n\n| measurement | median / worst | budget | |\n|---|---|---|---|",
        summary.requests
    );
    // Right after a start, before the server has kept any settled request's SLA figures: every
    // request's clock is evaluated from its log.
    let cold = support::serve(&db).await?;
    let c = support::session_client(&cold, "dispatcher@demo.local").await?;
    let first = measure(&c, &cold, 1).await?;
    report(
        &first,
        summary.requests,
        "1 run, nothing kept (just started)",
    );
    // As the server runs: its warmer has kept the figures of settled requests (done before
    // measuring here, as the warmer does in the background at start), so only the open ones
    // are evaluated.
    let warm = support::serve_warm(&db).await?;
    let c = support::session_client(&warm, "dispatcher@demo.local").await?;
    let kept = measure(&c, &warm, RUNS).await?;
    report(
        &kept,
        summary.requests,
        &format!("{RUNS} runs, settled figures kept"),
    );
    drop(handle);
    Ok(())
}

struct Measured {
    secs: Vec<f64>,
    peaks: Vec<f64>,
    cpu: Vec<f64>,
    size: usize,
}

/// Downloads the export of every request `runs` times: wall time, heap peak, CPU time.
async fn measure(c: &reqwest::Client, base: &str, runs: usize) -> anyhow::Result<Measured> {
    let mut m = Measured {
        secs: vec![],
        peaks: vec![],
        cpu: vec![],
        size: 0,
    };
    for _ in 0..runs {
        let before = ALLOC.current_usage();
        ALLOC.reset_peak_usage();
        let (t, cpu_before) = (Instant::now(), support::cpu_seconds());
        let mut res = c.get(format!("{base}/requests.xlsx")).send().await?;
        anyhow::ensure!(res.status().is_success(), "export: {}", res.status());
        m.size = 0;
        while let Some(chunk) = res.chunk().await? {
            m.size += chunk.len();
        }
        m.secs.push(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_before, support::cpu_seconds()) {
            m.cpu.push(b - a);
        }
        m.peaks
            .push(ALLOC.peak_usage().saturating_sub(before) as f64 / 1_048_576.0);
    }
    Ok(m)
}

fn report(m: &Measured, requests: usize, label: &str) {
    let median = |v: &[f64]| support::percentile(&mut v.to_vec(), 0.5);
    let worst = |v: &[f64]| support::percentile(&mut v.to_vec(), 1.0);
    let (t50, tmax) = (median(&m.secs), worst(&m.secs));
    let (m50, mmax) = (median(&m.peaks), worst(&m.peaks));
    println!(
        "| XLSX of {requests} rows ({:.1} MB file), {label}: time | {t50:.2} / {tmax:.2} s | 1.5 s | {} |",
        m.size as f64 / 1_048_576.0,
        if tmax <= 1.5 { "ok" } else { "OVER" }
    );
    println!(
        "| same, peak heap above idle | {m50:.1} / {mmax:.1} MB | 50 MB | {} |",
        if mmax <= 50.0 { "ok" } else { "OVER" }
    );
    if !m.cpu.is_empty() {
        println!(
            "| same, CPU time of all threads (server and client) | {:.2} / {:.2} s | | |",
            median(&m.cpu),
            worst(&m.cpu)
        );
    }
}
