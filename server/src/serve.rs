//! Starting the server: database, migrations, demo data on an empty database, listening, and
//! a graceful shutdown on Ctrl-C / SIGTERM.

use crate::config::ServeArgs;
use crate::router::{ServerState, build_router};
use anyhow::{Context, anyhow};
use app::server::{AppState, db, demo};
use migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;

/// Connects and migrates, with an error that names the database (password hidden).
pub async fn open_database(url: &str) -> anyhow::Result<DatabaseConnection> {
    let shown = hide_password(url);
    let conn = db::connect(url)
        .await
        .map_err(|e| anyhow!("cannot connect to database {shown}: {e}"))?;
    Migrator::up(&conn, None)
        .await
        .map_err(|e| anyhow!("cannot migrate database {shown}: {e}"))?;
    Ok(conn)
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn hide_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub async fn run(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let conn = open_database(database_url).await?;
    if args.demo_if_empty && demo::is_empty(&conn).await? {
        tracing::info!("empty database: loading the demo companies (this takes a moment)");
        let summary = demo::load(&conn, &demo::DemoOptions::default())
            .await
            .context("loading demo data")?;
        tracing::info!(
            companies = summary.companies,
            requests = summary.requests,
            events = summary.events,
            "demo data loaded"
        );
    }
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        anyhow!(
            "UPRAVA_ADDR `{}` is not an address like 127.0.0.1:3000",
            args.addr
        )
    })?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow!("cannot listen on {addr}: {e} (is another server running? set UPRAVA_ADDR to another port)")
    })?;
    let mut leptos = leptos::prelude::get_configuration(None)
        .map_err(|e| anyhow!("leptos configuration: {e}"))?
        .leptos_options;
    leptos.site_addr = addr;
    if leptos.output_name.is_empty() {
        // Built with plain cargo rather than cargo-leptos: the site is still `uprava`.
        leptos.output_name = "uprava".into();
    }
    let hub = crate::stream::hub::Hub::spawn(conn.clone())
        .await
        .context("starting the live-update tailer")?;
    let state = ServerState {
        app: AppState::new(conn, args.settings()),
        leptos,
        trust_proxy: args.trust_proxy,
        hub,
    };
    let watcher = crate::watcher::spawn(state.app.clone());
    let warmer = crate::warmer::spawn(state.app.clone());
    let distributor = crate::distributor::spawn(state.app.clone());
    let router = build_router(state);
    println!("Uprava is listening on http://{addr}");
    if args.demo_if_empty {
        print_demo_logins();
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("server error")?;
    watcher.abort();
    warmer.abort();
    distributor.abort();
    tracing::info!("stopped");
    Ok(())
}

pub fn print_demo_logins() {
    println!("Demo logins (password: demo):");
    for (email, what) in demo::LOGINS {
        println!("  {email:<24} {what}");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    #[test]
    fn hides_the_password_only() {
        assert_eq!(
            super::hide_password("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            super::hide_password("sqlite://data/uprava.db?mode=rwc"),
            "sqlite://data/uprava.db?mode=rwc"
        );
    }
}
