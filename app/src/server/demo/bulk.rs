//! PostgreSQL checks each foreign key of an inserted row with a trigger: for a million demo
//! requests with their events and comments, about 26 million look-ups, half of the load's
//! time. Dropped inside the loader's transaction and added back before its commit, each key
//! is checked once by one join over its table (7 s for a million requests), and a failed load
//! rolls both back. The keys are read from the catalog, so they come back exactly as the
//! migrations made them.
//!
//! Only on a database without companies: dropping a key locks its table against readers until
//! the commit, and a server using the same database for other companies must not wait on that.

use anyhow::Context;
use sea_orm::{ConnectionTrait, Statement};

/// The tables the demo fills in bulk.
const TABLES: &str = "ARRAY['requests', 'comments', 'request_events']::regclass[]";

/// Foreign keys dropped for a bulk load: (table, quoted name, definition).
pub struct ForeignKeys(Vec<(String, String, String)>);

impl ForeignKeys {
    /// Drops the foreign keys of the bulk tables and remembers them.
    pub async fn drop(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT conrelid::regclass::text, quote_ident(conname), \
                     pg_get_constraintdef(oid) FROM pg_constraint \
                     WHERE contype = 'f' AND conrelid = ANY({TABLES}) ORDER BY 1, 2"
                ),
            ))
            .await
            .context("reading the foreign keys of the demo tables")?;
        let keys = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get_by_index(0)?,
                    r.try_get_by_index(1)?,
                    r.try_get_by_index(2)?,
                ))
            })
            .collect::<Result<Vec<(String, String, String)>, sea_orm::DbErr>>()
            .context("reading the foreign keys of the demo tables")?;
        for (table, name, _) in &keys {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
                .await
                .with_context(|| format!("dropping {name} for the bulk load"))?;
        }
        Ok(Self(keys))
    }

    /// Adds the keys back; each checks every row written meanwhile.
    pub async fn restore(self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        for (table, name, definition) in self.0 {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
            ))
            .await
            .with_context(|| format!("checking and restoring {name} after the bulk load"))?;
        }
        Ok(())
    }
}
