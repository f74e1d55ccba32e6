//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database on the server
//! named by `TEST_DATABASE_URL` (an admin URL such as `postgres://postgres@127.0.0.1:5432/postgres`).
//! Both are removed when the value is dropped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::path::PathBuf;

pub struct TestDb {
    pub url: String,
    pub dir: PathBuf,
    pg: Option<(String, String)>,
}

/// `postgres` when `TEST_DATABASE_URL` is set, else `sqlite`.
pub fn backend() -> &'static str {
    if admin_url().is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

fn admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

impl TestDb {
    /// Creates the database (not yet migrated) and a scratch folder for files.
    pub async fn create() -> anyhow::Result<Self> {
        let dir =
            std::env::temp_dir().join(format!("uprava-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir)?;
        match admin_url() {
            Some(admin_url) => {
                let name = format!("uprava_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await?;
                admin.close().await?;
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                Ok(Self {
                    url: format!("{base}/{name}"),
                    dir,
                    pg: Some((admin_url.clone(), name)),
                })
            }
            None => Ok(Self {
                url: format!("sqlite://{}/test.db?mode=rwc", dir.display()),
                dir,
                pg: None,
            }),
        }
    }

    /// Connects to the database.
    pub async fn connect(&self) -> anyhow::Result<DatabaseConnection> {
        Ok(crate::server::db::connect(&self.url).await?)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin_url, name)) = self.pg.take() {
            // Drop cannot await: a short-lived runtime on its own thread does the cleanup.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(&admin_url).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// The lines of the database's plan for `sql`. On PostgreSQL a sort is made to cost more than
/// any plan without one, so a sort shows only where no index gives the order.
pub async fn plan(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    use sea_orm::{DatabaseBackend, Statement, TransactionTrait};
    let backend = db.get_database_backend();
    Ok(match backend {
        DatabaseBackend::Sqlite => db
            .query_all_raw(Statement::from_string(
                backend,
                format!("EXPLAIN QUERY PLAN {sql}"),
            ))
            .await?
            .iter()
            .map(|r| r.try_get::<String>("", "detail"))
            .collect::<Result<_, _>>()?,
        _ => {
            let txn = db.begin().await?;
            txn.execute_unprepared("SET LOCAL enable_sort = off")
                .await?;
            let lines = txn
                .query_all_raw(Statement::from_string(backend, format!("EXPLAIN {sql}")))
                .await?
                .iter()
                .map(|r| r.try_get::<String>("", "QUERY PLAN"))
                .collect::<Result<_, _>>()?;
            txn.rollback().await?;
            lines
        }
    })
}
