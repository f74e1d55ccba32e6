//! Connecting to SQLite (embedded default) or PostgreSQL, and write transactions that behave
//! the same on both.

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// SQLite's largest memory map (its compile-time limit on Linux): a file up to 2 GB is read
/// entirely through it, a larger one partly.
const MMAP_BYTES: u64 = 0x7fff_0000;

/// A pooled connection idle this long is pinged before it is used again (see [`options`]).
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// Opens a pool. For SQLite the file (and its folder) is created, WAL is on and writers wait
/// for each other instead of failing with `database is locked`.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let dir = sqlite_path(url).and_then(|p| {
        std::path::Path::new(&p)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(std::path::Path::to_path_buf)
    });
    if let Some(dir) = dir {
        std::fs::create_dir_all(&dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let pool = pool_size(std::env::var("UPRAVA_DB_POOL").ok().as_deref())?;
    Database::connect(options(url, pool)).await
}

/// The pool's settings for `url` with at most `pool` connections.
fn options(url: &str, pool: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(pool).min_connections(1);
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings a connection each time the pool hands it out: a round trip to PostgreSQL
        // (or to SQLite's worker thread) before every statement, on top of the ping as it goes
        // back. A connection used within the last half minute is alive; only one idle longer
        // (a server, proxy or firewall may have closed it) is pinged first (README ¹²).
        .test_before_acquire_if_idle_for(PING_AFTER_IDLE);
    if url.starts_with("sqlite:") {
        opts.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // Reads go through a memory map instead of copying every page from the OS
                // cache with pread (a million-request list spent more time in the kernel's
                // copies than in SQLite); the connection's own cache keeps hot index pages.
                .pragma("mmap_size", MMAP_BYTES.to_string())
                .pragma("cache_size", "-32768")
                .pragma("temp_store", "memory")
        });
    } else {
        // PostgreSQL compiles a query whose estimated cost is high (the 100,000-line export)
        // to machine code first: 0.6-0.7 s of LLVM per export here, more than running it.
        // Uprava's queries are short and read through indexes; none gains from JIT.
        let tls_chosen = url.contains("sslmode=") || has_env("PGSSLMODE");
        opts.map_sqlx_postgres_opts(move |o| {
            let o = o.options([("jit", "off")]);
            // sqlx leaves Nagle's algorithm on, and with TLS a statement longer than one TLS
            // record (16 KB: the demo's batches of 500 rows) waited for the server's delayed
            // ACK, 40 ms each — the million-request demo took twice as long. A connection to
            // this machine never leaves it, so it goes without TLS unless `sslmode` (in the URL
            // or `PGSSLMODE`) asks for it.
            if loopback(o.get_host()) && !tls_chosen {
                o.ssl_mode(sea_orm::sqlx::postgres::PgSslMode::Disable)
            } else {
                o
            }
        });
    }
    opts
}

/// A host on this machine: `localhost`, a loopback address or a Unix socket's folder.
fn loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host.starts_with('/')
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn has_env(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// `sqlite://data/uprava.db?mode=rwc` → `data/uprava.db`.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// Connections per pool: `UPRAVA_DB_POOL`, else four per core (at least 4, at most 32).
/// More connections than the cores can serve make each statement wait longer, not less: each
/// PostgreSQL connection is a process competing with the server for the same cores (README,
/// Decisions: the list bench with 32 connections on 2 cores and with 8).
fn pool_size(configured: Option<&str>) -> Result<u32, DbErr> {
    match configured.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                DbErr::Custom(format!(
                    "UPRAVA_DB_POOL must be a number of connections from 1 to 1000, not {v:?}"
                ))
            }),
        None => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            Ok(u32::try_from(cores * 4).unwrap_or(32).clamp(4, 32))
        }
    }
}

/// A transaction that will write. On SQLite it takes the write lock up front (`BEGIN
/// IMMEDIATE`), so two writers queue instead of one failing when it upgrades a read lock.
pub async fn write_txn(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_size_is_configured_or_four_per_core() {
        assert_eq!(pool_size(Some("6")).ok(), Some(6));
        assert_eq!(pool_size(Some(" 12 ")).ok(), Some(12));
        let default = pool_size(None).ok();
        assert_eq!(pool_size(Some("")).ok(), default);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert_eq!(default, Some((cores as u32 * 4).clamp(4, 32)));
        for bad in ["0", "-1", "eight", "1001"] {
            let err = pool_size(Some(bad)).err().map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(
                    |e| e.contains("UPRAVA_DB_POOL") && e.contains(&format!("{bad:?}"))
                ),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn only_a_connection_idle_for_a_while_is_pinged_before_use() {
        for url in [
            "sqlite://data/uprava.db?mode=rwc",
            "postgres://postgres@127.0.0.1:5432/uprava",
        ] {
            let o = options(url, 8);
            assert!(
                !o.get_test_before_acquire(),
                "{url}: pinged on every checkout"
            );
            assert_eq!(
                o.get_test_before_acquire_if_idle_for(),
                Some(PING_AFTER_IDLE),
                "{url}"
            );
            assert_eq!(o.get_max_connections(), Some(8), "{url}");
        }
    }

    /// Without a ping at checkout, a connection PostgreSQL closed while it sat in the pool (a
    /// restart, a proxy's idle timeout) fails its next statement once; the pool then replaces
    /// it and the statement after runs (README, Decisions).
    #[tokio::test]
    async fn a_connection_the_database_closed_fails_once_and_is_replaced() -> anyhow::Result<()> {
        use sea_orm::ConnectionTrait;
        let handle = crate::server::testing::TestDb::create().await?;
        if crate::server::testing::backend() != "postgres" {
            return Ok(()); // SQLite has no server to close a connection.
        }
        let pid = |db: DatabaseConnection| async move {
            one_row(&db, "SELECT pg_backend_pid() AS pid")
                .await?
                .try_get::<i32>("", "pid")
        };
        let db = connect(&handle.url).await?;
        let first = pid(db.clone()).await?;
        let admin = connect(&handle.url).await?;
        // Waits (up to 5 s) until the backend has exited.
        admin
            .execute_unprepared(&format!("SELECT pg_terminate_backend({first}, 5000)"))
            .await?;
        assert!(
            pid(db.clone()).await.is_err(),
            "the closed connection was pinged and replaced before use"
        );
        let second = pid(db.clone()).await?;
        assert_ne!(second, first);
        db.close().await?;
        admin.close().await?;
        Ok(())
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "::1",
            "[::1]",
            "/var/run/postgresql",
        ] {
            assert!(loopback(host), "{host}");
        }
        for host in ["db.example.com", "10.0.0.5", "192.168.1.2"] {
            assert!(!loopback(host), "{host}");
        }
    }

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_path("sqlite://data/uprava.db?mode=rwc").as_deref(),
            Some("data/uprava.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/x"), None);
    }

    /// `.cargo/config.toml` builds SQLite with the planner's stability guarantee: a cached
    /// statement runs again with new bound values (a page's `LIMIT ?` / `OFFSET ?`) without
    /// being compiled again. Without the setting SQLite is built without it and this fails.
    #[tokio::test]
    async fn sqlite_plans_do_not_depend_on_bound_values() -> Result<(), DbErr> {
        let db = connect("sqlite::memory:").await?;
        let row = one_row(
            &db,
            "SELECT sqlite_compileoption_used('ENABLE_QPSG') AS on_",
        )
        .await?;
        assert_eq!(row.try_get::<i32>("", "on_")?, 1);
        Ok(())
    }

    /// The one row `sql` answers on `db`.
    async fn one_row(db: &DatabaseConnection, sql: &str) -> Result<sea_orm::QueryResult, DbErr> {
        use sea_orm::{ConnectionTrait, Statement};
        db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await?
            .ok_or_else(|| DbErr::Custom("no row".into()))
    }
}
