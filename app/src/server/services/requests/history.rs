//! Status changes that happened elsewhere, with their source time: an integrator's backfill or
//! a CRM webhook. Transitions are not checked (the source is the truth); the status must
//! belong to the request's pipeline and the time may not lie in the future.

use super::events::{self, Applied};
use super::visible;
use crate::error::{AppError, AppResult};
use crate::model::Role;
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{request, status};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

/// Clock skew tolerated between a source and this server.
const SKEW: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub status_id: i64,
    pub at: DateTime<Utc>,
}

/// Checks one item against the request; `index` names it in errors (`history.2.at`).
async fn check(
    db: &impl ConnectionTrait,
    r: &request::Model,
    item: &HistoryItem,
    field: &str,
) -> AppResult<status::Model> {
    if item.at > Utc::now() + Duration::seconds(SKEW) {
        return Err(AppError::validation(&format!("{field}at"), "in_future"));
    }
    if item.at < r.created_at {
        return Err(AppError::validation(
            &format!("{field}at"),
            "before_created",
        ));
    }
    status::Entity::find_by_id(item.status_id)
        .filter(status::Column::PipelineId.eq(r.pipeline_id))
        .filter(status::Column::CompanyId.eq(r.company_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation(&format!("{field}status_id"), "unknown"))
}

/// Applies `items` in the caller's transaction (used when a request is created with its past).
pub async fn apply_all(
    db: &impl ConnectionTrait,
    actor: &Actor,
    mut r: request::Model,
    items: &[HistoryItem],
) -> AppResult<request::Model> {
    for (i, item) in items.iter().enumerate() {
        let to = check(db, &r, item, &format!("history.{i}.")).await?;
        r = events::apply_status(db, r, &to, item.at, actor.user_id)
            .await?
            .1;
    }
    Ok(r)
}

/// Appends one status change to a request's log.
pub async fn append(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    item: HistoryItem,
) -> AppResult<(Applied, request::Model)> {
    actor.require(Role::can_change_status)?;
    let txn = write_txn(db).await?;
    let r = visible(&txn, actor, request_id, true).await?;
    let to = check(&txn, &r, &item, "").await?;
    let out = events::apply_status(&txn, r, &to, item.at, actor.user_id).await?;
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &out.1).await;
    if out.1.closed_at.is_some() {
        crate::server::services::distribution::assign::drain_quietly(db, actor.company_id).await;
    }
    Ok(out)
}
