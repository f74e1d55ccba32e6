//! Distribution rules (which team takes which requests, by which strategy and weights) and
//! the queue of requests waiting for an executor with free capacity.

use crate::util::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;

        // A rule covers requests of a channel and/or a category (NULL = any); the most specific
        // rule wins. `weights` is a JSON object user id → weight (members not listed weigh 1).
        // `last_user_id` is the round-robin cursor; updating it also serialises concurrent picks.
        let mut rules = table("distribution_rules")
            .col(string_len_null("channel", 16))
            .col(string_len("strategy", 16))
            .col(boolean("on_create").default(true))
            .col(text("weights"))
            .col(big_integer_null("last_user_id"))
            .col(big_integer_null("category_id"))
            .col(timestamp_with_time_zone("updated_at"))
            .take();
        reference(
            &mut rules,
            "distribution_rules",
            "company_id",
            "companies",
            Cascade,
        );
        reference(
            &mut rules,
            "distribution_rules",
            "team_id",
            "teams",
            Cascade,
        );
        // A rule of a deleted category goes with it (it must not widen to every category).
        fk(
            &mut rules,
            "distribution_rules",
            "category_id",
            "categories",
            Cascade,
        );
        create_all(
            manager,
            vec![rules],
            vec![index("distribution_rules", &["company_id"], false)],
        )
        .await?;
        // When automatic assignment found nobody with capacity: the request waits from then.
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .add_column(timestamp_with_time_zone_null("queued_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("requests", &["company_id", "queued_at"], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_requests_company_id_queued_at")
                    .table("requests")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("requests")
                    .drop_column("queued_at")
                    .take(),
            )
            .await?;
        drop_all(manager, &["distribution_rules"]).await
    }
}
