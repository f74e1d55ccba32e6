//! `statuses` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statuses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub position: i32,
    pub color: String,
    pub is_initial: bool,
    pub is_closing: bool,
    pub pauses_sla: bool,
    pub requires_assignee: bool,
    pub requires_comment: bool,
    pub external_id: Option<String>,
    pub company_id: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    /// The board's work-in-progress limit of this status's column.
    pub wip_limit: Option<i32>,
    /// The limit of each swimlane cell of the column.
    pub lane_wip_limit: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
