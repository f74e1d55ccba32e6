//! Automatic assignment (seed 003): rules say which team takes which requests (by channel and
//! category) with which strategy and weights; the picker (`domain::distribution`) chooses among
//! the team's available executors; requests nobody can take wait in a queue until capacity
//! frees up.

pub mod assign;
pub mod rules;
pub mod stats;

use crate::domain::distribution::Candidate;
use crate::error::AppResult;
use crate::server::entities::{distribution_rule, membership, staff_profile, user};
use crate::server::services::dictionaries::open_load;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

pub use assign::{AutoAssigned, Outcome, auto_assign, drain, on_created};

/// A rule's weights: user id → weight. Team members not listed weigh 1.
pub fn weights(rule: &distribution_rule::Model) -> BTreeMap<i64, u32> {
    serde_json::from_str::<BTreeMap<String, u32>>(&rule.weights)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
        .collect()
}

/// The rule covering a request of `channel` and `category_id`: the most specific one (channel
/// and category, then category, then channel, then neither); among equals the oldest.
pub async fn matching(
    db: &impl ConnectionTrait,
    company_id: i64,
    channel: &str,
    category_id: Option<i64>,
) -> AppResult<Option<distribution_rule::Model>> {
    let category = match category_id {
        Some(c) => Condition::any()
            .add(distribution_rule::Column::CategoryId.is_null())
            .add(distribution_rule::Column::CategoryId.eq(c)),
        None => Condition::all().add(distribution_rule::Column::CategoryId.is_null()),
    };
    let rules = distribution_rule::Entity::find()
        .filter(distribution_rule::Column::CompanyId.eq(company_id))
        .filter(
            Condition::any()
                .add(distribution_rule::Column::Channel.is_null())
                .add(distribution_rule::Column::Channel.eq(channel)),
        )
        .filter(category)
        .order_by_asc(distribution_rule::Column::Id)
        .all(db)
        .await?;
    Ok(rules.into_iter().max_by_key(|r| {
        (
            r.category_id.is_some(),
            r.channel.is_some(),
            std::cmp::Reverse(r.id),
        )
    }))
}

/// The rule's team as the picker sees it, by user id: weight, open load, max load and whether
/// the executor is active (staff profile and company membership both).
pub async fn candidates(
    db: &impl ConnectionTrait,
    rule: &distribution_rule::Model,
) -> AppResult<Vec<Candidate>> {
    let profiles = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(rule.company_id))
        .filter(staff_profile::Column::TeamId.eq(rule.team_id))
        .order_by_asc(staff_profile::Column::UserId)
        .all(db)
        .await?;
    let members: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(rule.company_id))
        .filter(membership::Column::Active.eq(true))
        .filter(membership::Column::UserId.is_in(profiles.iter().map(|p| p.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let loads = open_load(db, rule.company_id).await?;
    let weights = weights(rule);
    Ok(profiles
        .into_iter()
        .map(|p| Candidate {
            user_id: p.user_id,
            weight: weights.get(&p.user_id).copied().unwrap_or(1),
            load: u32::try_from(loads.get(&p.user_id).copied().unwrap_or(0)).unwrap_or(u32::MAX),
            max_load: u32::try_from(p.max_load).unwrap_or(0),
            active: p.active && members.contains(&p.user_id),
        })
        .collect())
}

/// Display names of users by id.
pub(crate) async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}
