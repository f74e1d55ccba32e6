//! API tokens for integrators: `upr_<random>`, shown once, stored as SHA-256.

use super::Actor;
use super::session::{digest, new_token};
use crate::server::entities::{api_token, company};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

pub const PREFIX: &str = "upr_";

pub async fn create(
    db: &impl ConnectionTrait,
    company_id: i64,
    name: &str,
    created_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = format!("{PREFIX}{}", new_token());
    api_token::ActiveModel {
        name: Set(name.to_string()),
        token_hash: Set(digest(&token)),
        prefix: Set(token.chars().take(12).collect()),
        created_at: Set(now),
        company_id: Set(company_id),
        created_by: Set(created_by),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The actor for a bearer token, unless it is unknown or revoked, with its company's row (the
/// list takes the company's reference data from it instead of reading it again).
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Actor, company::Model)>, DbErr> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(digest(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(company) = company::Entity::find_by_id(t.company_id).one(db).await? else {
        return Ok(None);
    };
    let stale = t
        .last_used_at
        .is_none_or(|used| (now - used).num_seconds() >= 60);
    let company_id = t.company_id;
    if stale {
        let mut am: api_token::ActiveModel = t.into();
        am.last_used_at = Set(Some(now));
        am.update(db).await?;
    }
    Ok(Some((Actor::token(company_id), company)))
}
