//! Every request a list filter selects, in the list's order, as list rows with their SLA badge,
//! handed over a batch at a time. One query streams the [`Line`]s, so the database walks the
//! list's order once and nothing but one batch is held, however many rows there are; the
//! names come from the company's reference data in memory.

use super::lines::{self, Line};
use super::list::{query, sorted};
use crate::error::AppResult;
use crate::model::{RequestFilter, RequestRow};
use crate::server::auth::Actor;
use crate::server::services::reference::Reference;
use crate::server::services::sla::dashboard::settled::{Key, SettledFigures};
use crate::server::services::sla::{self, context};
use futures::TryStreamExt;
use sea_orm::{ConnectionTrait, StreamTrait};

/// Rows per batch.
pub const BATCH: usize = 4000;

/// Calls `each` with every batch of rows, in order; stops early when it answers `false` (the
/// receiver is gone). A settled request whose SLA figures the server keeps (see
/// [`SettledFigures`]) is not evaluated again. Answers how many rows were handed over.
pub async fn batches<C, F, Fut>(
    db: &C,
    reference: &Reference,
    settled: &SettledFigures,
    actor: &Actor,
    f: &RequestFilter,
    mut each: F,
) -> AppResult<u64>
where
    C: ConnectionTrait + StreamTrait,
    F: FnMut(Vec<RequestRow>) -> Fut,
    Fut: Future<Output = bool>,
{
    let company_id = actor.company_id;
    let (ctx, names) = (&reference.sla, &reference.names);
    let q = lines::select(sorted(query(db, actor, &reference.timezone, f).await?, f));
    let started = std::time::Instant::now();
    let mut sla_time = std::time::Duration::ZERO;
    let mut stream = q.into_model::<Line>().stream(db).await?;
    let now = chrono::Utc::now();
    let warm = settled.is_warm(company_id, ctx.fingerprint);
    let (mut batch, mut sent) = (Vec::with_capacity(BATCH), 0u64);
    while let Some(line) = stream.try_next().await? {
        let clock = std::time::Instant::now();
        let kept = match (&line.log, warm) {
            (Some(text), true) => {
                let key = Key {
                    pipeline_id: line.pipeline_id,
                    created_at: line.created_at,
                    urgent: line.urgent,
                    log: context::signature(text)?,
                };
                settled.get(company_id, ctx.fingerprint, line.id, key)
            }
            _ => None,
        };
        let badge = match kept {
            Some(figures) => {
                sla::view::badge_of(ctx, line.pipeline_id, &figures.targets, now, names)
            }
            None => {
                let figures = ctx.evaluate_parts(
                    line.pipeline_id,
                    line.created_at,
                    line.urgent,
                    &line.parse_log()?,
                    now,
                );
                sla::view::badge(ctx, line.pipeline_id, &figures, names)
            }
        };
        sla_time += clock.elapsed();
        batch.extend(line.into_row(reference, badge));
        if batch.len() == BATCH {
            sent += batch.len() as u64;
            if !each(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).await {
                return Ok(sent);
            }
        }
    }
    if !batch.is_empty() {
        sent += batch.len() as u64;
        each(batch).await;
    }
    // `RUST_LOG=app::server::services::requests=debug` shows the clock's share of the reading.
    tracing::debug!(
        rows = sent,
        sla_ms = sla_time.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "export rows"
    );
    Ok(sent)
}
