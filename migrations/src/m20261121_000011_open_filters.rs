//! The list's filters at a million requests. Filters are most often asked with "open only"
//! (dispatchers work open requests; the board is open requests) and sorted by priority or
//! creation: each filter's index is `(company_id, <filter>, closed_at, priority, created_at)`,
//! so counting "open in one building" and finding a page of it in either order read the index
//! alone (the list then fetches that page's rows by id). A status implies open or closed, so its
//! index carries the creation date (the date-range filter) and the update time (the third
//! sort). `(company_id, closed_at, assignee_id)` answers executors' open load (the assignee
//! picker, distribution) from the open requests' entries alone. Each new index replaces
//! `(company_id, <filter>)`, its prefix. The planners' statistics are gathered again at the end.

use crate::util::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const FILTERS: [&str; 7] = [
    "status_id",
    "stage_id",
    "category_id",
    "priority",
    "assignee_id",
    "building_id",
    "channel",
];

/// The columns of the index that replaces `(company_id, col)`.
pub(crate) fn columns(col: &'static str) -> Vec<&'static str> {
    match col {
        "status_id" => vec!["company_id", col, "created_at", "updated_at"],
        "priority" => vec!["company_id", col, "closed_at", "created_at"],
        _ => vec!["company_id", col, "closed_at", "priority", "created_at"],
    }
}

/// `(company_id, col, …)` for the list, named `ix_requests_list_<col>` (PostgreSQL cuts names
/// at 63 bytes).
fn list_index(col: &'static str) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(format!("ix_requests_list_{col}"))
        .table("requests")
        .if_not_exists();
    for c in columns(col) {
        i.col(c);
    }
    i.take()
}

fn drop(name: String) -> IndexDropStatement {
    Index::drop().name(name).table("requests").to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in FILTERS {
            manager.create_index(list_index(col)).await?;
            manager
                .drop_index(drop(format!("ix_requests_company_id_{col}")))
                .await?;
        }
        manager
            .create_index(index(
                "requests",
                &["company_id", "closed_at", "assignee_id"],
                false,
            ))
            .await?;
        // Without statistics for the new indexes SQLite's planner takes a covering index it
        // must sort over one it can read in order (a million-row sort for the newest page).
        manager
            .get_connection()
            .execute_unprepared("ANALYZE requests")
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(drop(
                "ix_requests_company_id_closed_at_assignee_id".to_owned(),
            ))
            .await?;
        for col in FILTERS {
            manager
                .create_index(index("requests", &["company_id", col], false))
                .await?;
            manager
                .drop_index(drop(format!("ix_requests_list_{col}")))
                .await?;
        }
        Ok(())
    }
}
