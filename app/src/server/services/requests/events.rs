//! The append-only event log and the rule that derives current state from it.

use crate::model::event_kind;
use crate::server::entities::{request, request_event, status};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Set, TryInsertResult,
};

/// The predicate of the partial UNIQUE index `ux_request_events_status_dedup` (migration
/// `m20261121_000003_requests`).
const STATUS_DEDUP_PREDICATE: &str = "kind IN ('created', 'status_changed')";

/// What happened to a status event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Logged and now the current status.
    Current,
    /// Logged, but an event with a later source time already set the current status.
    Late,
    /// Already in the log (same request, status and source time): nothing written.
    Duplicate,
}

/// A blank event row for `req`, recorded now.
pub fn event(
    req: &request::Model,
    kind: &str,
    at: DateTime<Utc>,
    actor_id: Option<i64>,
) -> request_event::ActiveModel {
    request_event::ActiveModel {
        kind: Set(kind.to_string()),
        at: Set(at),
        recorded_at: Set(Utc::now()),
        company_id: Set(req.company_id),
        request_id: Set(req.id),
        actor_id: Set(actor_id),
        status_id: Set(None),
        from_status_id: Set(None),
        assignee_id: Set(None),
        from_assignee_id: Set(None),
        priority: Set(None),
        urgent: Set(None),
        comment_id: Set(None),
        data: Set(None),
        ..Default::default()
    }
}

/// Appends a status change that happened at `at` and, unless a later change is already
/// current, makes it the request's current status. Idempotent: the same change twice is one
/// row (UNIQUE company, request, status, at).
pub async fn apply_status(
    db: &impl ConnectionTrait,
    req: request::Model,
    to: &status::Model,
    at: DateTime<Utc>,
    actor_id: Option<i64>,
) -> Result<(Applied, request::Model), DbErr> {
    let mut ev = event(&req, event_kind::STATUS_CHANGED, at, actor_id);
    ev.status_id = Set(Some(to.id));
    // For a late event the previous status is not the current one; the timeline derives it
    // from the log ordered by source time instead.
    ev.from_status_id = Set((at >= req.status_at).then_some(req.status_id));
    let inserted = request_event::Entity::insert(ev)
        .on_conflict(
            OnConflict::columns([
                request_event::Column::CompanyId,
                request_event::Column::RequestId,
                request_event::Column::StatusId,
                request_event::Column::At,
            ])
            // Literal SQL, not bound parameters: the database must see that this predicate
            // is the partial index's own.
            .target_and_where(Expr::cust(STATUS_DEDUP_PREDICATE))
            .do_nothing()
            .to_owned(),
        )
        .try_insert()
        .exec(db)
        .await?;
    if !matches!(inserted, TryInsertResult::Inserted(_)) {
        return Ok((Applied::Duplicate, req));
    }
    if at < req.status_at {
        return Ok((Applied::Late, req));
    }
    let now = Utc::now();
    let version = req.version;
    let mut am = req.into_active_model();
    am.status_id = Set(to.id);
    am.stage_id = Set(to.stage_id);
    am.status_at = Set(at);
    am.closed_at = Set(to.is_closing.then_some(at));
    am.version = Set(version + 1);
    am.updated_at = Set(now);
    let updated = am.update(db).await?;
    Ok((Applied::Current, updated))
}

/// Bumps the version and `updated_at` after a change that is not a status change.
pub async fn touch(
    db: &impl ConnectionTrait,
    req: request::Model,
) -> Result<request::Model, DbErr> {
    let version = req.version;
    let mut am = req.into_active_model();
    am.version = Set(version + 1);
    am.updated_at = Set(Utc::now());
    am.update(db).await
}
