//! `staff_profiles` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub max_load: i32,
    pub active: bool,
    pub company_id: i64,
    pub user_id: i64,
    pub team_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
