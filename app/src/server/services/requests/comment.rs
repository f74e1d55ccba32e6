//! Comments on a request.

use super::{events, visible};
use crate::error::{AppError, AppResult};
use crate::model::{Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{comment, request};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};

pub const MAX_LEN: usize = 5000;

pub fn parse_body(body: &str) -> AppResult<String> {
    let body = body.trim();
    match body.chars().count() {
        0 => Err(AppError::validation("body", "required")),
        n if n > MAX_LEN => Err(AppError::validation("body", "too_long")),
        _ => Ok(body.to_string()),
    }
}

pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    body: &str,
) -> AppResult<comment::Model> {
    actor.require(Role::can_comment)?;
    let body = parse_body(body)?;
    let txn = write_txn(db).await?;
    let req = visible(&txn, actor, request_id, true).await?;
    let c = insert(&txn, &req, actor.user_id, &body).await?;
    events::touch(&txn, req).await?;
    txn.commit().await?;
    Ok(c)
}

/// The comment row and its `commented` event.
pub async fn insert(
    db: &impl ConnectionTrait,
    req: &request::Model,
    author_id: Option<i64>,
    body: &str,
) -> AppResult<comment::Model> {
    let now = Utc::now();
    let c = comment::ActiveModel {
        body: Set(body.to_string()),
        created_at: Set(now),
        company_id: Set(req.company_id),
        request_id: Set(req.id),
        author_id: Set(author_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut ev = events::event(req, event_kind::COMMENTED, now, author_id);
    ev.comment_id = Set(Some(c.id));
    ev.insert(db).await?;
    Ok(c)
}
