//! SLA figures as the screens show them: names instead of ids, the calendars running clocks
//! need, and the one target a row or card highlights.

use super::context::{RequestSla, SlaContext};
use crate::domain::sla::policy::{SlaState, Target, TargetKind};
use crate::error::AppResult;
use crate::model::{IntervalView, SlaBadge, SlaView, TargetView};
use crate::server::entities::{stage, status};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Stage and status names of a company.
pub struct Names {
    pub stages: HashMap<i64, String>,
    pub statuses: HashMap<i64, String>,
}

impl Names {
    pub async fn load(db: &impl ConnectionTrait, company_id: i64) -> AppResult<Self> {
        let stages = stage::Entity::find()
            .filter(stage::Column::CompanyId.eq(company_id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let statuses = status::Entity::find()
            .filter(status::Column::CompanyId.eq(company_id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        Ok(Self { stages, statuses })
    }
}

fn target_view(t: &Target, names: &Names) -> TargetView {
    TargetView {
        kind: t.kind,
        label: match t.kind {
            TargetKind::Stage => t
                .stage_id
                .and_then(|s| names.stages.get(&s).cloned())
                .unwrap_or_default(),
            TargetKind::Cycle => t.name.clone(),
            TargetKind::Reaction => String::new(),
        },
        limit_seconds: t.limit_seconds,
        used_seconds: t.used_seconds,
        state: t.state,
        deadline: t.deadline,
        running: t.running,
        finished: t.finished,
        clock_stage_id: t.clock_stage_id,
    }
}

/// Everything the request page shows.
pub fn view(ctx: &SlaContext, pipeline_id: i64, sla: &RequestSla, names: &Names) -> SlaView {
    let mut calendars: Vec<(i64, _)> = vec![];
    for t in &sla.targets {
        if let Some(stage) = t.clock_stage_id
            && !calendars.iter().any(|(s, _)| *s == stage)
        {
            calendars.push((stage, ctx.calendar(stage).clone()));
        }
    }
    SlaView {
        computed_at: sla.computed_at,
        intervals: sla
            .intervals
            .iter()
            .map(|i| IntervalView {
                status: names
                    .statuses
                    .get(&i.status_id)
                    .cloned()
                    .unwrap_or_default(),
                stage: names.stages.get(&i.stage_id).cloned().unwrap_or_default(),
                from: i.from,
                to: i.to,
                wall_seconds: i.wall_seconds,
                working_seconds: i.working_seconds,
                paused: i.paused,
                closing: i.closing,
            })
            .collect(),
        targets: sla.targets.iter().map(|t| target_view(t, names)).collect(),
        near: ctx.policy(pipeline_id).map(|p| p.near).unwrap_or_default(),
        calendars,
    }
}

/// The target a row highlights: the running one that breaches first, else the worst result.
pub fn badge(
    ctx: &SlaContext,
    pipeline_id: i64,
    sla: &RequestSla,
    names: &Names,
) -> Option<SlaBadge> {
    badge_of(ctx, pipeline_id, &sla.targets, sla.computed_at, names)
}

/// [`badge`] from a request's targets computed at `computed_at` (kept figures have no
/// intervals).
pub fn badge_of(
    ctx: &SlaContext,
    pipeline_id: i64,
    targets: &[Target],
    computed_at: chrono::DateTime<chrono::Utc>,
    names: &Names,
) -> Option<SlaBadge> {
    let running = targets
        .iter()
        .filter(|t| t.running)
        .min_by_key(|t| t.deadline.map(|d| d.timestamp()).unwrap_or(i64::MAX));
    let rank = |s: SlaState| match s {
        SlaState::Over => 2,
        SlaState::Near => 1,
        SlaState::Ok => 0,
    };
    let pick = running.or_else(|| targets.iter().max_by_key(|t| rank(t.state)))?;
    Some(SlaBadge {
        target: target_view(pick, names),
        computed_at,
        near: ctx.policy(pipeline_id).map(|p| p.near).unwrap_or_default(),
    })
}
