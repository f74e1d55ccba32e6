//! PostgreSQL vacuums `requests` after 1 % of its rows changed instead of 20 %. The list's
//! counts and pages read the filter indexes alone only while the table pages they point at are
//! marked all-visible; an update clears the mark until the next vacuum. Open requests are the
//! ones that change (status, assignee, escalation) and the ones the list shows most, so at a
//! million requests the default waited for 200,000 dead rows while every count of "open in one
//! building" visited the table for each entry: after the first start fired the demo's overdue
//! alerts (about 40,000 updates), a page of it took 96 ms at the median instead of 59 ms.
//! SQLite has no such mark: its indexes are read alone always.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn set(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(sql)
        .await
        .map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(
            manager,
            "ALTER TABLE requests SET (autovacuum_vacuum_scale_factor = 0.01, \
             autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(
            manager,
            "ALTER TABLE requests RESET (autovacuum_vacuum_scale_factor, \
             autovacuum_vacuum_insert_scale_factor, autovacuum_analyze_scale_factor)",
        )
        .await
    }
}
