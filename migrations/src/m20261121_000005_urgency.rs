//! Order items on requests (what urgency rules by SKU / offer / product look at) and where a
//! request's urgency came from (a rule or a person).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .add_column(text_null("items"))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .add_column(string_len_null("urgency_source", 16))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .drop_column("urgency_source")
                    .take(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("requests").drop_column("items").take())
            .await
    }
}
