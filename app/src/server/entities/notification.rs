//! `notifications` table: in-app messages (the bell).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub created_at: DateTimeUtc,
    /// Not shown before this instant (alerts batched into a digest at the next window start).
    pub deliver_at: Option<DateTimeUtc>,
    pub read_at: Option<DateTimeUtc>,
    pub company_id: i64,
    pub user_id: i64,
    pub request_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
