//! The SLA dashboard and its report: every figure recomputed from the event logs with the
//! shared SLA code, inside the caller's company, for executives, managers, dispatchers and
//! admins.

pub mod figures;
pub mod load;
pub mod settled;

use crate::domain::number;
use crate::error::AppResult;
use crate::model::{
    DashboardFilter, DashboardOptions, Named, SlaDashboard, StaffRow, TargetView,
    can_view_sla_dashboard,
};
use crate::server::auth::Actor;
use crate::server::entities::{building, category, pipeline, team};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use settled::SettledFigures;

/// The dashboard for filter `f` at `now`.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    settled: &SettledFigures,
    actor: &Actor,
    f: &DashboardFilter,
    now: DateTime<Utc>,
) -> AppResult<SlaDashboard> {
    actor.require(can_view_sla_dashboard)?;
    let (ds, options) = futures::try_join!(
        load::load(db, settled, actor, f, now, true),
        options(db, actor.company_id)
    )?;
    let (breaches, arrivals) = figures::heatmaps(ds.period_rows(), ds.tz);
    let (staff, unassigned) = figures::staff(ds.period_rows(), &ds.lookups, f.sort, f.descending);
    let (mut requests, mut breached_targets, mut finished_targets, mut on_time_targets) =
        (0, 0, 0, 0);
    for row in ds.period_rows() {
        let (finished, on_time) = figures::finished(&row.sla.targets);
        requests += 1;
        breached_targets += row
            .sla
            .targets
            .iter()
            .filter(|t| t.state == crate::domain::sla::policy::SlaState::Over)
            .count() as u32;
        finished_targets += finished;
        on_time_targets += on_time;
    }
    let near = figures::near(&ds, now, f.within);
    let mut calendars = vec![];
    for stage in near.iter().filter_map(|n| n.target.clock_stage_id) {
        if !calendars.iter().any(|(s, _)| *s == stage) {
            calendars.push((stage, ds.ctx.calendar(stage).clone()));
        }
    }
    Ok(SlaDashboard {
        now,
        timezone: ds.ctx.timezone.clone(),
        from: ds.bounds.period.0,
        to: ds.bounds.period.1,
        requests,
        unassigned,
        breached_targets,
        finished_targets,
        on_time_targets,
        averages: figures::averages(&ds),
        breaches,
        arrivals,
        near,
        calendars,
        staff,
        options,
    })
}

/// Fills the settled figures of a company's last year when none are kept under its current
/// settings (the process just started, or someone edited a calendar, a policy or a status), so
/// that the next view of the dashboard finds them. Answers whether it had to.
pub async fn warm(
    db: &impl ConnectionTrait,
    settled: &SettledFigures,
    company_id: i64,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let ctx = crate::server::services::sla::SlaContext::load(db, company_id).await?;
    if settled.knows(company_id, ctx.fingerprint) {
        return Ok(false);
    }
    let system = Actor {
        user_id: None,
        company_id,
        role: crate::model::Role::Executive,
        session_id: None,
    };
    let today = now
        .with_timezone(&crate::domain::time::tz(&ctx.timezone))
        .date_naive();
    let f = DashboardFilter {
        from: today.checked_sub_days(chrono::Days::new(366)),
        to: Some(today),
        ..DashboardFilter::default()
    };
    load::load(db, settled, &system, &f, now, false).await?;
    // Known even when nothing was settled, so the next round does not evaluate it again.
    settled.keep(company_id, ctx.fingerprint, std::iter::empty());
    Ok(true)
}

/// One line of the report: a target of a request created in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    pub number: String,
    pub title: String,
    pub category: Option<String>,
    pub assignee: Option<String>,
    pub created_at: DateTime<Utc>,
    pub target: TargetView,
    /// When the limit was reached (over targets only).
    pub breached_at: Option<DateTime<Utc>>,
}

/// The SLA report of a period: every target of every request, and the staff table.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaReport {
    pub timezone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lines: Vec<ReportLine>,
    pub staff: Vec<StaffRow>,
}

/// The report for filter `f` (period, pipeline, category, building, team) at `now`.
pub async fn report(
    db: &impl ConnectionTrait,
    settled: &SettledFigures,
    actor: &Actor,
    f: &DashboardFilter,
    now: DateTime<Utc>,
) -> AppResult<SlaReport> {
    actor.require(can_view_sla_dashboard)?;
    let ds = load::load(db, settled, actor, f, now, false).await?;
    let (staff, _) = figures::staff(ds.period_rows(), &ds.lookups, f.sort, f.descending);
    let mut lines = vec![];
    for row in ds.period_rows() {
        let r = &row.r;
        for (i, t) in row.sla.targets.iter().enumerate() {
            lines.push(ReportLine {
                number: number::format(r.number),
                title: r.title.clone(),
                category: r
                    .category_id
                    .and_then(|c| ds.lookups.categories.get(&c).cloned()),
                assignee: r
                    .assignee_id
                    .and_then(|a| ds.lookups.users.get(&a).cloned()),
                created_at: r.created_at,
                target: figures::target_view(t, &ds.names),
                breached_at: row.sla.breaches.get(i).copied().flatten(),
            });
        }
    }
    Ok(SlaReport {
        timezone: ds.ctx.timezone.clone(),
        from: ds.bounds.period.0,
        to: ds.bounds.period.1,
        lines,
        staff,
    })
}

/// Pipelines, categories, buildings and teams of the company, for the filter bar.
async fn options(db: &impl ConnectionTrait, company: i64) -> AppResult<DashboardOptions> {
    let named = |id: i64, name: String| Named { id, name };
    Ok(DashboardOptions {
        pipelines: pipeline::Entity::find()
            .filter(pipeline::Column::CompanyId.eq(company))
            .order_by_asc(pipeline::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|p| named(p.id, p.name))
            .collect(),
        categories: category::Entity::find()
            .filter(category::Column::CompanyId.eq(company))
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|c| named(c.id, c.name))
            .collect(),
        buildings: building::Entity::find()
            .filter(building::Column::CompanyId.eq(company))
            .order_by_asc(building::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|b| named(b.id, b.name))
            .collect(),
        teams: team::Entity::find()
            .filter(team::Column::CompanyId.eq(company))
            .order_by_asc(team::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|t| named(t.id, t.name))
            .collect(),
    })
}
