//! Everything the clock needs for one company, loaded once per call, and the evaluation of
//! requests against it.

use crate::domain::sla::calendar::{Calendar, Compiled};
use crate::domain::sla::intervals::{self, Interval, StatusEvent, StatusInfo};
use crate::domain::sla::policy::{self, Policy, RequestClock, Target};
use crate::error::{AppError, AppResult};
use crate::server::entities::{calendar, company, request, sla_policy, status};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Calendars, policies and statuses of one company.
pub struct SlaContext {
    pub timezone: String,
    pub default_calendar: Calendar,
    default_compiled: Compiled,
    pub stage_calendars: HashMap<i64, (Calendar, Compiled)>,
    pub policies: HashMap<i64, Policy>,
    pub statuses: HashMap<i64, StatusInfo>,
    /// A hash of everything above as stored (timezone, calendar and policy definitions,
    /// statuses): figures kept between calls are valid only under the same fingerprint.
    pub fingerprint: u64,
}

impl SlaContext {
    /// Loads the company's calendars, policies and statuses (the four reads run at once).
    pub async fn load(db: &impl ConnectionTrait, company_id: i64) -> AppResult<Self> {
        let (company, calendars, policies, statuses) = futures::try_join!(
            company::Entity::find_by_id(company_id).one(db),
            calendar::Entity::find()
                .filter(calendar::Column::CompanyId.eq(company_id))
                .all(db),
            sla_policy::Entity::find()
                .filter(sla_policy::Column::CompanyId.eq(company_id))
                .all(db),
            status::Entity::find()
                .filter(status::Column::CompanyId.eq(company_id))
                .all(db),
        )?;
        let tz = company.map_or_else(|| "UTC".into(), |c| c.timezone);
        Ok(Self::build(tz, calendars, policies, &statuses))
    }

    /// The context from the company's timezone and its stored calendars, policies and statuses.
    pub fn build(
        tz: String,
        calendars: Vec<calendar::Model>,
        policies: Vec<sla_policy::Model>,
        statuses: &[status::Model],
    ) -> Self {
        let fingerprint = fingerprint(&tz, &calendars, &policies, statuses);
        let mut default_calendar = Calendar::always(&tz);
        let mut stage_calendars = HashMap::new();
        for row in calendars {
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
        let policies = policies
            .into_iter()
            .filter_map(|p| {
                serde_json::from_str::<Policy>(&p.definition)
                    .ok()
                    .map(|policy| (p.pipeline_id, policy))
            })
            .collect();
        let statuses = statuses
            .iter()
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
        Self {
            timezone: tz,
            default_compiled: default_calendar.compile(),
            default_calendar,
            stage_calendars,
            policies,
            statuses,
            fingerprint,
        }
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

/// The stored configuration the clock depends on, hashed in id order.
fn fingerprint(
    tz: &str,
    calendars: &[calendar::Model],
    policies: &[sla_policy::Model],
    statuses: &[status::Model],
) -> u64 {
    let mut h = DefaultHasher::new();
    tz.hash(&mut h);
    let mut cals: Vec<_> = calendars
        .iter()
        .map(|c| (c.id, c.stage_id, c.definition.as_str()))
        .collect();
    cals.sort_unstable();
    cals.hash(&mut h);
    let mut pols: Vec<_> = policies
        .iter()
        .map(|p| (p.id, p.pipeline_id, p.definition.as_str()))
        .collect();
    pols.sort_unstable();
    pols.hash(&mut h);
    let mut sts: Vec<_> = statuses
        .iter()
        .map(|s| (s.id, s.stage_id, s.pauses_sla, s.is_closing))
        .collect();
    sts.sort_unstable();
    sts.hash(&mut h);
    h.finish()
}

/// The part of a request's log the clock reads.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    pub status_events: Vec<StatusEvent>,
    pub first_assigned_at: Option<DateTime<Utc>>,
    /// Which clock events these are (the log is append-only: a new one changes it).
    pub signature: LogSignature,
}

/// How many clock events a request's log holds and the largest event id among them. The log
/// is append-only, so any event added (even one committed after a later id) changes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct LogSignature {
    pub events: i64,
    pub last_id: i64,
}

/// A request's SLA figures at `computed_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSla {
    pub computed_at: DateTime<Utc>,
    pub intervals: Vec<Interval>,
    pub targets: Vec<Target>,
}

/// Bound parameters per `IN (…)` list (SQLite allows 32,766 since 3.32, PostgreSQL 65,535).
pub const CHUNK: usize = 4000;

/// The request's clock events as one text, `requests.clock_log` (kept by triggers on the
/// event log, migration 14; NULL when there are none): `id|code|at` joined by `,`, per event
/// its id (ties at the same instant keep log order), a code (the status id; `-1` an
/// assignment to someone; `0` an unassignment) and the source time — as stored on SQLite
/// (RFC 3339 text), as epoch seconds on PostgreSQL. A column of the request rather than a fold
/// of its events at read time: the driver's cost is per row, so this is what makes a year of
/// history cheap to read. Not a field of the entity, so no model write can overwrite it.
pub fn clock_log() -> Expr {
    Expr::col((request::Entity, Alias::new("clock_log")))
}

/// The clock's part of one request's log from its [`clock_log`] text.
pub fn parse_log(text: &str) -> AppResult<RequestLog> {
    let bad = || {
        tracing::error!(text = %text.chars().take(80).collect::<String>(), "unreadable event log aggregate");
        AppError::Internal
    };
    let mut events: Vec<(DateTime<Utc>, i64, i64)> = Vec::with_capacity(8);
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let mut parts = item.splitn(3, '|');
        let (Some(id), Some(code), Some(at)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let id: i64 = id.parse().map_err(|_| bad())?;
        let code: i64 = code.parse().map_err(|_| bad())?;
        events.push((parse_instant(at).ok_or_else(bad)?, id, code));
    }
    events.sort_unstable();
    let mut log = RequestLog {
        signature: LogSignature {
            events: events.len() as i64,
            last_id: events.iter().map(|e| e.1).max().unwrap_or(0),
        },
        ..RequestLog::default()
    };
    for (at, _, code) in events {
        match code {
            status_id if status_id > 0 => log.status_events.push(StatusEvent { status_id, at }),
            -1 if log.first_assigned_at.is_none() => log.first_assigned_at = Some(at),
            _ => {}
        }
    }
    Ok(log)
}

/// The [`LogSignature`] of a [`clock_log`] text, without reading its instants (as
/// [`parse_log`] would answer it).
pub fn signature(text: &str) -> AppResult<LogSignature> {
    let mut sig = LogSignature::default();
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let id: i64 = item
            .split('|')
            .next()
            .and_then(|id| id.parse().ok())
            .ok_or(AppError::Internal)?;
        sig.events += 1;
        sig.last_id = sig.last_id.max(id);
    }
    Ok(sig)
}

/// An instant as the aggregate writes it: RFC 3339 text (SQLite) or epoch seconds with an
/// optional fraction (PostgreSQL). Text without an offset (an operator's SQL) is UTC, as
/// sqlx's SQLite decoder reads it.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    if s.contains('-') || s.contains(':') {
        return DateTime::parse_from_rfc3339(s)
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                    .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
                    .map(|t| t.and_utc())
            })
            .ok();
    }
    let (secs, frac) = s.split_once('.').unwrap_or((s, ""));
    let secs: i64 = secs.parse().ok()?;
    let digits = frac.get(..frac.len().min(9))?;
    let nanos: u32 = match digits {
        "" => 0,
        d => d.parse::<u32>().ok()? * 10u32.pow(9 - d.len() as u32),
    };
    DateTime::from_timestamp(secs, nanos)
}

/// Reads the logs of `request_ids` (those with clock events).
pub async fn logs(
    db: &impl ConnectionTrait,
    company_id: i64,
    request_ids: &[i64],
) -> AppResult<HashMap<i64, RequestLog>> {
    let mut out: HashMap<i64, RequestLog> = HashMap::with_capacity(request_ids.len());
    for chunk in request_ids.chunks(CHUNK) {
        let rows: Vec<(i64, String)> = log_query(company_id)
            .filter(request::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (request_id, text) in rows {
            out.insert(request_id, parse_log(&text)?);
        }
    }
    Ok(out)
}

/// `(request id, clock log)` of a company's requests that have clock events (add the request
/// filter).
pub fn log_query(company_id: i64) -> Select<request::Entity> {
    request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .column_as(clock_log(), "log")
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(sea_orm::sea_query::ExprTrait::is_not_null(clock_log()))
}

/// SLA of one request.
pub async fn for_request(
    db: &impl ConnectionTrait,
    r: &request::Model,
    now: DateTime<Utc>,
) -> AppResult<(SlaContext, RequestSla)> {
    let ids = [r.id];
    let (ctx, mut logs) = futures::try_join!(
        SlaContext::load(db, r.company_id),
        logs(db, r.company_id, &ids)
    )?;
    let log = logs.remove(&r.id).unwrap_or_default();
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
    let ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    let (ctx, mut logs) =
        futures::try_join!(SlaContext::load(db, company_id), logs(db, company_id, &ids))?;
    let out = requests
        .iter()
        .map(|r| {
            let log = logs.remove(&r.id).unwrap_or_default();
            (r.id, ctx.evaluate(r, &log, now))
        })
        .collect();
    Ok((ctx, out))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_aggregate_reads_both_backends_and_keeps_log_order() {
        // SQLite text and PostgreSQL epoch seconds; ids break the tie at 09:00 in log order.
        let log = parse_log(
            "7|3|2026-03-02T09:00:00+00:00,5|2|2026-03-02T09:00:00+00:00,\
             9|-1|1772442000.5,11|-1|1772445600,12|0|1772445700",
        )
        .unwrap();
        let seq: Vec<(i64, String)> = log
            .status_events
            .iter()
            .map(|e| (e.status_id, e.at.to_rfc3339()))
            .collect();
        assert_eq!(
            seq,
            vec![
                (2, "2026-03-02T09:00:00+00:00".to_string()),
                (3, "2026-03-02T09:00:00+00:00".to_string()),
            ]
        );
        assert_eq!(
            log.first_assigned_at.map(|t| t.to_rfc3339()),
            Some("2026-03-02T09:00:00.500+00:00".to_string())
        );
        assert_eq!(
            log.signature,
            LogSignature {
                events: 5,
                last_id: 12
            }
        );
        for text in [
            "2026-03-02 09:00:00",
            "2026-03-02T09:00:00",
            "2026-03-02 14:00:00+05:00",
        ] {
            assert_eq!(
                parse_instant(text).map(|t| t.to_rfc3339()),
                Some("2026-03-02T09:00:00+00:00".to_string()),
                "{text}"
            );
        }
        assert_eq!(parse_instant("2026-13-02 09:00:00"), None);
        assert_eq!(
            signature("7|3|2026-03-02T09:00:00+00:00,12|0|1772445700,5|2|x").unwrap(),
            LogSignature {
                events: 3,
                last_id: 12
            }
        );
        assert!(signature("x|2|1772445700").is_err());
        assert!(parse_log("1|2|yesterday").is_err());
        assert!(parse_log("1|2").is_err());
    }
}
