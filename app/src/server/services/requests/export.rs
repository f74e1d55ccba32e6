//! Every request a list filter selects, in the list's order, as list rows with their SLA badge,
//! handed over a batch at a time. One query streams the [`Line`]s (on SQLite packed by the
//! hundred, see [`packed`]), so the database walks the list's order once and nothing but one
//! batch is held, however many rows there are; the names come from the company's reference
//! data in memory.

use super::lines::{self, Line};
use super::list::{order_terms, query, sorted};
use crate::error::{AppError, AppResult};
use crate::model::{RequestFilter, RequestRow};
use crate::server::auth::Actor;
use crate::server::entities::request;
use crate::server::services::reference::Reference;
use crate::server::services::sla::dashboard::settled::{Key, SettledFigures};
use crate::server::services::sla::{self, context};
use futures::TryStreamExt;
use sea_orm::sea_query::{Alias, Expr, SelectStatement, WindowStatement};
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Select, Statement, StreamTrait};

/// Rows per batch.
pub const BATCH: usize = 500;

/// Lines per packed row of the SQLite query (see [`packed`]).
const PACK: usize = 200;

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
    let filtered = lines::select(query(db, actor, &reference.timezone, f).await?);
    let started = std::time::Instant::now();
    let mut sla_time = std::time::Duration::ZERO;
    let now = chrono::Utc::now();
    let warm = settled.is_warm(company_id, ctx.fingerprint);
    let mut row_of = |line: Line| -> AppResult<Option<RequestRow>> {
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
        Ok(line.into_row(reference, badge))
    };
    let (mut batch, mut sent) = (Vec::with_capacity(BATCH), 0u64);
    macro_rules! take {
        ($line:expr) => {
            batch.extend(row_of($line)?);
            if batch.len() == BATCH {
                sent += batch.len() as u64;
                if !each(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).await {
                    return Ok(sent);
                }
            }
        };
    }
    if ConnectionTrait::get_database_backend(db) == DbBackend::Sqlite {
        let mut stream = std::pin::pin!(db.stream_raw(packed(filtered, f)).await?);
        while let Some(pack) = stream.try_next().await? {
            let text: String = pack.try_get_by_index(0)?;
            let lines: Vec<lines::Packed> = serde_json::from_str(&text).map_err(|e| {
                tracing::error!(error = %e, "unreadable packed lines");
                AppError::Internal
            })?;
            for packed in lines {
                take!(Line::try_from(packed)?);
            }
        }
    } else {
        let mut stream = sorted(filtered, f).into_model::<Line>().stream(db).await?;
        while let Some(line) = stream.try_next().await? {
            take!(line);
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

/// The lines of `filtered` in `f`'s order, [`PACK`] to a row as a JSON array of
/// [`lines::COLUMNS`] arrays. SQLite's driver hands each row from its worker thread to the
/// async side on its own, waking one side or the other per row; a hundred thousand single
/// lines spent a quarter of the export's CPU time switching threads, two hundred packs do not.
/// The lines are numbered by the list's own order terms and packed by number, each pack
/// ordered by it, so no step relies on an order SQL does not promise.
fn packed(filtered: Select<request::Entity>, f: &RequestFilter) -> Statement {
    let mut numbered: SelectStatement = filtered.into_query();
    let mut window = WindowStatement::new();
    for (term, order) in order_terms(f) {
        window.order_by_expr(term, order);
    }
    numbered.expr_window_as(Expr::cust("row_number()"), window, Alias::new("rn"));
    let inner = DbBackend::Sqlite.build(&numbered);
    let columns = lines::COLUMNS.join(", ");
    Statement {
        sql: format!(
            "SELECT json_group_array(json_array({columns}) ORDER BY rn) FROM ({}) \
             GROUP BY (rn - 1) / {PACK} ORDER BY (rn - 1) / {PACK}",
            inner.sql
        ),
        ..inner
    }
}
