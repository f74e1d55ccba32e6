//! Moving a request to another status and assigning it, by a person or an integrator.

use super::events::{self, Applied};
use super::visible;
use crate::error::{AppError, AppResult};
use crate::model::{Priority, Role, event_kind};
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

/// Several changes to one request at once (the REST `PATCH`): the assignee first (so a
/// status that requires one can follow in the same call), then the priority, then the status —
/// in one transaction, all or nothing, after one version check.
#[derive(Debug, Clone, Default)]
pub struct RequestPatch {
    /// `Some(None)` unassigns.
    pub assignee_id: Option<Option<i64>>,
    pub priority: Option<Priority>,
    pub status_id: Option<i64>,
    /// Required when the target status asks for one (e.g. rejecting).
    pub comment: Option<String>,
    /// The version the caller saw; a different current version is a conflict.
    pub expected_version: Option<i64>,
}

impl RequestPatch {
    /// Whether `req` already is what this patch asks for (and it asks for something).
    fn is_applied(&self, req: &request::Model) -> bool {
        let asks =
            self.assignee_id.is_some() || self.priority.is_some() || self.status_id.is_some();
        asks && self.assignee_id.is_none_or(|a| a == req.assignee_id)
            && self.priority.is_none_or(|p| p.to_i16() == req.priority)
            && self.status_id.is_none_or(|s| s == req.status_id)
    }
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
    let patch = RequestPatch {
        status_id: Some(change.status_id),
        comment: change.comment,
        expected_version: change.expected_version,
        ..RequestPatch::default()
    };
    update(db, actor, request_id, patch).await
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
    let patch = RequestPatch {
        assignee_id: Some(assignee_id),
        expected_version,
        ..RequestPatch::default()
    };
    update(db, actor, request_id, patch).await
}

/// Applies `patch` (see [`RequestPatch`]); each part is checked against the caller's role
/// and the pipeline's rules, and a part that changes nothing writes nothing.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    patch: RequestPatch,
) -> AppResult<request::Model> {
    if patch.assignee_id.is_some() || patch.priority.is_some() {
        actor.require(Role::can_assign)?;
    }
    if patch.status_id.is_some() {
        actor.require(Role::can_change_status)?;
    }
    let txn = write_txn(db).await?;
    let mut req = visible(&txn, actor, request_id, true).await?;
    if patch.expected_version.is_some_and(|v| v != req.version) {
        // A retry of a change that was applied (its answer lost on the way, or an offline
        // queue sent it twice) finds everything already as asked: that is not a conflict.
        if patch.is_applied(&req) {
            return Ok(req);
        }
        return Err(AppError::Conflict);
    }
    if let Some(assignee_id) = patch.assignee_id.filter(|a| *a != req.assignee_id) {
        if let Some(user_id) = assignee_id {
            ensure_assignable(&txn, actor.company_id, user_id).await?;
        }
        req = record_assignment(&txn, req, assignee_id, actor.user_id).await?;
    }
    if let Some(priority) = patch.priority.filter(|p| p.to_i16() != req.priority) {
        let mut ev = events::event(
            &req,
            event_kind::PRIORITY_CHANGED,
            Utc::now(),
            actor.user_id,
        );
        ev.priority = Set(Some(priority.to_i16()));
        ev.insert(&txn).await?;
        let mut am: request::ActiveModel = req.clone().into();
        am.priority = Set(priority.to_i16());
        am.update(&txn).await?;
        req.priority = priority.to_i16();
        req = events::touch(&txn, req).await?;
    }
    if let Some(status_id) = patch.status_id.filter(|s| *s != req.status_id) {
        req = move_to(&txn, actor, req, status_id, patch.comment.as_deref()).await?;
    }
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &req).await;
    // A close or a reassignment may have freed capacity for requests waiting in the queue.
    crate::server::services::distribution::assign::drain_quietly(db, actor.company_id).await;
    Ok(req)
}

/// Moves `req` to status `status_id` inside the caller's transaction.
async fn move_to(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    req: request::Model,
    status_id: i64,
    comment: Option<&str>,
) -> AppResult<request::Model> {
    let to = status::Entity::find_by_id(status_id)
        .filter(status::Column::CompanyId.eq(actor.company_id))
        .filter(status::Column::PipelineId.eq(req.pipeline_id))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::validation("status_id", "unknown"))?;
    let allowed = status_transition::Entity::find()
        .filter(status_transition::Column::FromStatusId.eq(req.status_id))
        .filter(status_transition::Column::ToStatusId.eq(to.id))
        .one(txn)
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
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if to.requires_comment && comment.is_none() {
        return Err(AppError::MissingField {
            field: "comment".into(),
        });
    }
    let (applied, updated) = events::apply_status(txn, req, &to, Utc::now(), actor.user_id).await?;
    if let (Some(body), Applied::Current) = (comment, applied) {
        super::comment::insert(txn, &updated, actor.user_id, body).await?;
    }
    Ok(updated)
}

/// Writes the `assigned` event and the new assignee.
pub async fn record_assignment(
    db: &impl ConnectionTrait,
    req: request::Model,
    assignee_id: Option<i64>,
    actor_id: Option<i64>,
) -> AppResult<request::Model> {
    record_assignment_with(db, req, assignee_id, actor_id, None).await
}

/// [`record_assignment`] with the event's `data` (automatic assignment keeps its reasons
/// there). An assignee takes the request out of the waiting queue.
pub async fn record_assignment_with(
    db: &impl ConnectionTrait,
    req: request::Model,
    assignee_id: Option<i64>,
    actor_id: Option<i64>,
    data: Option<String>,
) -> AppResult<request::Model> {
    let mut ev = events::event(&req, event_kind::ASSIGNED, Utc::now(), actor_id);
    ev.assignee_id = Set(assignee_id);
    ev.from_assignee_id = Set(req.assignee_id);
    ev.data = Set(data);
    ev.insert(db).await?;
    let mut am: request::ActiveModel = req.clone().into();
    am.assignee_id = Set(assignee_id);
    if assignee_id.is_some() {
        am.queued_at = Set(None);
    }
    let req = am.update(db).await?;
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
