//! Every request a list filter selects, in the list's order, as list rows with their SLA badge,
//! handed over a batch at a time. One query streams the rows: the columns a line shows, the
//! apartment and phone it refers to and the request's clock events (folded into one text, as
//! the SLA reads them) come from correlated subqueries, so the database walks the list's
//! order once and nothing but one batch is held, however many rows there are. The small
//! dictionaries (statuses with their stages, categories, buildings, assignees) are read once
//! and named in memory.

use super::list::{query, sorted};
use crate::domain::number;
use crate::error::AppResult;
use crate::model::{Channel, Priority, RequestFilter, RequestRow, StatusRef};
use crate::server::auth::Actor;
use crate::server::entities::{apartment, building, contact, request, request_event, stage, user};
use crate::server::services::dictionaries;
use crate::server::services::sla::dashboard::settled::{Key, SettledFigures};
use crate::server::services::sla::{self, SlaContext, context};
use futures::TryStreamExt;
use sea_orm::sea_query::{Expr, ExprTrait, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, QueryTrait, StreamTrait,
};
use std::collections::HashMap;

/// Rows per batch.
pub const BATCH: usize = 4000;

/// One line as the query answers it.
#[derive(Debug, FromQueryResult)]
struct Line {
    id: i64,
    number: i64,
    title: String,
    priority: i16,
    urgent: bool,
    channel: String,
    version: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    pipeline_id: i64,
    status_id: i64,
    assignee_id: Option<i64>,
    category_id: Option<i64>,
    building_id: Option<i64>,
    apartment: Option<String>,
    contact_phone: Option<String>,
    log: Option<String>,
}

/// Calls `each` with every batch of rows, in order; stops early when it answers `false` (the
/// receiver is gone). A settled request whose SLA figures the server keeps (see
/// [`SettledFigures`]) is not evaluated again. Answers how many rows were handed over.
pub async fn batches<C, F, Fut>(
    db: &C,
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
    use request::Column as R;
    let company_id = actor.company_id;
    let backend = ConnectionTrait::get_database_backend(db);
    let stages = stage::Entity::find()
        .filter(stage::Column::CompanyId.eq(company_id))
        .all(db)
        .await?;
    let (statuses, categories, buildings, assignees, ctx, names) = futures::try_join!(
        dictionaries::statuses(db, company_id, &stages),
        dictionaries::categories(db, company_id),
        async {
            Ok(building::Entity::find()
                .filter(building::Column::CompanyId.eq(company_id))
                .all(db)
                .await?)
        },
        assignees(db, company_id),
        SlaContext::load(db, company_id),
        sla::view::Names::load(db, company_id)
    )?;
    let statuses: HashMap<i64, StatusRef> = statuses.into_iter().map(|s| (s.id, s)).collect();
    let categories: HashMap<i64, String> = categories.into_iter().map(|c| (c.id, c.name)).collect();
    let buildings: HashMap<i64, String> = buildings.into_iter().map(|b| (b.id, b.name)).collect();
    let named =
        |names: &HashMap<i64, String>, id: Option<i64>| id.and_then(|id| names.get(&id).cloned());
    let q = sorted(query(db, actor, f).await?, f)
        .select_only()
        .columns([
            R::Id,
            R::Number,
            R::Title,
            R::Priority,
            R::Urgent,
            R::Channel,
            R::Version,
            R::CreatedAt,
            R::UpdatedAt,
            R::PipelineId,
            R::StatusId,
            R::AssigneeId,
            R::CategoryId,
            R::BuildingId,
        ])
        .expr_as(
            name(
                apartment::Entity,
                apartment::Column::Number,
                apartment::Column::Id,
                R::ApartmentId,
            ),
            "apartment",
        )
        .expr_as(
            name(
                contact::Entity,
                contact::Column::Phone,
                contact::Column::Id,
                R::ContactId,
            ),
            "contact_phone",
        )
        .expr_as(log(backend), "log");
    let started = std::time::Instant::now();
    let mut sla_time = std::time::Duration::ZERO;
    let mut stream = q.into_model::<Line>().stream(db).await?;
    let now = chrono::Utc::now();
    let warm = settled.is_warm(company_id, ctx.fingerprint);
    let (mut batch, mut sent) = (Vec::with_capacity(BATCH), 0u64);
    while let Some(line) = stream.try_next().await? {
        let Some(status) = statuses.get(&line.status_id) else {
            continue;
        };
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
                sla::view::badge_of(&ctx, line.pipeline_id, &figures.targets, now, &names)
            }
            None => {
                let log = match &line.log {
                    Some(text) => context::parse_log(text)?,
                    None => context::RequestLog::default(),
                };
                let figures =
                    ctx.evaluate_parts(line.pipeline_id, line.created_at, line.urgent, &log, now);
                sla::view::badge(&ctx, line.pipeline_id, &figures, &names)
            }
        };
        sla_time += clock.elapsed();
        batch.push(RequestRow {
            id: line.id,
            number: number::format(line.number),
            title: line.title,
            category: named(&categories, line.category_id),
            priority: Priority::from_i16(line.priority),
            urgent: line.urgent,
            status: status.clone(),
            assignee_id: line.assignee_id,
            assignee: named(&assignees, line.assignee_id),
            building: named(&buildings, line.building_id),
            apartment: line.apartment,
            contact_phone: line.contact_phone,
            channel: Channel::parse(&line.channel).unwrap_or(Channel::Web),
            created_at: line.created_at,
            updated_at: line.updated_at,
            version: line.version,
            sla: badge,
        });
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

/// The names of everyone the company's requests are assigned to (members or not by now).
async fn assignees(db: &impl ConnectionTrait, company_id: i64) -> AppResult<HashMap<i64, String>> {
    let assigned = request::Entity::find()
        .select_only()
        .column(request::Column::AssigneeId)
        .distinct()
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::AssigneeId.is_not_null())
        .into_query();
    Ok(user::Entity::find()
        .filter(user::Column::Id.in_subquery(assigned))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// `(SELECT <shown> FROM <table> WHERE <table>.<id> = requests.<reference>)`: the name a
/// request's reference points at, read by primary key for each row.
fn name<E: EntityTrait>(
    entity: E,
    shown: E::Column,
    id: E::Column,
    reference: request::Column,
) -> Expr {
    let sub: SelectStatement = E::find()
        .select_only()
        .column(shown)
        .filter(Expr::col((entity, id)).equals((request::Entity, reference)))
        .into_query();
    Expr::SubQuery(None, Box::new(sub.into()))
}

/// The request's clock events as one text ([`context::log_aggregate`]), a correlated subquery.
fn log(backend: DbBackend) -> Expr {
    let sub: SelectStatement = context::clock_events_of_each(backend)
        .filter(
            Expr::col((request_event::Entity, request_event::Column::RequestId))
                .equals((request::Entity, request::Column::Id)),
        )
        .filter(
            Expr::col((request_event::Entity, request_event::Column::CompanyId))
                .equals((request::Entity, request::Column::CompanyId)),
        )
        .into_query();
    Expr::SubQuery(None, Box::new(sub.into()))
}
