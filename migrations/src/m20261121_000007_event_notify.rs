//! Live updates across server processes: on PostgreSQL every insert into the event log
//! notifies channel `uprava_events` (delivered at commit; one notification per statement), so
//! each process's stream tailer wakes at once. SQLite has one process and polls.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE OR REPLACE FUNCTION uprava_notify_events() RETURNS trigger AS $$
             BEGIN PERFORM pg_notify('uprava_events', ''); RETURN NULL; END
             $$ LANGUAGE plpgsql",
        )
        .await?;
        db.execute_unprepared(
            "CREATE TRIGGER request_events_notify AFTER INSERT ON request_events
             FOR EACH STATEMENT EXECUTE FUNCTION uprava_notify_events()",
        )
        .await?;
        db.execute_unprepared(
            "CREATE TRIGGER notifications_notify AFTER INSERT ON notifications
             FOR EACH STATEMENT EXECUTE FUNCTION uprava_notify_events()",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP TRIGGER IF EXISTS notifications_notify ON notifications")
            .await?;
        db.execute_unprepared("DROP TRIGGER IF EXISTS request_events_notify ON request_events")
            .await?;
        db.execute_unprepared("DROP FUNCTION IF EXISTS uprava_notify_events()")
            .await?;
        Ok(())
    }
}
