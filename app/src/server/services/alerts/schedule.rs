//! Computing when each alert of a request is due, from the same SLA figures the screens show.

use crate::domain::sla::policy::{Near, SlaState, Target, TargetKind};
use crate::error::AppResult;
use crate::server::entities::{request, sla_alert};
use crate::server::services::sla::{self, SlaContext};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

/// `stage`, `reaction`, `cycle`.
pub fn kind_str(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Stage => "stage",
        TargetKind::Reaction => "reaction",
        TargetKind::Cycle => "cycle",
    }
}

/// The working seconds used at which a target turns "near" (`None`: never).
pub fn near_at_used(limit: i64, near: &Near) -> Option<i64> {
    let by_share = near.share.map(|s| (s * limit as f64).ceil() as i64);
    let by_minutes = near.minutes.map(|m| limit - i64::from(m) * 60);
    match (by_share, by_minutes) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
    .map(|u| u.max(0))
}

/// When `t` (running now) turns near and over, on its clock's calendar.
pub fn due_instants(
    ctx: &SlaContext,
    t: &Target,
    near: &Near,
    now: DateTime<Utc>,
) -> Vec<(SlaState, DateTime<Utc>)> {
    let mut out = vec![];
    let (Some(stage), true) = (t.clock_stage_id, t.running) else {
        return out;
    };
    let cal = ctx.compiled(stage);
    if t.state != SlaState::Over
        && let Some(at_used) = near_at_used(t.limit_seconds, near)
    {
        let due = if t.used_seconds >= at_used {
            Some(now)
        } else {
            cal.add_working(now, at_used - t.used_seconds)
        };
        if let Some(d) = due {
            out.push((SlaState::Near, d));
        }
    }
    if let Some(d) = t.deadline {
        out.push((SlaState::Over, d));
    }
    out
}

/// Brings a request's pending alert rows in line with its SLA now: new ones inserted, moved
/// ones re-timed, ones that no longer apply removed. Fired rows are never touched (an alert
/// fires once per request, target and state).
pub async fn reschedule_with(
    db: &impl ConnectionTrait,
    ctx: &SlaContext,
    r: &request::Model,
    log: &sla::context::RequestLog,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let figures = ctx.evaluate(r, log, now);
    let near = ctx
        .policy(r.pipeline_id)
        .map(|p| p.near)
        .unwrap_or_default();
    let mut desired: Vec<(String, String, String, DateTime<Utc>)> = vec![];
    if r.closed_at.is_none() {
        for t in &figures.targets {
            for (state, due) in due_instants(ctx, t, &near, now) {
                desired.push((
                    kind_str(t.kind).into(),
                    t.name.clone(),
                    state.as_str().into(),
                    due,
                ));
            }
        }
    }
    let existing = sla_alert::Entity::find()
        .filter(sla_alert::Column::RequestId.eq(r.id))
        .all(db)
        .await?;
    for row in &existing {
        let wanted = desired
            .iter()
            .find(|d| d.0 == row.target_kind && d.1 == row.target_name && d.2 == row.state);
        match (row.fired_at, wanted) {
            (Some(_), _) => {}
            (None, None) => {
                sla_alert::Entity::delete_by_id(row.id).exec(db).await?;
            }
            (None, Some(d)) if d.3 != row.due_at => {
                let mut am = row.clone().into_active_model();
                am.due_at = Set(d.3);
                am.update(db).await?;
            }
            _ => {}
        }
    }
    for d in desired {
        let known = existing
            .iter()
            .any(|row| row.target_kind == d.0 && row.target_name == d.1 && row.state == d.2);
        if !known {
            sla_alert::ActiveModel {
                target_kind: Set(d.0),
                target_name: Set(d.1),
                state: Set(d.2),
                due_at: Set(d.3),
                fired_at: Set(None),
                company_id: Set(r.company_id),
                request_id: Set(r.id),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Reschedules one request.
pub async fn reschedule(db: &impl ConnectionTrait, r: &request::Model) -> AppResult<()> {
    let now = Utc::now();
    let ctx = SlaContext::load(db, r.company_id).await?;
    let log = sla::context::logs(db, r.company_id, &[r.id])
        .await?
        .remove(&r.id)
        .unwrap_or_default();
    reschedule_with(db, &ctx, r, &log, now).await
}

/// After a change that is already committed: a failure here is logged, not shown to the user
/// (the watcher's reconciliation repairs the schedule).
pub async fn reschedule_quietly(db: &impl ConnectionTrait, r: &request::Model) {
    if let Err(e) = reschedule(db, r).await {
        tracing::error!(request_id = r.id, error = ?e, "alert schedule not updated");
    }
}

/// Reschedules every open request of a company (after a calendar or policy change, and when
/// the watcher starts). Returns how many were looked at.
pub async fn reschedule_company(db: &impl ConnectionTrait, company_id: i64) -> AppResult<usize> {
    let now = Utc::now();
    let ctx = SlaContext::load(db, company_id).await?;
    let open = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::ClosedAt.is_null())
        .all(db)
        .await?;
    let ids: Vec<i64> = open.iter().map(|r| r.id).collect();
    let mut logs = sla::context::logs(db, company_id, &ids).await?;
    for r in &open {
        let log = logs.remove(&r.id).unwrap_or_default();
        reschedule_with(db, &ctx, r, &log, now).await?;
    }
    Ok(open.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_comes_from_the_share_or_the_minutes_whichever_first() {
        let limit = 4 * 3600;
        assert_eq!(
            near_at_used(
                limit,
                &Near {
                    share: Some(0.8),
                    minutes: None
                }
            ),
            Some(11_520)
        );
        assert_eq!(
            near_at_used(
                limit,
                &Near {
                    share: None,
                    minutes: Some(60)
                }
            ),
            Some(3 * 3600)
        );
        assert_eq!(
            near_at_used(
                limit,
                &Near {
                    share: Some(0.8),
                    minutes: Some(60)
                }
            ),
            Some(3 * 3600)
        );
        assert_eq!(
            near_at_used(
                limit,
                &Near {
                    share: None,
                    minutes: None
                }
            ),
            None
        );
    }
}
