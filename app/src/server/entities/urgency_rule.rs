//! `urgency_rules` table: one JSON rule list per pipeline.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "urgency_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub definition: String,
    pub updated_at: DateTimeUtc,
    pub company_id: i64,
    pub pipeline_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
