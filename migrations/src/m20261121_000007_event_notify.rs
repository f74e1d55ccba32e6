//! Live updates across server processes: on PostgreSQL every insert into the event log
//! notifies channel `uprava_events` (delivered at commit; one notification per statement), so
//! each process's stream tailer wakes at once. SQLite has one process and polls.

use crate::util::on_postgres;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(
            manager,
            &[
                "CREATE OR REPLACE FUNCTION uprava_notify_events() RETURNS trigger AS $$
                 BEGIN PERFORM pg_notify('uprava_events', ''); RETURN NULL; END
                 $$ LANGUAGE plpgsql",
                "CREATE TRIGGER request_events_notify AFTER INSERT ON request_events
                 FOR EACH STATEMENT EXECUTE FUNCTION uprava_notify_events()",
                "CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
                 FOR EACH STATEMENT EXECUTE FUNCTION uprava_notify_events()",
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        on_postgres(
            manager,
            &[
                "DROP TRIGGER IF EXISTS notifications_notify ON notifications",
                "DROP TRIGGER IF EXISTS request_events_notify ON request_events",
                "DROP FUNCTION IF EXISTS uprava_notify_events()",
            ],
        )
        .await
    }
}
