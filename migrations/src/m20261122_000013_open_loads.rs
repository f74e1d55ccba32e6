//! Executors' open load (open requests assigned to each), kept as a count per company and
//! user that triggers on `requests` change in the same statement as the request, so no write
//! path can forget it. The assignee picker shows it on every list page, board and request
//! page, and auto-assignment reads it for every pick: counting it from the requests read
//! every open request's index entry each time (20,000 at a million requests).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: [&str; 3] = [
    "CREATE TRIGGER IF NOT EXISTS requests_open_load_insert AFTER INSERT ON requests
     WHEN NEW.closed_at IS NULL AND NEW.assignee_id IS NOT NULL
     BEGIN
       INSERT OR IGNORE INTO open_loads (company_id, user_id, open_requests)
         VALUES (NEW.company_id, NEW.assignee_id, 0);
       UPDATE open_loads SET open_requests = open_requests + 1
         WHERE company_id = NEW.company_id AND user_id = NEW.assignee_id;
     END",
    "CREATE TRIGGER IF NOT EXISTS requests_open_load_update
     AFTER UPDATE OF assignee_id, closed_at ON requests
     WHEN OLD.assignee_id IS NOT NEW.assignee_id
       OR (OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL)
     BEGIN
       UPDATE open_loads SET open_requests = open_requests - 1
         WHERE OLD.closed_at IS NULL AND company_id = OLD.company_id
           AND user_id = OLD.assignee_id;
       INSERT OR IGNORE INTO open_loads (company_id, user_id, open_requests)
         SELECT NEW.company_id, NEW.assignee_id, 0
         WHERE NEW.closed_at IS NULL AND NEW.assignee_id IS NOT NULL;
       UPDATE open_loads SET open_requests = open_requests + 1
         WHERE NEW.closed_at IS NULL AND company_id = NEW.company_id
           AND user_id = NEW.assignee_id;
     END",
    "CREATE TRIGGER IF NOT EXISTS requests_open_load_delete AFTER DELETE ON requests
     WHEN OLD.closed_at IS NULL AND OLD.assignee_id IS NOT NULL
     BEGIN
       UPDATE open_loads SET open_requests = open_requests - 1
         WHERE company_id = OLD.company_id AND user_id = OLD.assignee_id;
     END",
];

const POSTGRES: [&str; 2] = [
    "CREATE OR REPLACE FUNCTION uprava_open_load() RETURNS trigger AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         IF OLD.closed_at IS NULL AND OLD.assignee_id IS NOT NULL THEN
           UPDATE open_loads SET open_requests = open_requests - 1
             WHERE company_id = OLD.company_id AND user_id = OLD.assignee_id;
         END IF;
       END IF;
       IF TG_OP <> 'DELETE' THEN
         IF NEW.closed_at IS NULL AND NEW.assignee_id IS NOT NULL THEN
           INSERT INTO open_loads (company_id, user_id, open_requests)
             VALUES (NEW.company_id, NEW.assignee_id, 1)
             ON CONFLICT (company_id, user_id)
             DO UPDATE SET open_requests = open_loads.open_requests + 1;
         END IF;
       END IF;
       RETURN NULL;
     END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER requests_open_load
     AFTER INSERT OR DELETE OR UPDATE OF assignee_id, closed_at ON requests
     FOR EACH ROW EXECUTE FUNCTION uprava_open_load()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("open_loads")
                    .if_not_exists()
                    .col(big_integer("company_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("open_requests").default(0))
                    .primary_key(Index::create().col("company_id").col("user_id"))
                    .take(),
            )
            .await?;
        let db = manager.get_connection();
        // Counted once from the requests there are; the triggers keep it from here on.
        db.execute_unprepared(
            "INSERT INTO open_loads (company_id, user_id, open_requests)
             SELECT company_id, assignee_id, COUNT(*) FROM requests
             WHERE closed_at IS NULL AND assignee_id IS NOT NULL
             GROUP BY company_id, assignee_id",
        )
        .await?;
        let triggers: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &POSTGRES,
            _ => &SQLITE,
        };
        for sql in triggers {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER IF EXISTS requests_open_load ON requests")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS uprava_open_load()")
                .await?;
        } else {
            for op in ["insert", "update", "delete"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS requests_open_load_{op}"))
                    .await?;
            }
        }
        manager
            .drop_table(Table::drop().table("open_loads").take())
            .await
    }
}
