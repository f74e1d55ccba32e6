//! Recomputing every request of a company from its log in one pass: two queries (requests,
//! then their status and assignment events in request order), streamed, so a year of history
//! fits in memory and time. Used by the dashboard, reports and the benchmark.

use super::context::{RequestLog, RequestSla, SlaContext};
use crate::domain::sla::intervals::StatusEvent;
use crate::error::AppResult;
use crate::model::event_kind;
use crate::server::entities::{request, request_event};
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};

/// Totals of one recompute.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recomputed {
    pub requests: usize,
    pub events: usize,
    pub targets: usize,
    pub over: usize,
}

/// The fields of a request a recompute reads and hands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub pipeline_id: i64,
    pub created_at: DateTime<Utc>,
    pub urgent: bool,
    pub assignee_id: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Evaluates every request of `company_id` (optionally only those created in `[from, to)`)
/// and hands each result to `visit`.
pub async fn each<C>(
    db: &C,
    company_id: i64,
    period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    now: DateTime<Utc>,
    mut visit: impl FnMut(&Row, &RequestSla),
) -> AppResult<Recomputed>
where
    C: ConnectionTrait + StreamTrait,
{
    let ctx = SlaContext::load(db, company_id).await?;
    let mut q = request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .column(request::Column::PipelineId)
        .column(request::Column::CreatedAt)
        .column(request::Column::Urgent)
        .column(request::Column::AssigneeId)
        .column(request::Column::ClosedAt)
        .filter(request::Column::CompanyId.eq(company_id));
    if let Some((from, to)) = period {
        q = q
            .filter(request::Column::CreatedAt.gte(from))
            .filter(request::Column::CreatedAt.lt(to));
    }
    let requests: Vec<Row> = q
        .order_by_asc(request::Column::Id)
        .into_tuple::<(
            i64,
            i64,
            DateTime<Utc>,
            bool,
            Option<i64>,
            Option<DateTime<Utc>>,
        )>()
        .all(db)
        .await?
        .into_iter()
        .map(
            |(id, pipeline_id, created_at, urgent, assignee_id, closed_at)| Row {
                id,
                pipeline_id,
                created_at,
                urgent,
                assignee_id,
                closed_at,
            },
        )
        .collect();
    let first_id = requests.first().map_or(0, |r| r.id);
    let last_id = requests.last().map_or(0, |r| r.id);
    let mut out = Recomputed {
        requests: requests.len(),
        ..Default::default()
    };
    if requests.is_empty() {
        return Ok(out);
    }
    // One ordered scan of the log over the id range; rows of requests outside the period are
    // skipped as they pass.
    let mut stream = request_event::Entity::find()
        .select_only()
        .column(request_event::Column::RequestId)
        .column(request_event::Column::StatusId)
        .column(request_event::Column::AssigneeId)
        .column(request_event::Column::At)
        .filter(request_event::Column::CompanyId.eq(company_id))
        .filter(request_event::Column::RequestId.between(first_id, last_id))
        .filter(request_event::Column::Kind.is_in([
            event_kind::CREATED,
            event_kind::STATUS_CHANGED,
            event_kind::ASSIGNED,
        ]))
        .order_by_asc(request_event::Column::RequestId)
        .order_by_asc(request_event::Column::At)
        .order_by_asc(request_event::Column::Id)
        .into_tuple::<(i64, Option<i64>, Option<i64>, DateTime<Utc>)>()
        .stream(db)
        .await?;
    let mut idx = 0usize;
    let mut log = RequestLog::default();
    let mut flush = |r: &Row, log: &mut RequestLog, out: &mut Recomputed| {
        let sla = ctx.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, log, now);
        out.targets += sla.targets.len();
        out.over += sla
            .targets
            .iter()
            .filter(|t| t.state == crate::domain::sla::policy::SlaState::Over)
            .count();
        visit(r, &sla);
        *log = RequestLog::default();
    };
    // Status events carry a status; assignment events do not (no text column to decode).
    while let Some((request_id, status_id, assignee_id, at)) = stream.try_next().await? {
        out.events += 1;
        while idx < requests.len() && requests[idx].id < request_id {
            flush(&requests[idx], &mut log, &mut out);
            idx += 1;
        }
        if idx >= requests.len() || requests[idx].id != request_id {
            continue;
        }
        match status_id {
            Some(status_id) => log.status_events.push(StatusEvent { status_id, at }),
            None => {
                if assignee_id.is_some() && log.first_assigned_at.is_none() {
                    log.first_assigned_at = Some(at);
                }
            }
        }
    }
    while idx < requests.len() {
        flush(&requests[idx], &mut log, &mut out);
        idx += 1;
    }
    Ok(out)
}
