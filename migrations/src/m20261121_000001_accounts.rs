//! Companies, users, memberships, sessions, login attempts, API tokens and the audit log.

use crate::util::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "companies",
    "users",
    "memberships",
    "sessions",
    "login_attempts",
    "api_tokens",
    "audit_log",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;

        let companies = table("companies")
            .col(string("name"))
            .col(string_uniq("slug"))
            .col(string("timezone"))
            .col(string_len("locale", 8))
            .col(big_integer("request_seq").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .take();

        let users = table("users")
            .col(string_uniq("email"))
            .col(string("name"))
            .col(string("password_hash"))
            .col(boolean("active").default(true))
            .col(boolean("must_change_password").default(false))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .take();

        let mut memberships = table("memberships")
            .col(string_len("role", 16))
            .col(boolean("active").default(true))
            .col(timestamp_with_time_zone("created_at"))
            .take();
        reference(&mut memberships, "memberships", "user_id", "users", Cascade);
        reference(
            &mut memberships,
            "memberships",
            "company_id",
            "companies",
            Cascade,
        );

        // The primary key is the SHA-256 of the cookie value: a leaked table cannot be replayed.
        let mut sessions = Table::create()
            .table("sessions")
            .if_not_exists()
            .col(string_len("id", 64).primary_key())
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("last_seen_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .col(string_len_null("ip", 64))
            .col(string_null("user_agent"))
            .take();
        reference(&mut sessions, "sessions", "user_id", "users", Cascade);
        reference(
            &mut sessions,
            "sessions",
            "company_id",
            "companies",
            Cascade,
        );

        let login_attempts = table("login_attempts")
            .col(string("email"))
            .col(string_len("ip", 64))
            .col(boolean("success"))
            .col(timestamp_with_time_zone("at"))
            .take();

        let mut api_tokens = table("api_tokens")
            .col(string("name"))
            .col(string_len_uniq("token_hash", 64))
            .col(string_len("prefix", 16))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("last_used_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .take();
        reference(
            &mut api_tokens,
            "api_tokens",
            "company_id",
            "companies",
            Cascade,
        );
        reference_null(&mut api_tokens, "api_tokens", "created_by", "users");

        let mut audit = table("audit_log")
            .col(string_len("action", 64))
            .col(string_len("entity", 64))
            .col(string_len_null("entity_id", 64))
            .col(text_null("details"))
            .col(timestamp_with_time_zone("at"))
            .take();
        reference_null(&mut audit, "audit_log", "company_id", "companies");
        reference_null(&mut audit, "audit_log", "user_id", "users");

        create_all(
            manager,
            vec![
                companies,
                users,
                memberships,
                sessions,
                login_attempts,
                api_tokens,
                audit,
            ],
            vec![
                index("memberships", &["user_id", "company_id"], true),
                index("memberships", &["company_id", "role"], false),
                index("sessions", &["user_id"], false),
                index("sessions", &["expires_at"], false),
                index("login_attempts", &["email", "at"], false),
                index("login_attempts", &["ip", "at"], false),
                index("api_tokens", &["company_id"], false),
                index("audit_log", &["company_id", "at"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
