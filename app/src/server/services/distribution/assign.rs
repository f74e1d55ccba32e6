//! Assigning a request automatically, on demand (request page, REST), when it is created, and
//! when a queued one finds an executor with free capacity.

use super::{candidates, matching};
use crate::domain::distribution::{Decision, Strategy, pick};
use crate::error::{AppError, AppResult};
use crate::model::{Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{distribution_rule, request};
use crate::server::services::requests::change::record_assignment_with;
use crate::server::services::requests::{events, visible};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

/// What automatic assignment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Assigned,
    /// Nobody available: the request waits in the queue.
    Queued,
    /// It had an assignee already; nothing changed (a retry after success lands here).
    AlreadyAssigned,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Assigned => "assigned",
            Outcome::Queued => "queued",
            Outcome::AlreadyAssigned => "already_assigned",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AutoAssigned {
    pub request: request::Model,
    pub outcome: Outcome,
    pub rule_id: Option<i64>,
    /// The candidates and why (absent for `AlreadyAssigned`).
    pub decision: Option<Decision>,
}

/// Assigns an unassigned open request by the rule that covers it. Refused for a closed request
/// and when no rule covers it.
pub async fn auto_assign(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
) -> AppResult<AutoAssigned> {
    actor.require(Role::can_assign)?;
    let txn = write_txn(db).await?;
    let req = visible(&txn, actor, request_id, true).await?;
    if req.closed_at.is_some() {
        return Err(AppError::validation("status_id", "closed"));
    }
    if req.assignee_id.is_some() {
        return Ok(AutoAssigned {
            request: req,
            outcome: Outcome::AlreadyAssigned,
            rule_id: None,
            decision: None,
        });
    }
    let rule = matching(&txn, req.company_id, &req.channel, req.category_id)
        .await?
        .ok_or_else(|| AppError::validation("rule", "no_rule"))?;
    let out = decide(&txn, req, &rule, actor.user_id).await?;
    txn.commit().await?;
    after(db, &out).await;
    Ok(out)
}

/// After a request is created: assigns it when a rule covering it says so. Failures are
/// logged; the request stays as created.
pub async fn on_created(db: &DatabaseConnection, created: request::Model) -> request::Model {
    if created.assignee_id.is_some() || created.closed_at.is_some() {
        return created;
    }
    match assign_new(db, &created).await {
        Ok(Some(out)) => out.request,
        Ok(None) => created,
        Err(e) => {
            tracing::error!(request_id = created.id, error = ?e, "automatic assignment failed");
            created
        }
    }
}

async fn assign_new(
    db: &DatabaseConnection,
    created: &request::Model,
) -> AppResult<Option<AutoAssigned>> {
    let Some(rule) = matching(
        db,
        created.company_id,
        &created.channel,
        created.category_id,
    )
    .await?
    .filter(|r| r.on_create) else {
        return Ok(None);
    };
    let txn = write_txn(db).await?;
    let Some(req) = request::Entity::find_by_id(created.id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|r| r.assignee_id.is_none())
    else {
        return Ok(None);
    };
    let out = decide(&txn, req, &rule, None).await?;
    txn.commit().await?;
    after(db, &out).await;
    Ok(Some(out))
}

/// Gives queued requests of a company (urgent first, then oldest) to executors who have
/// capacity now. Returns how many were assigned.
pub async fn drain(db: &DatabaseConnection, company_id: i64) -> AppResult<usize> {
    let queued: Vec<i64> = request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::QueuedAt.is_not_null())
        .order_by_desc(request::Column::Urgent)
        .order_by_asc(request::Column::QueuedAt)
        .order_by_asc(request::Column::Id)
        .limit(500)
        .into_tuple()
        .all(db)
        .await?;
    let mut assigned = 0;
    for id in queued {
        let txn = write_txn(db).await?;
        let Some(req) = request::Entity::find_by_id(id)
            .lock_exclusive()
            .one(&txn)
            .await?
        else {
            continue;
        };
        if req.queued_at.is_none() {
            continue;
        }
        let rule = matching(&txn, company_id, &req.channel, req.category_id).await?;
        let (Some(rule), None, None) = (rule, req.assignee_id, req.closed_at) else {
            // Closed, assigned by hand or no rule any more: it no longer waits.
            leave_queue(&txn, req).await?;
            txn.commit().await?;
            continue;
        };
        let out = decide(&txn, req, &rule, None).await?;
        txn.commit().await?;
        if out.outcome == Outcome::Assigned {
            assigned += 1;
            after(db, &out).await;
        }
    }
    Ok(assigned)
}

/// [`drain`] with failures logged (called after changes that may free capacity).
pub async fn drain_quietly(db: &DatabaseConnection, company_id: i64) {
    match drain(db, company_id).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(company_id, assigned = n, "queued requests assigned"),
        Err(e) => tracing::error!(company_id, error = ?e, "queue not drained"),
    }
}

/// Companies with requests waiting in the queue.
pub async fn companies_with_queue(db: &impl ConnectionTrait) -> AppResult<Vec<i64>> {
    Ok(request::Entity::find()
        .select_only()
        .column(request::Column::CompanyId)
        .filter(request::Column::QueuedAt.is_not_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?)
}

/// Picks for `req` under `rule` and records the result in the caller's transaction: an
/// `assigned` event, or (the first time) a `queued` one, each carrying the candidates with
/// their weights, loads and chances.
async fn decide(
    txn: &impl ConnectionTrait,
    req: request::Model,
    rule: &distribution_rule::Model,
    actor_id: Option<i64>,
) -> AppResult<AutoAssigned> {
    // Touching the rule's row first makes concurrent picks for one team take turns (a row
    // lock on PostgreSQL; SQLite write transactions are serial anyway), so each sees the
    // loads the others left and nobody goes over their max load.
    distribution_rule::Entity::update_many()
        .col_expr(
            distribution_rule::Column::LastUserId,
            Expr::col(distribution_rule::Column::LastUserId),
        )
        .filter(distribution_rule::Column::Id.eq(rule.id))
        .exec(txn)
        .await?;
    let rule = distribution_rule::Entity::find_by_id(rule.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let strategy = Strategy::parse(&rule.strategy).unwrap_or_default();
    let cands = candidates(txn, &rule).await?;
    let decision = pick(strategy, &cands, rand::random::<f64>(), rule.last_user_id);
    let data = json!({"auto": {"rule_id": rule.id, "decision": decision}}).to_string();
    let (request, outcome) = match decision.chosen {
        Some(user_id) => {
            let req = record_assignment_with(txn, req, Some(user_id), actor_id, Some(data)).await?;
            let mut am: distribution_rule::ActiveModel = rule.clone().into();
            am.last_user_id = Set(Some(user_id));
            am.update(txn).await?;
            (req, Outcome::Assigned)
        }
        None if req.queued_at.is_some() => (req, Outcome::Queued),
        None => {
            let now = Utc::now();
            let mut ev = events::event(&req, event_kind::QUEUED, now, actor_id);
            ev.data = Set(Some(data));
            ev.insert(txn).await?;
            let mut am: request::ActiveModel = req.clone().into();
            am.queued_at = Set(Some(now));
            let req = am.update(txn).await?;
            (events::touch(txn, req).await?, Outcome::Queued)
        }
    };
    Ok(AutoAssigned {
        request,
        outcome,
        rule_id: Some(rule.id),
        decision: Some(decision),
    })
}

async fn leave_queue(txn: &impl ConnectionTrait, req: request::Model) -> AppResult<()> {
    let mut am: request::ActiveModel = req.into();
    am.queued_at = Set(None);
    am.update(txn).await?;
    Ok(())
}

async fn after(db: &DatabaseConnection, out: &AutoAssigned) {
    if out.outcome == Outcome::Assigned {
        crate::server::services::alerts::reschedule_quietly(db, &out.request).await;
    }
}
