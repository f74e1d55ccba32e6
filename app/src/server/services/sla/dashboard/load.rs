//! What the dashboard counts, loaded in a handful of queries: the requests of the period (and,
//! for the live parts, those of the last 30 days and every open one) with their logs (kept on
//! the request row), each evaluated once with the shared SLA code — or, for settled
//! requests whose log has not changed, taken from the figures kept since the last view — and
//! the names the screens show.

use super::settled::{Key, SettledFigures};
use crate::domain::sla::breach::breach_instant;
use crate::domain::sla::policy::{SlaState, Target};
use crate::domain::time;
use crate::error::{AppError, AppResult};
use crate::model::DashboardFilter;
use crate::server::auth::Actor;
use crate::server::entities::{category, request, staff_profile, team, user};
use crate::server::services::sla::context::{self, LogSignature, RequestLog, SlaContext};
use crate::server::services::sla::view::Names;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use context::CHUNK;

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
    /// The clock events ([`context::clock_log`]) until the request is evaluated.
    pub log: Option<String>,
}

/// A request's SLA targets at the time of asking, and when each over one was breached.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub targets: Vec<Target>,
    /// Per target: when its limit was reached, if it is over.
    pub breaches: Vec<Option<DateTime<Utc>>>,
}

/// One request with its SLA.
pub struct Row {
    pub r: Req,
    pub sla: Arc<Figures>,
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
    pub ctx: Arc<SlaContext>,
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
    settled: &SettledFigures,
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
    let mut requests = q
        .filter(when)
        .column_as(context::clock_log(), "log")
        .order_by_asc(C::CreatedAt)
        .order_by_asc(C::Id)
        .into_model::<Req>()
        .all(db)
        .await?;
    let fingerprint = ctx.fingerprint;
    // Settled requests whose log has not changed since their figures were kept pass through.
    let kept = match settled.is_warm(company, fingerprint) {
        true => {
            let keys = requests
                .iter()
                .map(|r| {
                    let log = match &r.log {
                        Some(text) => context::signature(text)?,
                        None => LogSignature::default(),
                    };
                    Ok((r.id, key(r, log)))
                })
                .collect::<AppResult<Vec<_>>>()?;
            settled.lookup(company, fingerprint, keys.into_iter())
        }
        false => vec![None; requests.len()],
    };
    for (r, kept) in requests.iter_mut().zip(&kept) {
        if kept.is_some() {
            r.log = None;
        }
    }
    let requests: Vec<(Req, Option<Arc<Figures>>)> = requests.into_iter().zip(kept).collect();
    let loaded = started.elapsed();
    let ctx = Arc::new(ctx);
    let evaluated_rows = requests.iter().filter(|(_, kept)| kept.is_none()).count();
    let (rows, newly_settled) = evaluate_all(&ctx, requests, now).await?;
    settled.keep(company, fingerprint, newly_settled.into_iter());
    let evaluated = started.elapsed();
    let (lookups, names) =
        futures::try_join!(lookups(db, company, &rows), Names::load(db, company))?;
    tracing::debug!(
        requests = rows.len(),
        evaluated = evaluated_rows,
        read_ms = loaded.as_millis() as u64,
        evaluate_ms = (evaluated - loaded).as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "SLA dashboard data"
    );
    Ok(Dataset {
        tz: time::tz(&ctx.timezone),
        ctx,
        bounds,
        rows,
        names,
        lookups,
    })
}

/// What a request is evaluated from: its kept figures, or its log's text (none: no events).
enum Input {
    Kept(Arc<Figures>),
    Log(Option<String>),
}

/// What a settled request's figures are kept under.
fn key(r: &Req, log: LogSignature) -> Key {
    Key {
        pipeline_id: r.pipeline_id,
        created_at: r.created_at,
        urgent: r.urgent,
        log,
    }
}

/// Requests whose figures were kept pass through; the others are evaluated against their
/// logs on all cores (the clock is pure CPU work): cut into one part per core, each evaluated
/// on the blocking pool, and joined in their order. Also returns the newly evaluated requests
/// that are settled, to keep.
async fn evaluate_all(
    ctx: &Arc<SlaContext>,
    requests: Vec<(Req, Option<Arc<Figures>>)>,
    now: DateTime<Utc>,
) -> AppResult<(Vec<Row>, Vec<(i64, Key, Arc<Figures>)>)> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let per_part = requests.len().div_ceil(cores).max(256);
    let mut parts = vec![];
    let mut requests = requests.into_iter().peekable();
    while requests.peek().is_some() {
        let part: Vec<(Req, Input)> = requests
            .by_ref()
            .take(per_part)
            .map(|(mut r, kept)| {
                let input = match kept {
                    Some(figures) => Input::Kept(figures),
                    None => Input::Log(r.log.take()),
                };
                (r, input)
            })
            .collect();
        let ctx = ctx.clone();
        parts.push(tokio::task::spawn_blocking(move || {
            let mut rows = Vec::with_capacity(part.len());
            let mut settled = vec![];
            for (r, input) in part {
                let figures = match input {
                    Input::Kept(kept) => kept,
                    Input::Log(text) => {
                        let (figures, done) = evaluate_one(&ctx, &r, text.as_deref(), now)?;
                        if let Some(log) = done {
                            settled.push((r.id, key(&r, log), figures.clone()));
                        }
                        figures
                    }
                };
                rows.push(Row { r, sla: figures });
            }
            AppResult::Ok((rows, settled))
        }));
    }
    let (mut rows, mut settled) = (vec![], vec![]);
    for part in parts {
        let (part, done) = part.await.map_err(|e| {
            tracing::error!(error = %e, "SLA evaluation task failed");
            AppError::Internal
        })??;
        rows.extend(part);
        settled.extend(done);
    }
    Ok((rows, settled))
}

/// The figures of one request at `now`, and its log's signature if it is settled: closed,
/// no target's clock running — its figures stay the same at any later time.
fn evaluate_one(
    ctx: &SlaContext,
    r: &Req,
    log: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<(Arc<Figures>, Option<LogSignature>)> {
    let log = match log {
        Some(text) => context::parse_log(text)?,
        None => RequestLog::default(),
    };
    let sla = ctx.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, &log, now);
    let breaches = match ctx.policy(r.pipeline_id) {
        Some(policy) => sla
            .targets
            .iter()
            .map(|t| breach_instant(t, policy, r.created_at, &sla.intervals, |s| ctx.compiled(s)))
            .collect(),
        None => vec![None; sla.targets.len()],
    };
    let settled =
        sla.intervals.last().is_some_and(|i| i.closing) && sla.targets.iter().all(|t| !t.running);
    let figures = Arc::new(Figures {
        targets: sla.targets,
        breaches,
    });
    Ok((figures, settled.then_some(log.signature)))
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
