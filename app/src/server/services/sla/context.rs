//! Everything the clock needs for one company, loaded once per call, and the evaluation of
//! requests against it.

use crate::domain::sla::calendar::{Calendar, Compiled};
use crate::domain::sla::intervals::{self, Interval, StatusEvent, StatusInfo};
use crate::domain::sla::policy::{self, Policy, RequestClock, Target};
use crate::error::AppResult;
use crate::model::event_kind;
use crate::server::entities::{calendar, company, request, request_event, sla_policy, status};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Calendars, policies and statuses of one company.
pub struct SlaContext {
    pub timezone: String,
    pub default_calendar: Calendar,
    default_compiled: Compiled,
    pub stage_calendars: HashMap<i64, (Calendar, Compiled)>,
    pub policies: HashMap<i64, Policy>,
    pub statuses: HashMap<i64, StatusInfo>,
}

impl SlaContext {
    pub async fn load(db: &impl ConnectionTrait, company_id: i64) -> AppResult<Self> {
        let tz = company::Entity::find_by_id(company_id)
            .one(db)
            .await?
            .map(|c| c.timezone)
            .unwrap_or_else(|| "UTC".into());
        let mut default_calendar = Calendar::always(&tz);
        let mut stage_calendars = HashMap::new();
        for row in calendar::Entity::find()
            .filter(calendar::Column::CompanyId.eq(company_id))
            .all(db)
            .await?
        {
            let Ok(cal) = serde_json::from_str::<Calendar>(&row.definition) else {
                tracing::error!(
                    calendar_id = row.id,
                    "stored calendar does not parse; using 24/7"
                );
                continue;
            };
            match row.stage_id {
                None => default_calendar = cal,
                Some(stage) => {
                    let compiled = cal.compile();
                    stage_calendars.insert(stage, (cal, compiled));
                }
            }
        }
        let policies = sla_policy::Entity::find()
            .filter(sla_policy::Column::CompanyId.eq(company_id))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|p| {
                serde_json::from_str::<Policy>(&p.definition)
                    .ok()
                    .map(|policy| (p.pipeline_id, policy))
            })
            .collect();
        let statuses = status::Entity::find()
            .filter(status::Column::CompanyId.eq(company_id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| {
                (
                    s.id,
                    StatusInfo {
                        stage_id: s.stage_id,
                        pauses_sla: s.pauses_sla,
                        closing: s.is_closing,
                    },
                )
            })
            .collect();
        Ok(Self {
            timezone: tz,
            default_compiled: default_calendar.compile(),
            default_calendar,
            stage_calendars,
            policies,
            statuses,
        })
    }

    /// The stage's own calendar, else the company's default (24/7 unless set).
    pub fn compiled(&self, stage_id: i64) -> &Compiled {
        self.stage_calendars
            .get(&stage_id)
            .map_or(&self.default_compiled, |(_, c)| c)
    }

    pub fn calendar(&self, stage_id: i64) -> &Calendar {
        self.stage_calendars
            .get(&stage_id)
            .map_or(&self.default_calendar, |(c, _)| c)
    }

    pub fn policy(&self, pipeline_id: i64) -> Option<&Policy> {
        self.policies.get(&pipeline_id)
    }

    /// Intervals and targets of one request from its log.
    pub fn evaluate(&self, r: &request::Model, log: &RequestLog, now: DateTime<Utc>) -> RequestSla {
        self.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, log, now)
    }

    /// The same from the few fields the clock reads (bulk recomputes load only these).
    pub fn evaluate_parts(
        &self,
        pipeline_id: i64,
        created_at: DateTime<Utc>,
        urgent: bool,
        log: &RequestLog,
        now: DateTime<Utc>,
    ) -> RequestSla {
        let intervals = intervals::build(
            &log.status_events,
            |id| self.statuses.get(&id).copied(),
            |stage| self.compiled(stage),
            now,
        );
        let targets = match self.policy(pipeline_id) {
            Some(policy) => policy::evaluate(
                policy,
                &RequestClock {
                    created_at,
                    first_assigned_at: log.first_assigned_at,
                    urgent,
                    intervals: &intervals,
                    now,
                },
                |stage| self.compiled(stage),
            ),
            None => vec![],
        };
        RequestSla {
            computed_at: now,
            intervals,
            targets,
        }
    }
}

/// The part of a request's log the clock reads.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    pub status_events: Vec<StatusEvent>,
    pub first_assigned_at: Option<DateTime<Utc>>,
}

/// A request's SLA figures at `computed_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSla {
    pub computed_at: DateTime<Utc>,
    pub intervals: Vec<Interval>,
    pub targets: Vec<Target>,
}

/// One event-log row as the clock reads it: request, status, assignee, source time.
type LogRow = (i64, Option<i64>, Option<i64>, DateTime<Utc>);

/// Reads the logs of `request_ids` in one query.
pub async fn logs(
    db: &impl ConnectionTrait,
    company_id: i64,
    request_ids: &[i64],
) -> AppResult<HashMap<i64, RequestLog>> {
    let mut out: HashMap<i64, RequestLog> = HashMap::new();
    for chunk in request_ids.chunks(900) {
        let rows: Vec<LogRow> = request_event::Entity::find()
            .select_only()
            .column(request_event::Column::RequestId)
            .column(request_event::Column::StatusId)
            .column(request_event::Column::AssigneeId)
            .column(request_event::Column::At)
            .filter(request_event::Column::CompanyId.eq(company_id))
            .filter(request_event::Column::RequestId.is_in(chunk.iter().copied()))
            .filter(request_event::Column::Kind.is_in([
                event_kind::CREATED,
                event_kind::STATUS_CHANGED,
                event_kind::ASSIGNED,
            ]))
            .order_by_asc(request_event::Column::At)
            .order_by_asc(request_event::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        // Status events carry a status; assignment events do not.
        for (request_id, status_id, assignee_id, at) in rows {
            let log = out.entry(request_id).or_default();
            match status_id {
                Some(status_id) => log.status_events.push(StatusEvent { status_id, at }),
                None => {
                    if assignee_id.is_some() && log.first_assigned_at.is_none() {
                        log.first_assigned_at = Some(at);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// SLA of one request.
pub async fn for_request(
    db: &impl ConnectionTrait,
    r: &request::Model,
    now: DateTime<Utc>,
) -> AppResult<(SlaContext, RequestSla)> {
    let ctx = SlaContext::load(db, r.company_id).await?;
    let log = logs(db, r.company_id, &[r.id])
        .await?
        .remove(&r.id)
        .unwrap_or_default();
    let sla = ctx.evaluate(r, &log, now);
    Ok((ctx, sla))
}

/// SLA of many requests of one company (a list page, a board).
pub async fn for_requests(
    db: &impl ConnectionTrait,
    company_id: i64,
    requests: &[request::Model],
    now: DateTime<Utc>,
) -> AppResult<(SlaContext, HashMap<i64, RequestSla>)> {
    let ctx = SlaContext::load(db, company_id).await?;
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let mut logs = logs(db, company_id, &ids).await?;
    let out = requests
        .iter()
        .map(|r| {
            let log = logs.remove(&r.id).unwrap_or_default();
            (r.id, ctx.evaluate(r, &log, now))
        })
        .collect();
    Ok((ctx, out))
}
