//! SLA settings (calendars, policies, urgency rules as JSON definitions), alerts and in-app
//! notifications. Figures are never stored: they are recomputed from the event log.

use crate::util::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "calendars",
    "sla_policies",
    "urgency_rules",
    "sla_alerts",
    "notifications",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;

        // `stage_id` NULL is the company's default calendar.
        let mut calendars = table("calendars")
            .col(text("definition"))
            .col(timestamp_with_time_zone("updated_at"))
            .take();
        reference(
            &mut calendars,
            "calendars",
            "company_id",
            "companies",
            Cascade,
        );
        reference_null(&mut calendars, "calendars", "stage_id", "stages");
        reference_null(&mut calendars, "calendars", "updated_by", "users");

        let mut policies = table("sla_policies")
            .col(text("definition"))
            .col(timestamp_with_time_zone("updated_at"))
            .take();
        reference(
            &mut policies,
            "sla_policies",
            "company_id",
            "companies",
            Cascade,
        );
        reference(
            &mut policies,
            "sla_policies",
            "pipeline_id",
            "pipelines",
            Cascade,
        );
        reference_null(&mut policies, "sla_policies", "updated_by", "users");

        let mut urgency = table("urgency_rules")
            .col(text("definition"))
            .col(timestamp_with_time_zone("updated_at"))
            .take();
        reference(
            &mut urgency,
            "urgency_rules",
            "company_id",
            "companies",
            Cascade,
        );
        reference(
            &mut urgency,
            "urgency_rules",
            "pipeline_id",
            "pipelines",
            Cascade,
        );

        // One row per request, target and state: an alert fires once. `due_at` is when it
        // should fire; `fired_at` when it did; leased with FOR UPDATE SKIP LOCKED.
        let mut alerts = table("sla_alerts")
            .col(string_len("target_kind", 16))
            .col(string("target_name"))
            .col(string_len("state", 8))
            .col(timestamp_with_time_zone("due_at"))
            .col(timestamp_with_time_zone_null("fired_at"))
            .take();
        reference(
            &mut alerts,
            "sla_alerts",
            "company_id",
            "companies",
            Cascade,
        );
        reference(&mut alerts, "sla_alerts", "request_id", "requests", Cascade);

        let mut notifications = table("notifications")
            .col(string_len("kind", 32))
            .col(text("payload"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("deliver_at"))
            .col(timestamp_with_time_zone_null("read_at"))
            .take();
        reference(
            &mut notifications,
            "notifications",
            "company_id",
            "companies",
            Cascade,
        );
        reference(
            &mut notifications,
            "notifications",
            "user_id",
            "users",
            Cascade,
        );
        reference_null(
            &mut notifications,
            "notifications",
            "request_id",
            "requests",
        );

        create_all(
            manager,
            vec![calendars, policies, urgency, alerts, notifications],
            vec![
                index("calendars", &["company_id", "stage_id"], false),
                index("sla_policies", &["pipeline_id"], true),
                index("urgency_rules", &["pipeline_id"], true),
                index(
                    "sla_alerts",
                    &["request_id", "target_kind", "target_name", "state"],
                    true,
                ),
                index("sla_alerts", &["fired_at", "due_at"], false),
                index("notifications", &["user_id", "read_at"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
