//! Recomputing every request of a company from its log in one pass: two queries (requests,
//! then their clock events aggregated per request, in request order), streamed, so a year of
//! history fits in memory and time. Used by the benchmark (`make bench`).

use super::context::{self, RequestLog, RequestSla, SlaContext};
use crate::error::AppResult;
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
    // One ordered scan of the log over the id range, one aggregated row per request; rows of
    // requests outside the period are skipped as they pass.
    let mut stream = context::log_query(ConnectionTrait::get_database_backend(db), company_id)
        .filter(request_event::Column::RequestId.between(first_id, last_id))
        .order_by_asc(request_event::Column::RequestId)
        .into_tuple::<(i64, String)>()
        .stream(db)
        .await?;
    let mut idx = 0usize;
    let mut visit_one = |r: &Row, log: &RequestLog, out: &mut Recomputed| {
        let sla = ctx.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, log, now);
        out.targets += sla.targets.len();
        out.over += sla
            .targets
            .iter()
            .filter(|t| t.state == crate::domain::sla::policy::SlaState::Over)
            .count();
        visit(r, &sla);
    };
    let empty = RequestLog::default();
    while let Some((request_id, text)) = stream.try_next().await? {
        while idx < requests.len() && requests[idx].id < request_id {
            visit_one(&requests[idx], &empty, &mut out);
            idx += 1;
        }
        if idx >= requests.len() || requests[idx].id != request_id {
            continue;
        }
        out.events += 1 + text.bytes().filter(|&b| b == b',').count();
        visit_one(&requests[idx], &context::parse_log(&text)?, &mut out);
        idx += 1;
    }
    while idx < requests.len() {
        visit_one(&requests[idx], &empty, &mut out);
        idx += 1;
    }
    Ok(out)
}
