//! Distribution settings (manager, admin): rules with their weights, and executors' staff
//! profiles (team, max load, active).

use super::{assign::drain_quietly, candidates, user_names};
use crate::domain::distribution::Strategy;
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{
    Channel, DistributionSettings, MemberWeight, Named, Role, RuleView, StaffProfileRow,
};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{category, distribution_rule, request, staff_profile, team};
use crate::server::services::audit;
use crate::server::services::dictionaries::open_load;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::{BTreeMap, HashMap};

/// The largest weight and max load accepted.
pub const MAX_WEIGHT: u32 = 1000;
pub const MAX_LOAD: i32 = 1000;

/// A rule as submitted (settings form or REST).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleInput {
    pub team_id: i64,
    pub channel: Option<String>,
    pub category_id: Option<i64>,
    pub strategy: String,
    pub on_create: bool,
    /// User id → weight; members not listed weigh 1.
    pub weights: BTreeMap<i64, u32>,
}

impl RuleInput {
    /// Reads the settings form: `team_id`, `channel` and `category_id` (empty = any),
    /// `strategy`, `on_create` (present = on) and `weight_<user id>` (whole numbers).
    pub fn from_form(form: &HashMap<String, String>) -> Result<RuleInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let get = |k: &str| form.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut id = |k: &str, required: bool| match get(k) {
            None if required => {
                errors.push(FieldError::new(k, "required"));
                None
            }
            None => None,
            Some(v) => v
                .parse::<i64>()
                .map_err(|_| errors.push(FieldError::new(k, "invalid")))
                .ok(),
        };
        let team_id = id("team_id", true);
        let category_id = id("category_id", false);
        let mut weights = BTreeMap::new();
        for (k, v) in form {
            let Some(user) = k.strip_prefix("weight_") else {
                continue;
            };
            match (user.parse::<i64>(), v.trim().parse::<u32>()) {
                (Ok(user), Ok(w)) => {
                    weights.insert(user, w);
                }
                _ => errors.push(FieldError::new(format!("weights.{user}"), "invalid")),
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            return Err(errors);
        }
        Ok(RuleInput {
            team_id: team_id.unwrap_or_default(),
            channel: get("channel").map(String::from),
            category_id,
            strategy: get("strategy").unwrap_or("weighted").to_string(),
            on_create: get("on_create").is_some(),
            weights,
        })
    }
}

/// A staff profile as submitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaffInput {
    pub user_id: i64,
    pub team_id: Option<i64>,
    pub max_load: i32,
    pub active: bool,
}

/// The settings page's data. Managers and admins only.
pub async fn settings(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<DistributionSettings> {
    actor.require(Role::can_manage_settings)?;
    let company_id = actor.company_id;
    let teams: Vec<Named> = team::Entity::find()
        .filter(team::Column::CompanyId.eq(company_id))
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Named {
            id: t.id,
            name: t.name,
        })
        .collect();
    let categories = crate::server::services::dictionaries::categories(db, company_id).await?;
    let profiles = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .all(db)
        .await?;
    let names = user_names(db, profiles.iter().map(|p| p.user_id)).await?;
    let loads = open_load(db, company_id).await?;
    let mut staff: Vec<StaffProfileRow> = profiles
        .into_iter()
        .map(|p| StaffProfileRow {
            user_id: p.user_id,
            name: names.get(&p.user_id).cloned().unwrap_or_default(),
            team_id: p.team_id,
            max_load: p.max_load,
            active: p.active,
            load: loads.get(&p.user_id).copied().unwrap_or(0),
        })
        .collect();
    staff.sort_by(|a, b| a.name.cmp(&b.name));
    let rules = distribution_rule::Entity::find()
        .filter(distribution_rule::Column::CompanyId.eq(company_id))
        .order_by_asc(distribution_rule::Column::Id)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(rules.len());
    for r in rules {
        let members = candidates(db, &r)
            .await?
            .into_iter()
            .map(|c| MemberWeight {
                name: names.get(&c.user_id).cloned().unwrap_or_default(),
                user_id: c.user_id,
                weight: c.weight,
                load: c.load,
                max_load: c.max_load,
                active: c.active,
            })
            .collect();
        let named = |list: &[Named], id: i64| list.iter().find(|n| n.id == id).cloned();
        views.push(RuleView {
            id: r.id,
            team: named(&teams, r.team_id).unwrap_or(Named {
                id: r.team_id,
                name: String::new(),
            }),
            channel: r.channel.clone(),
            category: r.category_id.and_then(|c| named(&categories, c)),
            strategy: r.strategy.clone(),
            on_create: r.on_create,
            members,
        });
    }
    let queued = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::QueuedAt.is_not_null())
        .count(db)
        .await?;
    Ok(DistributionSettings {
        rules: views,
        staff,
        teams,
        categories,
        queued,
    })
}

/// Creates (`id` = `None`) or replaces a rule. Every wrong field is reported by name; two
/// rules may not cover the same channel and category.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    input: RuleInput,
) -> AppResult<i64> {
    actor.require(Role::can_manage_settings)?;
    let company_id = actor.company_id;
    let txn = write_txn(db).await?;
    let mut errors = Vec::new();
    let team_ok = team::Entity::find_by_id(input.team_id)
        .filter(team::Column::CompanyId.eq(company_id))
        .one(&txn)
        .await?
        .is_some();
    if !team_ok {
        errors.push(FieldError::new("team_id", "unknown"));
    }
    if let Some(ch) = &input.channel
        && Channel::parse(ch).is_none()
    {
        errors.push(FieldError::new("channel", "unknown"));
    }
    if let Some(cat) = input.category_id {
        let ok = category::Entity::find_by_id(cat)
            .filter(category::Column::CompanyId.eq(company_id))
            .one(&txn)
            .await?
            .is_some();
        if !ok {
            errors.push(FieldError::new("category_id", "unknown"));
        }
    }
    if Strategy::parse(&input.strategy).is_none() {
        errors.push(FieldError::new("strategy", "unknown"));
    }
    let members: Vec<i64> = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .filter(staff_profile::Column::TeamId.eq(input.team_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect();
    for (user_id, w) in &input.weights {
        if !members.contains(user_id) {
            errors.push(FieldError::new(format!("weights.{user_id}"), "not_in_team"));
        } else if *w > MAX_WEIGHT {
            errors.push(FieldError::new(format!("weights.{user_id}"), "too_large"));
        }
    }
    let same_scope = distribution_rule::Entity::find()
        .filter(distribution_rule::Column::CompanyId.eq(company_id))
        .all(&txn)
        .await?
        .into_iter()
        .any(|r| {
            Some(r.id) != id && r.channel == input.channel && r.category_id == input.category_id
        });
    if same_scope {
        errors.push(FieldError::new("category_id", "duplicate_scope"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let weights: BTreeMap<String, u32> = input
        .weights
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    let weights = serde_json::to_string(&weights).map_err(|_| AppError::Internal)?;
    let mut am = match id {
        Some(id) => distribution_rule::Entity::find_by_id(id)
            .filter(distribution_rule::Column::CompanyId.eq(company_id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
        None => distribution_rule::ActiveModel {
            company_id: Set(company_id),
            last_user_id: Set(None),
            ..Default::default()
        },
    };
    am.team_id = Set(input.team_id);
    am.channel = Set(input.channel.clone());
    am.category_id = Set(input.category_id);
    am.strategy = Set(input.strategy.clone());
    am.on_create = Set(input.on_create);
    am.weights = Set(weights);
    am.updated_at = Set(Utc::now());
    let rule_id = match id {
        Some(id) => {
            am.update(&txn).await?;
            id
        }
        None => am.insert(&txn).await?.id,
    };
    audit::record(
        &txn,
        Some(actor),
        Some(company_id),
        "rule_saved",
        "distribution_rule",
        Some(rule_id.to_string()),
        serde_json::json!({"team_id": input.team_id, "strategy": input.strategy}),
    )
    .await?;
    txn.commit().await?;
    drain_quietly(db, company_id).await;
    Ok(rule_id)
}

/// Removes a rule; requests it queued leave the queue at the next drain.
pub async fn delete(db: &DatabaseConnection, actor: &Actor, id: i64) -> AppResult<()> {
    actor.require(Role::can_manage_settings)?;
    let txn = write_txn(db).await?;
    let res = distribution_rule::Entity::delete_many()
        .filter(distribution_rule::Column::Id.eq(id))
        .filter(distribution_rule::Column::CompanyId.eq(actor.company_id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        Some(actor),
        Some(actor.company_id),
        "rule_deleted",
        "distribution_rule",
        Some(id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    drain_quietly(db, actor.company_id).await;
    Ok(())
}

/// Creates (`id` = `None`) or renames a team. Names are 1–100 characters, unique in the
/// company (case-insensitive).
pub async fn save_team(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    name: &str,
) -> AppResult<i64> {
    actor.require(Role::can_manage_settings)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::validation("name", "required"));
    }
    if name.chars().count() > 100 {
        return Err(AppError::validation("name", "too_long"));
    }
    let txn = write_txn(db).await?;
    let teams = team::Entity::find()
        .filter(team::Column::CompanyId.eq(actor.company_id))
        .all(&txn)
        .await?;
    if teams
        .iter()
        .any(|t| Some(t.id) != id && t.name.to_lowercase() == name.to_lowercase())
    {
        return Err(AppError::validation("name", "taken"));
    }
    let team_id = match id {
        Some(id) => {
            let existing = teams
                .into_iter()
                .find(|t| t.id == id)
                .ok_or(AppError::NotFound)?;
            let mut am: team::ActiveModel = existing.into();
            am.name = Set(name.to_string());
            am.update(&txn).await?;
            id
        }
        None => {
            team::ActiveModel {
                name: Set(name.to_string()),
                company_id: Set(actor.company_id),
                lead_user_id: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    audit::record(
        &txn,
        Some(actor),
        Some(actor.company_id),
        "team_saved",
        "team",
        Some(team_id.to_string()),
        serde_json::json!({"name": name}),
    )
    .await?;
    txn.commit().await?;
    Ok(team_id)
}

/// Updates an executor's team, max load and active flag.
pub async fn save_staff(
    db: &DatabaseConnection,
    actor: &Actor,
    input: StaffInput,
) -> AppResult<()> {
    actor.require(Role::can_manage_settings)?;
    let company_id = actor.company_id;
    let mut errors = Vec::new();
    if !(0..=MAX_LOAD).contains(&input.max_load) {
        errors.push(FieldError::new("max_load", "out_of_range"));
    }
    let txn = write_txn(db).await?;
    if let Some(t) = input.team_id {
        let ok = team::Entity::find_by_id(t)
            .filter(team::Column::CompanyId.eq(company_id))
            .one(&txn)
            .await?
            .is_some();
        if !ok {
            errors.push(FieldError::new("team_id", "unknown"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let profile = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .filter(staff_profile::Column::UserId.eq(input.user_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: staff_profile::ActiveModel = profile.into();
    am.team_id = Set(input.team_id);
    am.max_load = Set(input.max_load);
    am.active = Set(input.active);
    am.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor),
        Some(company_id),
        "staff_saved",
        "user",
        Some(input.user_id.to_string()),
        serde_json::json!({"max_load": input.max_load, "active": input.active, "team_id": input.team_id}),
    )
    .await?;
    txn.commit().await?;
    drain_quietly(db, company_id).await;
    Ok(())
}
