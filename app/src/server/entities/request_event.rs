//! `request_events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub status_id: Option<i64>,
    pub from_status_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub from_assignee_id: Option<i64>,
    pub priority: Option<i16>,
    pub urgent: Option<bool>,
    pub comment_id: Option<i64>,
    pub data: Option<String>,
    pub company_id: i64,
    pub request_id: i64,
    pub actor_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
