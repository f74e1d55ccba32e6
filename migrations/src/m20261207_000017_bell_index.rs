//! The bell reads a user's latest due messages, and counts the unread ones, from indexes in
//! order. Migration 4 indexed `(user_id, read_at)` only: a manager of the million-request demo
//! holds about 17,000 alerts, and every page he opened read all of them and sorted them to show
//! twenty (14 ms of SQLite's time a page). Now `(user_id, company_id, deliver_at, id)` gives the
//! latest twenty directly, and the unread index carries the company and the delivery time, so
//! counting unread messages never visits a row.

use crate::util::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn latest() -> IndexCreateStatement {
    index(
        "notifications",
        &["user_id", "company_id", "deliver_at", "id"],
        false,
    )
}

fn unread() -> IndexCreateStatement {
    index(
        "notifications",
        &["user_id", "read_at", "company_id", "deliver_at"],
        false,
    )
}

fn old() -> IndexCreateStatement {
    index("notifications", &["user_id", "read_at"], false)
}

fn drop(i: &IndexCreateStatement) -> IndexDropStatement {
    Index::drop()
        .name(i.get_index_spec().get_name().unwrap_or_default())
        .table("notifications")
        .if_exists()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(latest()).await?;
        manager.create_index(unread()).await?;
        manager.drop_index(drop(&old())).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(old()).await?;
        manager.drop_index(drop(&unread())).await?;
        manager.drop_index(drop(&latest())).await
    }
}
