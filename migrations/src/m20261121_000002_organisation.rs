//! Pipelines (stages, statuses, allowed transitions), categories, locations, contacts, teams
//! and staff profiles.

use crate::util::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: &[&str] = &[
    "pipelines",
    "stages",
    "statuses",
    "status_transitions",
    "teams",
    "categories",
    "complexes",
    "buildings",
    "apartments",
    "contacts",
    "staff_profiles",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let company = |t: &mut TableCreateStatement, name: &'static str| {
            reference(t, name, "company_id", "companies", Cascade)
        };

        let mut pipelines = table("pipelines")
            .col(string("name"))
            .col(integer("position").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .take();
        company(&mut pipelines, "pipelines");

        let mut stages = table("stages")
            .col(string("name"))
            .col(integer("position").default(0))
            .col(string_len("color", 16))
            .take();
        company(&mut stages, "stages");
        reference(&mut stages, "stages", "pipeline_id", "pipelines", Cascade);

        let mut statuses = table("statuses")
            .col(string("name"))
            .col(integer("position").default(0))
            .col(string_len("color", 16))
            .col(boolean("is_initial").default(false))
            .col(boolean("is_closing").default(false))
            .col(boolean("pauses_sla").default(false))
            .col(boolean("requires_assignee").default(false))
            .col(boolean("requires_comment").default(false))
            .col(string_null("external_id"))
            .take();
        company(&mut statuses, "statuses");
        reference(
            &mut statuses,
            "statuses",
            "pipeline_id",
            "pipelines",
            Cascade,
        );
        reference(&mut statuses, "statuses", "stage_id", "stages", Cascade);

        let mut transitions = table("status_transitions").take();
        company(&mut transitions, "status_transitions");
        reference(
            &mut transitions,
            "status_transitions",
            "from_status_id",
            "statuses",
            Cascade,
        );
        reference(
            &mut transitions,
            "status_transitions",
            "to_status_id",
            "statuses",
            Cascade,
        );

        let mut teams = table("teams").col(string("name")).take();
        company(&mut teams, "teams");
        reference_null(&mut teams, "teams", "lead_user_id", "users");

        let mut categories = table("categories")
            .col(string("name"))
            .col(integer("position").default(0))
            .take();
        company(&mut categories, "categories");
        reference_null(&mut categories, "categories", "team_id", "teams");

        let mut complexes = table("complexes")
            .col(string("name"))
            .col(string_null("address"))
            .take();
        company(&mut complexes, "complexes");

        let mut buildings = table("buildings")
            .col(string("name"))
            .col(string_null("address"))
            .take();
        company(&mut buildings, "buildings");
        reference(
            &mut buildings,
            "buildings",
            "complex_id",
            "complexes",
            Cascade,
        );

        let mut apartments = table("apartments")
            .col(string_len("number", 32))
            .col(integer_null("floor"))
            .take();
        company(&mut apartments, "apartments");
        reference(
            &mut apartments,
            "apartments",
            "building_id",
            "buildings",
            Cascade,
        );

        let mut contacts = table("contacts")
            .col(string_len("kind", 16))
            .col(string("name"))
            .col(string_len_null("phone", 32))
            .col(string_null("email"))
            .col(string_null("external_id"))
            .col(timestamp_with_time_zone("created_at"))
            .take();
        company(&mut contacts, "contacts");
        reference_null(&mut contacts, "contacts", "apartment_id", "apartments");

        let mut staff = table("staff_profiles")
            .col(integer("max_load").default(10))
            .col(boolean("active").default(true))
            .take();
        company(&mut staff, "staff_profiles");
        reference(&mut staff, "staff_profiles", "user_id", "users", Cascade);
        reference_null(&mut staff, "staff_profiles", "team_id", "teams");

        create_all(
            manager,
            vec![
                pipelines,
                stages,
                statuses,
                transitions,
                teams,
                categories,
                complexes,
                buildings,
                apartments,
                contacts,
                staff,
            ],
            vec![
                index("pipelines", &["company_id"], false),
                index("stages", &["pipeline_id", "position"], false),
                index("statuses", &["pipeline_id", "position"], false),
                index("statuses", &["stage_id"], false),
                index("statuses", &["company_id", "external_id"], false),
                index(
                    "status_transitions",
                    &["from_status_id", "to_status_id"],
                    true,
                ),
                index("teams", &["company_id"], false),
                index("categories", &["company_id"], false),
                index("complexes", &["company_id"], false),
                index("buildings", &["company_id", "complex_id"], false),
                index("apartments", &["building_id"], false),
                index("apartments", &["company_id"], false),
                index("contacts", &["company_id", "phone"], false),
                index("contacts", &["company_id", "external_id"], true),
                index("staff_profiles", &["company_id", "user_id"], true),
                index("staff_profiles", &["team_id"], false),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_all(manager, TABLES).await
    }
}
