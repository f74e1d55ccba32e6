//! Companies (tenants).

use crate::error::{AppError, AppResult};
use crate::server::entities::company;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<company::Model> {
    company::Entity::find()
        .filter(company::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn by_id(db: &impl ConnectionTrait, id: i64) -> AppResult<company::Model> {
    company::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates a company; the slug must be unique, the timezone a valid IANA name.
pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    slug: &str,
    timezone: &str,
    locale: &str,
) -> AppResult<company::Model> {
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::validation("timezone", "invalid"));
    }
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        return Err(AppError::validation("slug", "invalid"));
    }
    if company::Entity::find()
        .filter(company::Column::Slug.eq(slug))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::validation("slug", "taken"));
    }
    Ok(company::ActiveModel {
        name: Set(name.to_string()),
        slug: Set(slug.to_string()),
        timezone: Set(timezone.to_string()),
        locale: Set(locale.to_string()),
        request_seq: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}
