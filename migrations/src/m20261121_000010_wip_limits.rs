//! Work-in-progress limits of the board: per status column, and per swimlane cell.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in ["wip_limit", "lane_wip_limit"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("statuses")
                        .add_column(integer_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["lane_wip_limit", "wip_limit"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("statuses")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
