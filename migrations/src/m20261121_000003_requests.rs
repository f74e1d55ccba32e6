//! Requests, their append-only event log, comments and attachments.

use crate::util::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &["requests", "comments", "attachments", "request_events"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        let mut requests = table("requests")
            .col(big_integer("number"))
            .col(string("title"))
            .col(text("description"))
            // Lower-cased number, title and description: the same case-insensitive search for
            // Cyrillic on SQLite (whose LIKE folds ASCII only) and PostgreSQL.
            .col(text("search_text"))
            .col(small_integer("priority").default(2))
            .col(boolean("urgent").default(false))
            .col(timestamp_with_time_zone("status_at"))
            .col(string_len("channel", 16))
            .col(string_null("external_id"))
            .col(big_integer("version").default(1))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("closed_at"))
            .take();
        let r = &mut requests;
        reference(r, "requests", "company_id", "companies", Cascade);
        reference(r, "requests", "pipeline_id", "pipelines", Restrict);
        reference(r, "requests", "stage_id", "stages", Restrict);
        reference(r, "requests", "status_id", "statuses", Restrict);
        reference_null(r, "requests", "category_id", "categories");
        reference_null(r, "requests", "assignee_id", "users");
        reference_null(r, "requests", "building_id", "buildings");
        reference_null(r, "requests", "apartment_id", "apartments");
        reference_null(r, "requests", "contact_id", "contacts");
        reference_null(r, "requests", "created_by", "users");

        let mut comments = table("comments")
            .col(text("body"))
            .col(timestamp_with_time_zone("created_at"))
            .take();
        reference(
            &mut comments,
            "comments",
            "company_id",
            "companies",
            Cascade,
        );
        reference(&mut comments, "comments", "request_id", "requests", Cascade);
        reference_null(&mut comments, "comments", "author_id", "users");

        let mut attachments = table("attachments")
            .col(string("file_name"))
            .col(string_len("content_type", 128))
            .col(big_integer("size"))
            .col(string("storage_key"))
            .col(string_len("sha256", 64))
            .col(timestamp_with_time_zone("created_at"))
            .take();
        let a = &mut attachments;
        reference(a, "attachments", "company_id", "companies", Cascade);
        reference(a, "attachments", "request_id", "requests", Cascade);
        reference_null(a, "attachments", "uploader_id", "users");

        // Append-only. `at` is when the change happened at its source (may be in the past);
        // `recorded_at` is when this server learned of it.
        let mut events = table("request_events")
            .col(string_len("kind", 32))
            .col(timestamp_with_time_zone("at"))
            .col(timestamp_with_time_zone("recorded_at"))
            .col(big_integer_null("status_id"))
            .col(big_integer_null("from_status_id"))
            .col(big_integer_null("assignee_id"))
            .col(big_integer_null("from_assignee_id"))
            .col(small_integer_null("priority"))
            .col(boolean_null("urgent"))
            .col(big_integer_null("comment_id"))
            .col(text_null("data"))
            .take();
        let e = &mut events;
        reference(e, "request_events", "company_id", "companies", Cascade);
        reference(e, "request_events", "request_id", "requests", Cascade);
        reference_null(e, "request_events", "actor_id", "users");

        create_all(
            manager,
            vec![requests, comments, attachments, events],
            vec![
                index("requests", &["company_id", "number"], true),
                index("requests", &["company_id", "status_id"], false),
                index("requests", &["company_id", "stage_id"], false),
                index("requests", &["company_id", "category_id"], false),
                index("requests", &["company_id", "priority"], false),
                index("requests", &["company_id", "assignee_id"], false),
                index("requests", &["company_id", "building_id"], false),
                index("requests", &["company_id", "channel"], false),
                index("requests", &["company_id", "created_at"], false),
                index("requests", &["company_id", "updated_at"], false),
                index("requests", &["company_id", "contact_id"], false),
                index("requests", &["company_id", "external_id"], false),
                index("comments", &["request_id"], false),
                index("attachments", &["request_id"], false),
                index("request_events", &["request_id", "at"], false),
                index("request_events", &["company_id", "id"], false),
            ],
        )
        .await?;

        // A repeated webhook for the same status change is a no-op; a real re-entry into a
        // status (a different time) is kept. Partial unique index: same SQL on both backends.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_request_events_status_dedup \
                 ON request_events (company_id, request_id, status_id, at) \
                 WHERE kind IN ('created', 'status_changed')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
