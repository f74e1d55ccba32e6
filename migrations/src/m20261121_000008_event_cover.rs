//! The SLA clock reads every clock event of many requests at once (dashboard, reports, a full
//! recompute, a board). A covering index — request, source time, id, then the columns the
//! clock reads — answers those reads from the index alone instead of one table lookup per
//! event; it replaces `(company_id, request_id, at)`, which is its prefix.

use crate::util::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "ix_request_events_company_id_request_id_at";
const COVER: &str = "ix_request_events_clock";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut cover = Index::create();
        cover.name(COVER).table("request_events").if_not_exists();
        for c in [
            "company_id",
            "request_id",
            "at",
            "id",
            "kind",
            "status_id",
            "assignee_id",
        ] {
            cover.col(c);
        }
        manager.create_index(cover).await?;
        manager
            .drop_index(Index::drop().name(OLD).table("request_events").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index(
                "request_events",
                &["company_id", "request_id", "at"],
                false,
            ))
            .await?;
        manager
            .drop_index(Index::drop().name(COVER).table("request_events").to_owned())
            .await
    }
}
