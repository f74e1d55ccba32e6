//! A stamp on each company that changes whenever its settings change, so a server process can
//! keep the company's reference data (statuses, stages, categories, buildings, executors,
//! calendars, SLA policies) in memory and check with one read of the company row that its copy
//! is current. Triggers set it, so no write path (settings pages, CLI, imports, another
//! process) can forget to. The stamp is random rather than a counter: a transaction that
//! changed settings and rolled back never leaves a stamp that a later commit reuses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose rows belong to one company (`company_id`) and feed its reference data.
const TABLES: [&str; 11] = [
    "pipelines",
    "stages",
    "statuses",
    "status_transitions",
    "categories",
    "buildings",
    "teams",
    "staff_profiles",
    "memberships",
    "calendars",
    "sla_policies",
];

/// Users belong to companies through memberships; only their name and active flag are
/// reference data (a login or a password change does not touch the stamp).
const USER_COLUMNS: &str = "name, active";

fn sqlite_up() -> Vec<String> {
    let bump = |company: &str| {
        format!("UPDATE companies SET settings_stamp = abs(random()) WHERE id = {company};")
    };
    let mut sql = vec![];
    for t in TABLES {
        for (op, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
            let body = if op == "UPDATE" {
                // A row moved to another company changes both.
                format!("{} {}", bump("NEW.company_id"), bump("OLD.company_id"))
            } else {
                bump(&format!("{row}.company_id"))
            };
            sql.push(format!(
                "CREATE TRIGGER IF NOT EXISTS {t}_settings_stamp_{op} AFTER {op} ON {t} \
                 BEGIN {body} END",
                op = op.to_lowercase()
            ));
        }
    }
    sql.push(format!(
        "CREATE TRIGGER IF NOT EXISTS users_settings_stamp AFTER UPDATE OF {USER_COLUMNS} ON users \
         BEGIN UPDATE companies SET settings_stamp = abs(random()) WHERE id IN \
         (SELECT company_id FROM memberships WHERE user_id = NEW.id); END"
    ));
    sql
}

fn postgres_up() -> Vec<String> {
    let mut sql = vec![
        "CREATE OR REPLACE FUNCTION uprava_settings_stamp() RETURNS trigger AS $$
         BEGIN
           IF TG_OP <> 'INSERT' THEN
             UPDATE companies SET settings_stamp = floor(random() * 9007199254740991)::bigint
             WHERE id = OLD.company_id;
           END IF;
           IF TG_OP <> 'DELETE' THEN
             UPDATE companies SET settings_stamp = floor(random() * 9007199254740991)::bigint
             WHERE id = NEW.company_id;
           END IF;
           RETURN NULL;
         END $$ LANGUAGE plpgsql"
            .to_owned(),
        "CREATE OR REPLACE FUNCTION uprava_user_settings_stamp() RETURNS trigger AS $$
         BEGIN
           UPDATE companies SET settings_stamp = floor(random() * 9007199254740991)::bigint
           WHERE id IN (SELECT company_id FROM memberships WHERE user_id = NEW.id);
           RETURN NULL;
         END $$ LANGUAGE plpgsql"
            .to_owned(),
    ];
    for t in TABLES {
        sql.push(format!(
            "CREATE TRIGGER {t}_settings_stamp AFTER INSERT OR UPDATE OR DELETE ON {t} \
             FOR EACH ROW EXECUTE FUNCTION uprava_settings_stamp()"
        ));
    }
    sql.push(format!(
        "CREATE TRIGGER users_settings_stamp AFTER UPDATE OF {USER_COLUMNS} ON users \
         FOR EACH ROW EXECUTE FUNCTION uprava_user_settings_stamp()"
    ));
    sql
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("companies")
                    .add_column(big_integer("settings_stamp").default(0))
                    .take(),
            )
            .await?;
        let sql = match manager.get_database_backend() {
            DatabaseBackend::Postgres => postgres_up(),
            _ => sqlite_up(),
        };
        let db = manager.get_connection();
        for statement in sql {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DatabaseBackend::Postgres;
        for t in TABLES {
            if postgres {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {t}_settings_stamp ON {t}"))
                    .await?;
            } else {
                for op in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {t}_settings_stamp_{op}"
                    ))
                    .await?;
                }
            }
        }
        if postgres {
            db.execute_unprepared("DROP TRIGGER IF EXISTS users_settings_stamp ON users")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS uprava_settings_stamp()")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS uprava_user_settings_stamp()")
                .await?;
        } else {
            db.execute_unprepared("DROP TRIGGER IF EXISTS users_settings_stamp")
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("companies")
                    .drop_column("settings_stamp")
                    .take(),
            )
            .await
    }
}
