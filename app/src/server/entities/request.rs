//! `requests` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub search_text: String,
    pub priority: i16,
    pub urgent: bool,
    pub status_at: DateTimeUtc,
    pub channel: String,
    pub external_id: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub company_id: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub status_id: i64,
    pub category_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub building_id: Option<i64>,
    pub apartment_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_by: Option<i64>,
    /// Order items as JSON (`[{"sku":…,"offer_id":…,"product_id":…}]`).
    pub items: Option<String>,
    /// `rule` or `manual`: where the urgent flag came from.
    pub urgency_source: Option<String>,
    /// Set while automatic assignment waits for an executor with free capacity.
    pub queued_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
