//! Moving a request to another status and assigning it, by a person or an integrator.

use super::events::{self, Applied};
use super::visible;
use crate::error::{AppError, AppResult};
use crate::model::{Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{membership, request, staff_profile, status, status_transition};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

/// A status change asked for by a person (board, request page) or the REST API.
#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub status_id: i64,
    /// Required when the target status asks for one (e.g. rejecting).
    pub comment: Option<String>,
    /// The version the caller saw; a different current version is a conflict.
    pub expected_version: Option<i64>,
}

/// Applies the pipeline's rules: the transition must be allowed, required fields present and
/// the version unchanged. Moving to the status the request already has is a no-op, so a retry
/// is safe.
pub async fn change_status(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    change: StatusChange,
) -> AppResult<request::Model> {
    actor.require(Role::can_change_status)?;
    let txn = write_txn(db).await?;
    let req = visible(&txn, actor, request_id, true).await?;
    if change.expected_version.is_some_and(|v| v != req.version) {
        return Err(AppError::Conflict);
    }
    if req.status_id == change.status_id {
        return Ok(req);
    }
    let to = status::Entity::find_by_id(change.status_id)
        .filter(status::Column::CompanyId.eq(actor.company_id))
        .filter(status::Column::PipelineId.eq(req.pipeline_id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::validation("status_id", "unknown"))?;
    let allowed = status_transition::Entity::find()
        .filter(status_transition::Column::FromStatusId.eq(req.status_id))
        .filter(status_transition::Column::ToStatusId.eq(to.id))
        .one(&txn)
        .await?
        .is_some();
    if !allowed {
        return Err(AppError::InvalidTransition);
    }
    if to.requires_assignee && req.assignee_id.is_none() {
        return Err(AppError::MissingField {
            field: "assignee_id".into(),
        });
    }
    let comment_text = change
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if to.requires_comment && comment_text.is_none() {
        return Err(AppError::MissingField {
            field: "comment".into(),
        });
    }
    let now = Utc::now();
    let (applied, updated) = events::apply_status(&txn, req, &to, now, actor.user_id).await?;
    if let (Some(body), Applied::Current) = (comment_text, applied) {
        super::comment::insert(&txn, &updated, actor.user_id, body).await?;
    }
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &updated).await;
    Ok(updated)
}

/// Assigns (or with `None`, unassigns) an executor. The assignee must be an active member of
/// the company with an active staff profile. Assigning the current assignee again is a no-op.
pub async fn assign(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    assignee_id: Option<i64>,
    expected_version: Option<i64>,
) -> AppResult<request::Model> {
    actor.require(Role::can_assign)?;
    let txn = write_txn(db).await?;
    let req = visible(&txn, actor, request_id, true).await?;
    if expected_version.is_some_and(|v| v != req.version) {
        return Err(AppError::Conflict);
    }
    if req.assignee_id == assignee_id {
        return Ok(req);
    }
    if let Some(user_id) = assignee_id {
        ensure_assignable(&txn, actor.company_id, user_id).await?;
    }
    let updated = record_assignment(&txn, req, assignee_id, actor.user_id).await?;
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &updated).await;
    Ok(updated)
}

/// Writes the `assigned` event and the new assignee.
pub async fn record_assignment(
    db: &impl ConnectionTrait,
    req: request::Model,
    assignee_id: Option<i64>,
    actor_id: Option<i64>,
) -> AppResult<request::Model> {
    let mut ev = events::event(&req, event_kind::ASSIGNED, Utc::now(), actor_id);
    ev.assignee_id = Set(assignee_id);
    ev.from_assignee_id = Set(req.assignee_id);
    ev.insert(db).await?;
    let mut am: request::ActiveModel = req.clone().into();
    am.assignee_id = Set(assignee_id);
    am.update(db).await?;
    let mut req = req;
    req.assignee_id = assignee_id;
    Ok(events::touch(db, req).await?)
}

pub async fn ensure_assignable(
    db: &impl ConnectionTrait,
    company_id: i64,
    user_id: i64,
) -> AppResult<()> {
    let member = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(company_id))
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .one(db)
        .await?;
    let profile = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .filter(staff_profile::Column::UserId.eq(user_id))
        .filter(staff_profile::Column::Active.eq(true))
        .one(db)
        .await?;
    if member.is_none() || profile.is_none() {
        return Err(AppError::validation("assignee_id", "not_assignable"));
    }
    Ok(())
}
