//! The list's filter indexes carry the request id on PostgreSQL. A page of ids (and the count
//! before it) then reads the index alone, in order: without the id each of the thousands of
//! matching entries cost a visit to the table row, and a sort (40 ms for the open requests of
//! one building at a million requests). SQLite keeps the row id in every index entry already.

use crate::m20261121_000011_open_filters::{FILTERS, columns};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `CREATE INDEX` of migration 11's index for `filter`, with `id` appended if `with_id`.
fn create(name: &str, filter: &'static str, with_id: bool) -> String {
    let mut cols = columns(filter);
    if with_id {
        cols.push("id");
    }
    format!(
        "CREATE INDEX IF NOT EXISTS {name} ON requests ({})",
        cols.join(", ")
    )
}

async fn swap(manager: &SchemaManager<'_>, with_id: bool) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    let (old, new) = if with_id {
        ("ix_requests_list", "ix_requests_ids")
    } else {
        ("ix_requests_ids", "ix_requests_list")
    };
    for filter in FILTERS {
        db.execute_unprepared(&create(&format!("{new}_{filter}"), filter, with_id))
            .await?;
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {old}_{filter}"))
            .await?;
    }
    db.execute_unprepared("ANALYZE requests").await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager, false).await
    }
}
