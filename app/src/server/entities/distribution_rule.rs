//! `distribution_rules` table: which team takes which requests, and how.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "distribution_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` covers every channel.
    pub channel: Option<String>,
    /// `weighted`, `round_robin` or `least_loaded`.
    pub strategy: String,
    /// Assign new requests as they arrive (otherwise only on demand).
    pub on_create: bool,
    /// JSON object: user id → weight; team members not listed weigh 1, weight 0 excludes.
    pub weights: String,
    /// Round-robin cursor: the executor picked last.
    pub last_user_id: Option<i64>,
    /// `None` covers every category.
    pub category_id: Option<i64>,
    pub updated_at: DateTimeUtc,
    pub company_id: i64,
    pub team_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
