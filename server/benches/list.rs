//! `make bench` — the request list against the foundation issue's budgets, on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL: 1,000,000 demo requests, the real router on a loopback
//! port, 20 concurrent clients, three filter/sort combinations, through the REST API
//! (`Authorization: Bearer`) and the server-rendered list page (signed-in session).
//! Budgets: list API p95 ≤ 50 ms; SSR list page p95 ≤ 60 ms.
//!
//! Sizes: `BENCH_LIST_REQUESTS` (default 1,000,000), `BENCH_ROUNDS` requests per client per
//! combination (default 25). `BENCH_LIST_DATABASE_URL` measures an existing demo database
//! instead of generating one.

mod support;

use app::server::demo::{DemoOptions, load};
use app::server::entities::{building, status};
use app::server::testing::TestDb;
use chrono::{Duration, Utc};
use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::serve::open_database;
use std::time::Instant;

const CLIENTS: usize = 20;

/// The server binary's allocator (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `CLIENTS` clients each asking `rounds` times: latencies in ms of the answers that were 200,
/// and how many were not (an error answer or no answer within 30 s).
async fn load_test(
    clients: &[Client],
    url: &str,
    rounds: usize,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let mut tasks = tokio::task::JoinSet::new();
    for c in clients {
        let (c, url) = (c.clone(), url.to_owned());
        tasks.spawn(async move {
            let (mut ms, mut failed) = (Vec::with_capacity(rounds), 0);
            for _ in 0..rounds {
                let t = Instant::now();
                let answer = tokio::time::timeout(std::time::Duration::from_secs(30), async {
                    let res = c.get(&url).send().await?;
                    let ok = res.status().is_success();
                    res.bytes().await?;
                    anyhow::Ok(ok)
                })
                .await;
                match answer {
                    Ok(Ok(true)) => ms.push(t.elapsed().as_secs_f64() * 1000.0),
                    _ => failed += 1,
                }
            }
            (ms, failed)
        });
    }
    let (mut all, mut failed) = (vec![], 0);
    while let Some(r) = tasks.join_next().await {
        let (ms, f) = r?;
        all.extend(ms);
        failed += f;
    }
    Ok((all, failed))
}

async fn bench(backend: &str) -> anyhow::Result<()> {
    let n: usize = std::env::var("BENCH_LIST_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let now = Utc::now();
    // A database made earlier by `server demo` (say with `--requests 1000000`) saves the
    // generation when measuring again; the bench only adds its tokens and sessions to it.
    let (handle, db) = match std::env::var("BENCH_LIST_DATABASE_URL") {
        Ok(url) => {
            println!("\n### {backend}: the demo database at {url}\n");
            (None, open_database(&url).await?)
        }
        Err(_) => {
            let handle = TestDb::create().await?;
            let db = open_database(&handle.url).await?;
            let started = Instant::now();
            let summary = load(
                &db,
                &DemoOptions {
                    property_requests: n,
                    shop_requests: 3000,
                    seed: 1,
                    now,
                },
            )
            .await?;
            println!(
                "\n### {backend}: {} requests, {} events generated and loaded in {:.0} s\n",
                summary.requests,
                summary.events,
                started.elapsed().as_secs_f64()
            );
            (Some(handle), db)
        }
    };

    let base = support::serve(&db).await?;
    let company = app::server::services::companies::by_slug(&db, "demo")
        .await?
        .id;
    let mut api = vec![];
    for _ in 0..CLIENTS {
        api.push(support::token_client(&db, "demo").await?);
    }
    // Browsers: each signs in once through the login server function and keeps its cookie.
    let mut pages = vec![];
    for _ in 0..CLIENTS {
        pages.push(support::session_client(&base, "dispatcher@demo.local").await?);
    }

    let in_work = status::Entity::find()
        .filter(status::Column::CompanyId.eq(company))
        .filter(status::Column::IsClosing.eq(false))
        .order_by_desc(status::Column::Id)
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no open status"))?;
    let house = building::Entity::find()
        .filter(building::Column::CompanyId.eq(company))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no building"))?;
    let month_ago = (now - Duration::days(30)).date_naive();
    let combos = [
        ("newest first, page 1".to_owned(), String::new()),
        (
            "open in one building, by priority, page 3".to_owned(),
            format!("open=1&building={}&sort=-priority&page=3", house.id),
        ),
        (
            format!("status «{}», last 30 days, by update", in_work.name),
            format!("status={}&from={month_ago}&sort=-updated", in_work.id),
        ),
    ];

    println!(
        "| {CLIENTS} clients, {rounds} rounds each | API p50 / p95 | SSR page p50 / p95 |\n|---|---|---|"
    );
    let (mut worst_api, mut worst_ssr) = (0.0f64, 0.0f64);
    for (name, query) in &combos {
        // Warm-up: the first answers of each kind fill caches, as in a running server.
        load_test(&api[..2], &format!("{base}/api/v1/requests?{query}"), 2).await?;
        load_test(&pages[..2], &format!("{base}/requests?{query}"), 2).await?;
        let (mut a, a_failed) =
            load_test(&api, &format!("{base}/api/v1/requests?{query}"), rounds).await?;
        let (mut s, s_failed) =
            load_test(&pages, &format!("{base}/requests?{query}"), rounds).await?;
        let (a50, a95) = (
            support::percentile(&mut a, 0.5),
            support::percentile(&mut a, 0.95),
        );
        let (s50, s95) = (
            support::percentile(&mut s, 0.5),
            support::percentile(&mut s, 0.95),
        );
        worst_api = worst_api.max(if a_failed > 0 { f64::INFINITY } else { a95 });
        worst_ssr = worst_ssr.max(if s_failed > 0 { f64::INFINITY } else { s95 });
        let failed = |n: usize| {
            if n > 0 {
                format!(" ({n} failed)")
            } else {
                String::new()
            }
        };
        let (a_failed, s_failed) = (failed(a_failed), failed(s_failed));
        println!(
            "| {name} | {a50:.1} / {a95:.1} ms{a_failed} | {s50:.1} / {s95:.1} ms{s_failed} |"
        );
    }
    println!(
        "\nlist API p95 {worst_api:.1} ms (budget 50 ms): {}; SSR list page p95 {worst_ssr:.1} ms (budget 60 ms): {}",
        if worst_api <= 50.0 { "ok" } else { "OVER" },
        if worst_ssr <= 60.0 { "ok" } else { "OVER" }
    );
    drop(handle);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    bench(app::server::testing::backend()).await
}
