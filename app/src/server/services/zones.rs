//! The timezones a company's pages compute with in the browser: the company's own and those of
//! its working calendars, sent with the signed-in user (`Me::zones`).

use crate::domain::sla::calendar::Calendar;
use crate::domain::zone::{Zone, ZoneRules};
use crate::error::AppResult;
use crate::server::entities::{calendar, company};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;

pub async fn used_by(
    db: &impl ConnectionTrait,
    company: &company::Model,
) -> AppResult<Vec<ZoneRules>> {
    let definitions: Vec<String> = calendar::Entity::find()
        .select_only()
        .column(calendar::Column::Definition)
        .filter(calendar::Column::CompanyId.eq(company.id))
        .into_tuple()
        .all(db)
        .await?;
    let mut names = BTreeSet::from([company.timezone.clone()]);
    names.extend(
        definitions
            .iter()
            .filter_map(|d| serde_json::from_str::<Calendar>(d).ok())
            .map(|c| c.timezone),
    );
    Ok(names
        .iter()
        .filter_map(|n| Zone::parse(n))
        .map(|z| (*z.rules()).clone())
        .collect())
}
