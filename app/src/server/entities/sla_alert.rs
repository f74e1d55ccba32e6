//! `sla_alerts` table: one row per request, target and state; fired once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sla_alerts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_kind: String,
    pub target_name: String,
    pub state: String,
    pub due_at: DateTimeUtc,
    pub fired_at: Option<DateTimeUtc>,
    pub company_id: i64,
    pub request_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
