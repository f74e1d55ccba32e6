//! The clock's part of each request's event log kept on the request row (`requests.clock_log`),
//! written by triggers on `request_events` in the same statement as the event, so no write
//! path can forget it. Every reader of the clock (list, board, export, dashboard, recompute,
//! alerts) used to fold the events again per request — a grouped scan or a correlated subquery
//! per row; now it is one more column of the request.
//!
//! The text is what the readers parse: `id|code|at` per event joined by `,`, where code is the
//! status id, `-1` an assignment to someone and `0` an unassignment, and `at` the source time as
//! stored (RFC 3339 text on SQLite, epoch seconds on PostgreSQL). NULL: no clock events. Events
//! are appended as they arrive (a late event too: readers order by time); an event updated or
//! deleted by hand rebuilds its request's text from the log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CLOCK_KINDS: &str = "('created', 'status_changed', 'assigned')";

/// One event's item, from the row `e` (`NEW`, `OLD` or a table alias).
fn item(backend: DatabaseBackend, e: &str) -> String {
    let at = match backend {
        DatabaseBackend::Postgres => format!("extract(epoch from {e}.at)"),
        _ => format!("{e}.at"),
    };
    format!(
        "{e}.id || '|' || COALESCE({e}.status_id, \
         CASE WHEN {e}.assignee_id IS NULL THEN 0 ELSE -1 END) || '|' || {at}"
    )
}

/// The whole text of request `request` (an SQL expression), folded from the log.
fn folded(backend: DatabaseBackend, request: &str) -> String {
    let agg = match backend {
        DatabaseBackend::Postgres => {
            format!("string_agg({}, ',' ORDER BY e.id)", item(backend, "e"))
        }
        _ => format!("group_concat({}, ',')", item(backend, "e")),
    };
    format!(
        "(SELECT {agg} FROM request_events e \
         WHERE e.request_id = {request} AND e.kind IN {CLOCK_KINDS})"
    )
}

/// `UPDATE requests SET clock_log = <folded from the log> WHERE <condition>`: the text the
/// triggers would have kept, for a repair by hand or a check that a bulk load wrote it right.
pub fn refold(backend: DatabaseBackend, condition: &str) -> String {
    format!(
        "UPDATE requests SET clock_log = {} WHERE {condition}",
        folded(backend, "requests.id")
    )
}

/// The PostgreSQL trigger on `request_events` that keeps `requests.clock_log`.
const PG_TRIGGER: &str = "request_events_clock";

/// The SQLite trigger that appends an inserted event's item.
const SQLITE_INSERT_TRIGGER: &str = "request_events_clock_insert";

/// Statements that stop the triggers from appending inserted events to `requests.clock_log`,
/// for a bulk loader (the demo generator) that writes each request's text with the request
/// itself: one row version per request instead of one per clock event. Run them and
/// [`resume_on_insert`] inside the loader's transaction, so a failed load restores the
/// triggers too (SQLite's DDL is transactional; PostgreSQL disables the trigger for the
/// table, locked until the commit).
pub fn pause_on_insert(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => {
            vec![format!(
                "ALTER TABLE request_events DISABLE TRIGGER {PG_TRIGGER}"
            )]
        }
        _ => vec![format!("DROP TRIGGER IF EXISTS {SQLITE_INSERT_TRIGGER}")],
    }
}

/// The statements that undo [`pause_on_insert`].
pub fn resume_on_insert(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => {
            vec![format!(
                "ALTER TABLE request_events ENABLE TRIGGER {PG_TRIGGER}"
            )]
        }
        _ => vec![sqlite_insert_trigger()],
    }
}

fn sqlite_insert_trigger() -> String {
    format!(
        "CREATE TRIGGER IF NOT EXISTS {SQLITE_INSERT_TRIGGER} AFTER INSERT ON request_events
         WHEN NEW.kind IN {CLOCK_KINDS}
         BEGIN
           UPDATE requests SET clock_log = CASE WHEN clock_log IS NULL THEN {new}
             ELSE clock_log || ',' || {new} END
           WHERE id = NEW.request_id;
         END",
        new = item(DatabaseBackend::Sqlite, "NEW")
    )
}

fn sqlite() -> Vec<String> {
    let b = DatabaseBackend::Sqlite;
    vec![
        sqlite_insert_trigger(),
        format!(
            "CREATE TRIGGER IF NOT EXISTS request_events_clock_update AFTER UPDATE ON request_events
             BEGIN
               UPDATE requests SET clock_log = {old} WHERE id = OLD.request_id;
               UPDATE requests SET clock_log = {new} WHERE id = NEW.request_id;
             END",
            old = folded(b, "OLD.request_id"),
            new = folded(b, "NEW.request_id")
        ),
        format!(
            "CREATE TRIGGER IF NOT EXISTS request_events_clock_delete AFTER DELETE ON request_events
             WHEN OLD.kind IN {CLOCK_KINDS}
             BEGIN
               UPDATE requests SET clock_log = {old} WHERE id = OLD.request_id;
             END",
            old = folded(b, "OLD.request_id")
        ),
    ]
}

fn postgres() -> Vec<String> {
    let b = DatabaseBackend::Postgres;
    vec![
        format!(
            "CREATE OR REPLACE FUNCTION uprava_clock_log() RETURNS trigger AS $$
             BEGIN
               IF TG_OP = 'INSERT' THEN
                 IF NEW.kind IN {CLOCK_KINDS} THEN
                   UPDATE requests SET clock_log = CASE WHEN clock_log IS NULL THEN {new}
                     ELSE clock_log || ',' || {new} END
                   WHERE id = NEW.request_id;
                 END IF;
                 RETURN NULL;
               END IF;
               UPDATE requests SET clock_log = {old} WHERE id = OLD.request_id;
               IF TG_OP = 'UPDATE' THEN
                 UPDATE requests SET clock_log = {new_folded} WHERE id = NEW.request_id;
               END IF;
               RETURN NULL;
             END $$ LANGUAGE plpgsql",
            new = item(b, "NEW"),
            old = folded(b, "OLD.request_id"),
            new_folded = folded(b, "NEW.request_id")
        ),
        format!(
            "CREATE TRIGGER {PG_TRIGGER}
             AFTER INSERT OR UPDATE OR DELETE ON request_events
             FOR EACH ROW EXECUTE FUNCTION uprava_clock_log()"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .add_column(ColumnDef::new("clock_log").text().null())
                    .take(),
            )
            .await?;
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        // Folded once from the log there is; the triggers keep it from here on.
        db.execute_unprepared(&format!(
            "UPDATE requests SET clock_log = {}",
            folded(backend, "requests.id")
        ))
        .await?;
        let triggers = match backend {
            DatabaseBackend::Postgres => postgres(),
            _ => sqlite(),
        };
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER IF EXISTS request_events_clock ON request_events")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS uprava_clock_log()")
                .await?;
        } else {
            for op in ["insert", "update", "delete"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS request_events_clock_{op}"))
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .drop_column("clock_log")
                    .take(),
            )
            .await
    }
}
