//! Firing due alerts. Rows are leased with `FOR UPDATE SKIP LOCKED` (PostgreSQL) inside a write
//! transaction (SQLite: one writer at a time), so with several server processes each alert
//! fires once. Before firing, the request's SLA is recomputed: an alert whose request moved on
//! is re-timed or dropped instead.

use super::notify;
use super::schedule::{due_instants, kind_str};
use crate::domain::sla::policy::SlaState;
use crate::error::AppResult;
use crate::model::{Priority, event_kind};
use crate::server::db::write_txn;
use crate::server::entities::{category, request, sla_alert, staff_profile, team};
use crate::server::services::requests::{change::record_assignment, events};
use crate::server::services::sla::{self, SlaContext};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockBehavior;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Fired {
    pub fired: usize,
    pub retimed: usize,
    pub dropped: usize,
}

/// The earliest unfired alert, for the watcher's sleep.
pub async fn next_due(db: &impl ConnectionTrait) -> AppResult<Option<DateTime<Utc>>> {
    Ok(sla_alert::Entity::find()
        .filter(sla_alert::Column::FiredAt.is_null())
        .order_by_asc(sla_alert::Column::DueAt)
        .one(db)
        .await?
        .map(|a| a.due_at))
}

/// Fires every alert due at `now` (at most `batch` per call).
pub async fn fire_due(db: &DatabaseConnection, now: DateTime<Utc>, batch: u64) -> AppResult<Fired> {
    let txn = write_txn(db).await?;
    let due = sla_alert::Entity::find()
        .filter(sla_alert::Column::FiredAt.is_null())
        .filter(sla_alert::Column::DueAt.lte(now))
        .order_by_asc(sla_alert::Column::DueAt)
        .limit(batch)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    let mut out = Fired::default();
    let mut contexts: HashMap<i64, SlaContext> = HashMap::new();
    for alert in due {
        let Some(r) = request::Entity::find_by_id(alert.request_id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = contexts.entry(r.company_id) {
            e.insert(SlaContext::load(&txn, r.company_id).await?);
        }
        let Some(ctx) = contexts.get(&r.company_id) else {
            continue;
        };
        let log = sla::context::logs(&txn, r.company_id, &[r.id])
            .await?
            .remove(&r.id)
            .unwrap_or_default();
        let figures = ctx.evaluate(&r, &log, now);
        let near = ctx
            .policy(r.pipeline_id)
            .map(|p| p.near)
            .unwrap_or_default();
        let target = figures.targets.iter().find(|t| {
            kind_str(t.kind) == alert.target_kind && t.name == alert.target_name && t.running
        });
        let due_now = target.and_then(|t| {
            due_instants(ctx, t, &near, now)
                .into_iter()
                .find(|(s, _)| s.as_str() == alert.state)
                .map(|(_, d)| d)
        });
        let confirmed = r.closed_at.is_none()
            && target.is_some_and(|t| match alert.state.as_str() {
                "over" => t.state == SlaState::Over,
                _ => t.state == SlaState::Near,
            });
        if confirmed {
            let Some(t) = target else { continue };
            let payload = json!({
                "request_id": r.id,
                "number": crate::domain::number::format(r.number),
                "title": r.title,
                "state": alert.state,
                "target_kind": alert.target_kind,
                "target_name": alert.target_name,
                "stage_id": t.stage_id,
                "deadline": t.deadline,
            });
            let kind = if alert.state == "over" {
                "sla_over"
            } else {
                "sla_near"
            };
            notify::send(&txn, ctx, &r, kind, payload, alert.due_at).await?;
            if alert.state == "over" && ctx.policy(r.pipeline_id).is_some_and(|p| p.auto_escalation)
            {
                escalate(&txn, r.clone()).await?;
            }
            let mut am = alert.into_active_model();
            am.fired_at = Set(Some(now));
            am.update(&txn).await?;
            out.fired += 1;
        } else if let Some(d) = due_now.filter(|d| *d > now) {
            let mut am = alert.into_active_model();
            am.due_at = Set(d);
            am.update(&txn).await?;
            out.retimed += 1;
        } else {
            sla_alert::Entity::delete_by_id(alert.id).exec(&txn).await?;
            out.dropped += 1;
        }
    }
    txn.commit().await?;
    if out.fired > 0 {
        tracing::info!(fired = out.fired, "sla alerts fired");
    }
    Ok(out)
}

/// Raises the priority one step and hands the request to the team lead (the category's team,
/// else the assignee's), each recorded as an event by the system.
async fn escalate(db: &impl ConnectionTrait, r: request::Model) -> AppResult<()> {
    let now = Utc::now();
    let current = Priority::from_i16(r.priority);
    let raised = match current {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Critical => Priority::Critical,
    };
    let mut r = r;
    if raised != current {
        let mut ev = events::event(&r, event_kind::PRIORITY_CHANGED, now, None);
        ev.priority = Set(Some(raised.to_i16()));
        ev.data = Set(Some(json!({ "source": "escalation" }).to_string()));
        ev.insert(db).await?;
        let mut am = r.into_active_model();
        am.priority = Set(raised.to_i16());
        r = am.update(db).await?;
    }
    let team_id = match r.category_id {
        Some(c) => category::Entity::find_by_id(c)
            .one(db)
            .await?
            .and_then(|c| c.team_id),
        None => None,
    };
    let team_id = match (team_id, r.assignee_id) {
        (Some(t), _) => Some(t),
        (None, Some(a)) => staff_profile::Entity::find()
            .filter(staff_profile::Column::CompanyId.eq(r.company_id))
            .filter(staff_profile::Column::UserId.eq(a))
            .one(db)
            .await?
            .and_then(|p| p.team_id),
        _ => None,
    };
    let lead = match team_id {
        Some(t) => team::Entity::find_by_id(t)
            .one(db)
            .await?
            .and_then(|t| t.lead_user_id),
        None => None,
    };
    match lead {
        Some(lead) if r.assignee_id != Some(lead) => {
            let r = record_assignment(db, r, Some(lead), None).await?;
            tracing::info!(request_id = r.id, lead, "escalated to the team lead");
        }
        _ => {
            events::touch(db, r).await?;
        }
    }
    Ok(())
}
