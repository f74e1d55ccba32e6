//! The event log is read per request inside one company (SLA figures, timelines): an index
//! that serves `company_id = ? AND request_id IN (…) ORDER BY at`. Without it SQLite's planner
//! scans the whole company's log through `(company_id, id)`.

use crate::util::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "request_events",
                &["company_id", "request_id", "at"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_request_events_company_id_request_id_at")
                    .table("request_events")
                    .to_owned(),
            )
            .await
    }
}
