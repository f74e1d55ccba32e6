//! What the benches share: percentiles, the real router on a loopback port, a token client.
#![allow(dead_code)]

use app::server::{AppState, Settings};
use chrono::Utc;
use leptos::prelude::LeptosOptions;
use reqwest::Client;
use sea_orm::DatabaseConnection;
use server::router::{ServerState, build_router};
use std::net::SocketAddr;

/// The `p` quantile (0..=1) of `v`.
pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

/// Serves the whole router (with its live-update tailer) on a free loopback port; the base URL.
pub async fn serve(db: &DatabaseConnection) -> anyhow::Result<String> {
    serve_with(db, false).await
}

/// [`serve`], with the settled SLA figures of every company kept first — what the server's
/// warmer does in the background right after a start.
pub async fn serve_warm(db: &DatabaseConnection) -> anyhow::Result<String> {
    serve_with(db, true).await
}

async fn serve_with(db: &DatabaseConnection, warm: bool) -> anyhow::Result<String> {
    let hub = server::stream::hub::Hub::spawn(db.clone()).await?;
    let leptos = LeptosOptions::builder()
        .output_name("uprava")
        .site_root("target/site")
        .build();
    let state = ServerState {
        app: AppState::new(db.clone(), Settings::default()),
        leptos,
        trust_proxy: false,
        hub,
    };
    if warm {
        use sea_orm::EntityTrait;
        for c in app::server::entities::company::Entity::find()
            .all(db)
            .await?
        {
            app::server::services::sla::dashboard::warm(db, &state.app.settled, c.id, Utc::now())
                .await?;
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = build_router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Ok(format!("http://{addr}"))
}

/// An HTTP client with a fresh REST token of company `slug`.
pub async fn token_client(db: &DatabaseConnection, slug: &str) -> anyhow::Result<Client> {
    let company = app::server::services::companies::by_slug(db, slug)
        .await?
        .id;
    let token = app::server::auth::token::create(db, company, "bench", None, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse()?,
    );
    Ok(Client::builder().default_headers(headers).build()?)
}

/// A browser-like client signed in as `email` (password `demo`) through the login server
/// function; it keeps the session cookie.
pub async fn session_client(base: &str, email: &str) -> anyhow::Result<Client> {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(reqwest::header::ORIGIN, base.parse()?);
    let c = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(h)
        .build()?;
    let res = c
        .post(format!(
            "{base}{}",
            <app::api::auth::Login as server_fn::ServerFn>::PATH
        ))
        .form(&[("email", email), ("password", "demo"), ("next", "")])
        .send()
        .await?;
    anyhow::ensure!(
        res.headers().get("set-cookie").is_some(),
        "sign-in of {email} failed: {}",
        res.status()
    );
    Ok(c)
}

/// With `RUST_LOG` set, prints the traces it selects (where a run's time goes).
pub fn trace_from_env() {
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .init();
    }
}

/// CPU seconds this process has used so far, user and system, on all its threads (Linux
/// `/proc/self/stat`; `None` elsewhere).
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces; the fields after it are space-separated.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Clock ticks per second are 100 on every Linux this runs on (USER_HZ).
    Some(ticks / 100.0)
}
