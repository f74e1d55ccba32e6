//! Small builders shared by the migrations, so each table reads as a list of columns.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// `CREATE TABLE` with a big-integer auto-increment `id`.
pub fn table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .if_not_exists()
        .col(big_pk_auto("id"))
        .take()
}

/// A non-null reference to another table's `id`, with the foreign key.
pub fn reference(
    t: &mut TableCreateStatement,
    from: &'static str,
    column: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) {
    t.col(big_integer(column));
    fk(t, from, column, to, on_delete);
}

/// A nullable reference to another table's `id`, with the foreign key.
pub fn reference_null(
    t: &mut TableCreateStatement,
    from: &'static str,
    column: &'static str,
    to: &'static str,
) {
    t.col(big_integer_null(column));
    fk(t, from, column, to, ForeignKeyAction::SetNull);
}

/// The foreign key of `from.column` to `to.id`.
pub fn fk(
    t: &mut TableCreateStatement,
    from: &'static str,
    column: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) {
    t.foreign_key(
        ForeignKey::create()
            .name(format!("fk_{from}_{column}"))
            .from(from, column)
            .to(to, "id")
            .on_delete(on_delete),
    );
}

/// `CREATE [UNIQUE] INDEX ix_<table>_<cols>`.
pub fn index(table: &'static str, cols: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!(
        "{}_{}_{}",
        if unique { "ux" } else { "ix" },
        table,
        cols.join("_")
    ))
    .table(table)
    .if_not_exists();
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.take()
}

pub async fn create_all(
    manager: &SchemaManager<'_>,
    tables: Vec<TableCreateStatement>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for t in tables {
        manager.create_table(t).await?;
    }
    for i in indexes {
        manager.create_index(i).await?;
    }
    Ok(())
}

pub async fn drop_all(manager: &SchemaManager<'_>, tables: &[&'static str]) -> Result<(), DbErr> {
    for t in tables.iter().rev() {
        manager
            .drop_table(Table::drop().table(*t).if_exists().take())
            .await?;
    }
    Ok(())
}

/// Runs `statements` in order on PostgreSQL; on SQLite does nothing (for what only PostgreSQL
/// needs or has: triggers in PL/pgSQL, `INCLUDE` columns of an index).
pub async fn on_postgres(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    use sea_orm_migration::sea_orm::DatabaseBackend;
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}
