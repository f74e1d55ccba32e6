//! Every request a list filter selects, in the list's order, as list rows with their SLA badge,
//! handed over a batch at a time: the order is fixed once (ids only), then each batch is read,
//! named and evaluated — the next batch is read while one is handed over — so memory stays
//! flat however many rows there are.

use super::list::{query, sorted, to_rows};
use crate::error::{AppError, AppResult};
use crate::model::{RequestFilter, RequestRow};
use crate::server::auth::Actor;
use crate::server::entities::request;
use crate::server::services::sla::{self, SlaContext, context};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Rows per batch.
pub const BATCH: usize = 4000;

/// Calls `each` with every batch of rows, in order; stops early when it answers `false` (the
/// receiver is gone). Answers how many rows were handed over.
pub async fn batches<F, Fut>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &RequestFilter,
    mut each: F,
) -> AppResult<u64>
where
    F: FnMut(Vec<RequestRow>) -> Fut,
    Fut: Future<Output = bool>,
{
    let ids: Vec<i64> = sorted(query(db, actor, f).await?, f)
        .select_only()
        .column(request::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let (ctx, names) = futures::try_join!(
        SlaContext::load(db, actor.company_id),
        sla::view::Names::load(db, actor.company_id)
    )?;
    let now = chrono::Utc::now();
    let company_id = actor.company_id;
    // One batch's request rows and clock logs, read together.
    let read = |chunk: Vec<i64>| async move {
        let models = async {
            Ok::<_, AppError>(
                request::Entity::find()
                    .filter(request::Column::CompanyId.eq(company_id))
                    .filter(request::Column::Id.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?,
            )
        };
        let (models, logs) = futures::try_join!(models, context::logs(db, company_id, &chunk))?;
        Ok::<_, AppError>((chunk, models, logs))
    };
    let mut chunks = ids.chunks(BATCH).map(<[i64]>::to_vec);
    let mut loaded = match chunks.next() {
        Some(first) => Some(read(first).await?),
        None => None,
    };
    let mut sent = 0;
    while let Some((chunk, models, mut logs)) = loaded.take() {
        let following = chunks.next().map(read);
        // This batch is named, evaluated and handed over while the next one is read (the
        // database works on its own threads meanwhile).
        let work = async {
            let mut by_id: HashMap<i64, request::Model> =
                models.into_iter().map(|m| (m.id, m)).collect();
            let ordered: Vec<request::Model> =
                chunk.iter().filter_map(|id| by_id.remove(id)).collect();
            let badges: HashMap<i64, _> = ordered
                .iter()
                .map(|r| {
                    let log = logs.remove(&r.id).unwrap_or_default();
                    let figures = ctx.evaluate(r, &log, now);
                    (
                        r.id,
                        sla::view::badge(&ctx, r.pipeline_id, &figures, &names),
                    )
                })
                .collect();
            let mut rows = to_rows(db, company_id, ordered).await?;
            for row in &mut rows {
                row.sla = badges.get(&row.id).cloned().flatten();
            }
            let n = rows.len() as u64;
            Ok::<_, AppError>((n, each(rows).await))
        };
        let next = async {
            match following {
                Some(f) => f.await.map(Some),
                None => Ok(None),
            }
        };
        let (done, next) = futures::join!(work, next);
        let (n, go_on) = done?;
        sent += n;
        if !go_on {
            break;
        }
        loaded = next?;
    }
    Ok(sent)
}
