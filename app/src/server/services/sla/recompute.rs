//! Recomputing every request of a company from its log in one pass: one streamed query of the
//! requests with their clock events (kept on the row), so a year of history fits in memory and
//! time. Used by the benchmark (`make bench`).

use super::context::{self, RequestLog, RequestSla, SlaContext};
use crate::error::AppResult;
use crate::server::entities::request;
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
        .column_as(context::clock_log(), "log")
        .filter(request::Column::CompanyId.eq(company_id));
    if let Some((from, to)) = period {
        q = q
            .filter(request::Column::CreatedAt.gte(from))
            .filter(request::Column::CreatedAt.lt(to));
    }
    let mut stream = q
        .order_by_asc(request::Column::Id)
        .into_tuple::<(
            i64,
            i64,
            DateTime<Utc>,
            bool,
            Option<i64>,
            Option<DateTime<Utc>>,
            Option<String>,
        )>()
        .stream(db)
        .await?;
    let mut out = Recomputed::default();
    while let Some((id, pipeline_id, created_at, urgent, assignee_id, closed_at, text)) =
        stream.try_next().await?
    {
        let r = Row {
            id,
            pipeline_id,
            created_at,
            urgent,
            assignee_id,
            closed_at,
        };
        let log = match &text {
            Some(text) => {
                out.events += 1 + text.bytes().filter(|&b| b == b',').count();
                context::parse_log(text)?
            }
            None => RequestLog::default(),
        };
        let sla = ctx.evaluate_parts(r.pipeline_id, r.created_at, r.urgent, &log, now);
        out.requests += 1;
        out.targets += sla.targets.len();
        out.over += sla
            .targets
            .iter()
            .filter(|t| t.state == crate::domain::sla::policy::SlaState::Over)
            .count();
        visit(&r, &sla);
    }
    Ok(out)
}
