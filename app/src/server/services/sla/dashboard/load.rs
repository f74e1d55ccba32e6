//! What the dashboard counts, loaded in a handful of queries: the requests of the period (and,
//! for the live parts, those of the last 30 days and every open one), their logs in chunks,
//! each evaluated once with the shared SLA code, and the names the screens show.

use crate::domain::sla::breach::breach_instant;
use crate::domain::sla::policy::SlaState;
use crate::domain::time;
use crate::error::AppResult;
use crate::model::DashboardFilter;
use crate::server::auth::Actor;
use crate::server::entities::{category, request, staff_profile, team, user};
use crate::server::services::sla::context::{self, RequestLog, RequestSla, SlaContext};
use crate::server::services::sla::view::Names;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use futures::{StreamExt, TryStreamExt};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use std::time::Instant;

/// SQLite allows 32,766 bound parameters (999 before 3.32): stay well below.
const CHUNK: usize = 900;
/// Chunks of the log read at the same time (the SQLite pool holds 8 connections).
const PARALLEL: usize = 4;

/// The columns of a request the dashboard reads (descriptions and search text stay on disk).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Req {
    pub id: i64,
    pub number: i64,
    pub title: String,
    pub pipeline_id: i64,
    pub category_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub urgent: bool,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One request with its SLA at `now`.
pub struct Row {
    pub r: Req,
    pub sla: RequestSla,
    /// Per target of `sla.targets`: when its limit was reached, if it is over.
    pub breaches: Vec<Option<DateTime<Utc>>>,
}

impl Row {
    /// At least one target is over its limit.
    pub fn breached(&self) -> bool {
        self.sla.targets.iter().any(|t| t.state == SlaState::Over)
    }
}

/// Names of the people, teams and categories the rows refer to.
#[derive(Default)]
pub struct Lookups {
    pub users: HashMap<i64, String>,
    /// Team name per user with a staff profile in a team.
    pub user_teams: HashMap<i64, String>,
    pub categories: HashMap<i64, String>,
}

/// Where each part of the dashboard starts, in UTC.
pub struct Bounds {
    pub period: (NaiveDate, NaiveDate),
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    /// Today, the last 7 days, the last 30 days (company timezone, today included).
    pub windows: [(&'static str, DateTime<Utc>); 3],
}

impl Bounds {
    pub fn new(f: &DashboardFilter, tz: &str, now: DateTime<Utc>) -> Self {
        let today = now.with_timezone(&time::tz(tz)).date_naive();
        let period = f.period(today);
        let start = |d: NaiveDate| time::day_start_utc(d, tz);
        let next = |d: NaiveDate| start(d.succ_opt().unwrap_or(d));
        Self {
            period,
            period_start: start(period.0),
            period_end: next(period.1),
            windows: [
                ("today", start(today)),
                ("week", start(today - Duration::days(6))),
                ("month", start(today - Duration::days(29))),
            ],
        }
    }

    pub fn in_period(&self, at: DateTime<Utc>) -> bool {
        at >= self.period_start && at < self.period_end
    }
}

pub struct Dataset {
    pub ctx: SlaContext,
    pub tz: Tz,
    pub bounds: Bounds,
    pub rows: Vec<Row>,
    pub names: Names,
    pub lookups: Lookups,
}

impl Dataset {
    /// The rows created in the period.
    pub fn period_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(|row| self.bounds.in_period(row.r.created_at))
    }
}

/// Loads and evaluates the requests `f` selects in the caller's company. With `live`, also
/// those created in the last 30 days and every open one (for averages and near-breaches).
pub async fn load(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &DashboardFilter,
    now: DateTime<Utc>,
    live: bool,
) -> AppResult<Dataset> {
    use request::Column as C;
    let started = Instant::now();
    let company = actor.company_id;
    let ctx = SlaContext::load(db, company).await?;
    let bounds = Bounds::new(f, &ctx.timezone, now);
    let mut q = request::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Number,
            C::Title,
            C::PipelineId,
            C::CategoryId,
            C::AssigneeId,
            C::Urgent,
            C::CreatedAt,
            C::ClosedAt,
        ])
        .filter(C::CompanyId.eq(company));
    if let Some(v) = f.pipeline {
        q = q.filter(C::PipelineId.eq(v));
    }
    if let Some(v) = f.category {
        q = q.filter(C::CategoryId.eq(v));
    }
    if let Some(v) = f.building {
        q = q.filter(C::BuildingId.eq(v));
    }
    if let Some(team_id) = f.team {
        let members: Vec<i64> = staff_profile::Entity::find()
            .select_only()
            .column(staff_profile::Column::UserId)
            .filter(staff_profile::Column::CompanyId.eq(company))
            .filter(staff_profile::Column::TeamId.eq(team_id))
            .into_tuple()
            .all(db)
            .await?;
        q = match members.is_empty() {
            true => q.filter(C::Id.eq(-1)),
            false => q.filter(C::AssigneeId.is_in(members)),
        };
    }
    let mut when = Condition::any().add(
        Condition::all()
            .add(C::CreatedAt.gte(bounds.period_start))
            .add(C::CreatedAt.lt(bounds.period_end)),
    );
    if live {
        when = when
            .add(C::CreatedAt.gte(bounds.windows[2].1))
            .add(C::ClosedAt.is_null());
    }
    let requests: Vec<Req> = q
        .filter(when)
        .order_by_asc(C::CreatedAt)
        .order_by_asc(C::Id)
        .into_model()
        .all(db)
        .await?;
    let loaded = started.elapsed();
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let mut logs = logs_of(db, company, &ids).await?;
    let logged = started.elapsed();
    let rows = requests
        .into_iter()
        .map(|r| {
            let log = logs.remove(&r.id).unwrap_or_default();
            let sla = ctx.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, &log, now);
            let breaches = match ctx.policy(r.pipeline_id) {
                Some(policy) => sla
                    .targets
                    .iter()
                    .map(|t| {
                        breach_instant(t, policy, r.created_at, &sla.intervals, |s| ctx.compiled(s))
                    })
                    .collect(),
                None => vec![None; sla.targets.len()],
            };
            Row { r, sla, breaches }
        })
        .collect::<Vec<_>>();
    let evaluated = started.elapsed();
    let lookups = lookups(db, company, &rows).await?;
    tracing::debug!(
        requests = rows.len(),
        load_ms = loaded.as_millis() as u64,
        logs_ms = (logged - loaded).as_millis() as u64,
        evaluate_ms = (evaluated - logged).as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "SLA dashboard data"
    );
    Ok(Dataset {
        tz: time::tz(&ctx.timezone),
        ctx,
        bounds,
        rows,
        names: Names::load(db, company).await?,
        lookups,
    })
}

/// The logs of `ids`, chunk by chunk over several pooled connections at once: for a year of
/// history the driver's cost per row dominates, and this spreads it over the cores.
async fn logs_of(
    db: &impl ConnectionTrait,
    company: i64,
    ids: &[i64],
) -> AppResult<HashMap<i64, RequestLog>> {
    let chunks: Vec<Vec<i64>> = ids.chunks(CHUNK).map(<[i64]>::to_vec).collect();
    let parts: Vec<HashMap<i64, RequestLog>> = futures::stream::iter(chunks)
        .map(|chunk| async move { context::logs(db, company, &chunk).await })
        .buffer_unordered(PARALLEL)
        .try_collect()
        .await?;
    let mut out = HashMap::with_capacity(ids.len());
    for part in parts {
        out.extend(part);
    }
    Ok(out)
}

async fn lookups(db: &impl ConnectionTrait, company: i64, rows: &[Row]) -> AppResult<Lookups> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|row| row.r.assignee_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut users = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<(i64, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        users.extend(found);
    }
    let teams: HashMap<i64, String> = team::Entity::find()
        .filter(team::Column::CompanyId.eq(company))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let user_teams = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.user_id, teams.get(&p.team_id?)?.clone())))
        .collect();
    let categories = category::Entity::find()
        .filter(category::Column::CompanyId.eq(company))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(Lookups {
        users,
        user_teams,
        categories,
    })
}
