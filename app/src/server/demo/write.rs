//! Writing generated requests with their comments and event logs in batches. A request is
//! generated as a [`Plan`]: its fields and its events in the order they reached the server
//! (a late event comes after a later one); the current state is derived here from the event
//! with the latest source time, exactly as the live system does.

use crate::model::event_kind;
use crate::server::entities::{comment, request, request_event};
use crate::server::services::requests::search_text;
use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::{Alias, Expr, IntoIden, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, EntityTrait, Iterable, Set, Statement,
};

/// Rows per INSERT: far below the bound-parameter limits of SQLite and PostgreSQL.
const BATCH: usize = 500;

/// A status of the pipeline as the writer needs it.
#[derive(Clone, Copy)]
pub struct StatusInfo {
    pub id: i64,
    pub stage_id: i64,
    pub closing: bool,
}

/// The company and pipeline the requests belong to.
pub struct Target<'a> {
    pub company_id: i64,
    pub pipeline_id: i64,
    pub statuses: &'a [StatusInfo],
}

/// What an event says.
pub enum What {
    /// Created in this status (an index into `Target::statuses`).
    Created(usize),
    StatusChanged(usize),
    Assigned(i64),
    Commented(String),
}

pub struct Ev {
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub what: What,
    pub actor: Option<i64>,
}

/// One request to write; `events` in insertion (arrival) order, the first is `Created`.
pub struct Plan {
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
    pub priority: i16,
    pub urgent: bool,
    pub channel: &'static str,
    pub external_id: Option<String>,
    pub building_id: Option<i64>,
    pub apartment_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_by: Option<i64>,
    pub events: Vec<Ev>,
}

/// The current state a plan's log leads to.
struct State {
    created_at: DateTime<Utc>,
    status: usize,
    status_at: DateTime<Utc>,
    assignee: Option<i64>,
    updated_at: DateTime<Utc>,
}

fn state_of(plan: &Plan) -> Option<State> {
    let mut created_at = None;
    let mut status: Option<(DateTime<Utc>, usize)> = None;
    let mut assignee: Option<(DateTime<Utc>, i64)> = None;
    let mut updated_at = None;
    for e in &plan.events {
        updated_at = updated_at.max(Some(e.at));
        match e.what {
            What::Created(s) => {
                created_at = Some(e.at);
                if status.is_none_or(|(at, _)| e.at > at) {
                    status = Some((e.at, s));
                }
            }
            What::StatusChanged(s) => {
                if status.is_none_or(|(at, _)| e.at > at) {
                    status = Some((e.at, s));
                }
            }
            What::Assigned(a) => {
                if assignee.is_none_or(|(at, _)| e.at > at) {
                    assignee = Some((e.at, a));
                }
            }
            What::Commented(_) => {}
        }
    }
    let (status_at, status) = status?;
    Some(State {
        created_at: created_at?,
        status,
        status_at,
        assignee: assignee.map(|(_, a)| a),
        updated_at: updated_at?,
    })
}

pub async fn insert_batches<C, E, A>(db: &C, rows: Vec<A>, what: &str) -> anyhow::Result<()>
where
    C: ConnectionTrait,
    E: EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        E::insert_many(batch)
            .exec_without_returning(db)
            .await
            .with_context(|| format!("inserting demo {what}"))?;
    }
    Ok(())
}

/// Writes `plans` as requests numbered from `first_number`, then their comments and events.
/// Ids are reserved first, so each request row carries its clock log (the loader paused the
/// triggers that would append it event by event) and nothing is read back. Returns the number
/// of events written.
pub async fn write_chunk(
    db: &impl ConnectionTrait,
    target: &Target<'_>,
    first_number: i64,
    plans: &[Plan],
) -> anyhow::Result<usize> {
    if plans.is_empty() {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let all_events = || plans.iter().flat_map(|p| &p.events);
    let comment_count = all_events()
        .filter(|e| matches!(e.what, What::Commented(_)))
        .count();
    let request_ids = reserve_ids(db, "requests", plans.len()).await?;
    let mut event_ids = reserve_ids(db, "request_events", all_events().count())
        .await?
        .into_iter();
    let mut comment_ids = reserve_ids(db, "comments", comment_count)
        .await?
        .into_iter();

    let mut requests = Vec::with_capacity(plans.len());
    let mut comments = Vec::with_capacity(comment_count);
    let mut events = Vec::new();
    for ((i, plan), request_id) in plans.iter().enumerate().zip(request_ids) {
        let number = first_number + i as i64;
        let ids: Vec<i64> = event_ids.by_ref().take(plan.events.len()).collect();
        anyhow::ensure!(ids.len() == plan.events.len(), "demo event ids ran out");
        requests.push((
            request_row(target, number, request_id, plan)?,
            clock_log(backend, target, plan, &ids)?,
        ));
        // As the live system does: "from" is the status current when the event arrived, or
        // nothing for a late event (the timeline derives it from source-time order).
        let mut current: Option<(usize, DateTime<Utc>)> = None;
        let mut assignee: Option<i64> = None;
        for (e, id) in plan.events.iter().zip(ids) {
            let mut row = blank(target.company_id, request_id, e);
            row.id = Set(id);
            match &e.what {
                What::Created(s) => {
                    row.kind = Set(event_kind::CREATED.into());
                    row.status_id = Set(Some(status_id(target, *s)?));
                    row.priority = Set(Some(plan.priority));
                    row.urgent = Set(Some(plan.urgent));
                    current = Some((*s, e.at));
                }
                What::StatusChanged(s) => {
                    row.kind = Set(event_kind::STATUS_CHANGED.into());
                    row.status_id = Set(Some(status_id(target, *s)?));
                    match current {
                        Some((from, at)) if e.at >= at => {
                            row.from_status_id = Set(Some(status_id(target, from)?));
                            current = Some((*s, e.at));
                        }
                        Some(_) => {}
                        None => current = Some((*s, e.at)),
                    }
                }
                What::Assigned(a) => {
                    row.kind = Set(event_kind::ASSIGNED.into());
                    row.assignee_id = Set(Some(*a));
                    row.from_assignee_id = Set(assignee);
                    assignee = Some(*a);
                }
                What::Commented(body) => {
                    let comment_id = comment_ids.next().context("demo comment ids ran out")?;
                    comments.push(comment::ActiveModel {
                        id: Set(comment_id),
                        body: Set(body.clone()),
                        created_at: Set(e.at),
                        company_id: Set(target.company_id),
                        request_id: Set(request_id),
                        author_id: Set(e.actor),
                    });
                    row.kind = Set(event_kind::COMMENTED.into());
                    row.comment_id = Set(Some(comment_id));
                }
            }
            events.push(row);
        }
    }
    let written = events.len();
    insert_requests(db, requests).await?;
    insert_batches(db, comments, "comments").await?;
    insert_batches(db, events, "events").await?;
    Ok(written)
}

/// The request row of `plan`, in the state its log leads to.
fn request_row(
    target: &Target<'_>,
    number: i64,
    id: i64,
    plan: &Plan,
) -> anyhow::Result<request::ActiveModel> {
    let st = state_of(plan).with_context(|| format!("demo request {number} has no status"))?;
    let status = target
        .statuses
        .get(st.status)
        .with_context(|| format!("demo request {number}: unknown status"))?;
    Ok(request::ActiveModel {
        id: Set(id),
        number: Set(number),
        title: Set(plan.title.clone()),
        description: Set(plan.description.clone()),
        search_text: Set(search_text(number, &plan.title, &plan.description)),
        priority: Set(plan.priority),
        urgent: Set(plan.urgent),
        status_at: Set(st.status_at),
        channel: Set(plan.channel.to_string()),
        external_id: Set(plan.external_id.clone()),
        version: Set(plan.events.len() as i64),
        created_at: Set(st.created_at),
        updated_at: Set(st.updated_at),
        closed_at: Set(status.closing.then_some(st.status_at)),
        company_id: Set(target.company_id),
        pipeline_id: Set(target.pipeline_id),
        stage_id: Set(status.stage_id),
        status_id: Set(status.id),
        category_id: Set(plan.category_id),
        assignee_id: Set(st.assignee),
        building_id: Set(plan.building_id),
        apartment_id: Set(plan.apartment_id),
        contact_id: Set(plan.contact_id),
        created_by: Set(plan.created_by),
        ..Default::default()
    })
}

/// The text the clock-log triggers would have written for `plan` whose events got `ids`:
/// `id|code|at` per clock event in arrival order, code the status id, `-1` an assignment
/// (`0`, an unassignment, the demo never makes), `at` as the database renders the stored time
/// (RFC 3339 as sqlx writes it on SQLite, epoch seconds with microseconds on PostgreSQL). The
/// demo tests compare it with a fold of the written log.
fn clock_log(
    backend: DatabaseBackend,
    target: &Target<'_>,
    plan: &Plan,
    ids: &[i64],
) -> anyhow::Result<Option<String>> {
    let mut items = Vec::new();
    for (e, id) in plan.events.iter().zip(ids) {
        let code = match e.what {
            What::Created(s) | What::StatusChanged(s) => status_id(target, s)?,
            What::Assigned(_) => -1,
            What::Commented(_) => continue,
        };
        let at = match backend {
            DatabaseBackend::Postgres => {
                let micros = e.at.timestamp_micros();
                format!(
                    "{}.{:06}",
                    micros.div_euclid(1_000_000),
                    micros.rem_euclid(1_000_000)
                )
            }
            _ => e.at.to_rfc3339_opts(SecondsFormat::AutoSi, false),
        };
        items.push(format!("{id}|{code}|{at}"));
    }
    Ok((!items.is_empty()).then(|| items.join(",")))
}

/// `n` fresh ids of `table`. PostgreSQL takes them from the table's sequence, so a server
/// writing to other companies meanwhile never gets one of them; on SQLite the loader's
/// transaction holds the write lock, so the ids after the largest one are free.
async fn reserve_ids(db: &impl ConnectionTrait, table: &str, n: usize) -> anyhow::Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        let sql = format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, {n})"
        );
        let rows = db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .with_context(|| format!("reserving demo {table} ids"))?;
        let mut ids = rows
            .iter()
            .map(|r| r.try_get_by_index::<i64>(0))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("reading reserved {table} ids"))?;
        ids.sort_unstable();
        return Ok(ids);
    }
    let last = db
        .query_one_raw(Statement::from_string(
            backend,
            format!("SELECT COALESCE(MAX(id), 0) FROM {table}"),
        ))
        .await
        .with_context(|| format!("reading the last {table} id"))?
        .map(|r| r.try_get_by_index::<i64>(0))
        .transpose()
        .with_context(|| format!("reading the last {table} id"))?
        .unwrap_or(0);
    Ok((last + 1..=last + n as i64).collect())
}

/// Inserts request rows in batches, each with its `clock_log`, a column the entity leaves to
/// the triggers.
async fn insert_requests(
    db: &impl ConnectionTrait,
    rows: Vec<(request::ActiveModel, Option<String>)>,
) -> anyhow::Result<()> {
    let Some((first, _)) = rows.first() else {
        return Ok(());
    };
    let columns: Vec<request::Column> = request::Column::iter()
        .filter(|c| first.get(*c).is_set())
        .collect();
    for batch in rows.chunks(BATCH) {
        let mut insert = Query::insert();
        insert.into_table(request::Entity).columns(
            columns
                .iter()
                .map(|c| c.into_iden())
                .chain([Alias::new("clock_log").into_iden()]),
        );
        for (row, log) in batch {
            let mut values: Vec<Expr> = columns
                .iter()
                .map(|c| {
                    row.get(*c)
                        .into_value()
                        .map(Expr::val)
                        .context("demo request column without a value")
                })
                .collect::<anyhow::Result<_>>()?;
            values.push(Expr::val(log.clone()));
            insert
                .values(values)
                .context("building the demo requests' insert")?;
        }
        db.execute(&insert)
            .await
            .context("inserting demo requests")?;
    }
    Ok(())
}

fn status_id(target: &Target<'_>, index: usize) -> anyhow::Result<i64> {
    target
        .statuses
        .get(index)
        .map(|s| s.id)
        .context("demo event with an unknown status")
}

fn blank(company_id: i64, request_id: i64, e: &Ev) -> request_event::ActiveModel {
    request_event::ActiveModel {
        kind: Set(String::new()),
        at: Set(e.at),
        recorded_at: Set(e.recorded_at),
        status_id: Set(None),
        from_status_id: Set(None),
        assignee_id: Set(None),
        from_assignee_id: Set(None),
        priority: Set(None),
        urgent: Set(None),
        comment_id: Set(None),
        data: Set(None),
        company_id: Set(company_id),
        request_id: Set(request_id),
        actor_id: Set(e.actor),
        ..Default::default()
    }
}
