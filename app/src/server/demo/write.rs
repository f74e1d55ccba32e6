//! Writing generated requests with their comments and event logs in batches. A request is
//! generated as a [`Plan`]: its fields and its events in the order they reached the server
//! (a late event comes after a later one); the current state is derived here from the event
//! with the latest source time, exactly as the live system does.

use crate::model::event_kind;
use crate::server::entities::{comment, request, request_event};
use crate::server::services::requests::search_text;
use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

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
/// Returns the number of events written.
pub async fn write_chunk(
    db: &impl ConnectionTrait,
    target: &Target<'_>,
    first_number: i64,
    plans: &[Plan],
) -> anyhow::Result<usize> {
    if plans.is_empty() {
        return Ok(0);
    }
    let mut rows = Vec::with_capacity(plans.len());
    for (i, plan) in plans.iter().enumerate() {
        let number = first_number + i as i64;
        let st = state_of(plan).with_context(|| format!("demo request {number} has no status"))?;
        let status = target
            .statuses
            .get(st.status)
            .with_context(|| format!("demo request {number}: unknown status"))?;
        rows.push(request::ActiveModel {
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
        });
    }
    insert_batches(db, rows, "requests").await?;

    let last_number = first_number + plans.len() as i64 - 1;
    let ids: HashMap<i64, i64> = request::Entity::find()
        .select_only()
        .column(request::Column::Number)
        .column(request::Column::Id)
        .filter(request::Column::CompanyId.eq(target.company_id))
        .filter(request::Column::Number.between(first_number, last_number))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await
        .context("reading back demo request ids")?
        .into_iter()
        .collect();
    let request_ids = (first_number..=last_number)
        .map(|n| {
            ids.get(&n)
                .copied()
                .with_context(|| format!("demo request {n} not found"))
        })
        .collect::<anyhow::Result<Vec<i64>>>()?;

    let comment_ids = write_comments(db, target.company_id, &request_ids, plans).await?;
    let mut comment_ids = comment_ids.into_iter();

    let mut events = Vec::new();
    for (plan, request_id) in plans.iter().zip(&request_ids) {
        // As the live system does: "from" is the status current when the event arrived, or
        // nothing for a late event (the timeline derives it from source-time order).
        let mut current: Option<(usize, DateTime<Utc>)> = None;
        let mut assignee: Option<i64> = None;
        for e in &plan.events {
            let mut row = blank(target.company_id, *request_id, e);
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
                What::Commented(_) => {
                    row.kind = Set(event_kind::COMMENTED.into());
                    row.comment_id =
                        Set(Some(comment_ids.next().context("demo comment id missing")?));
                }
            }
            events.push(row);
        }
    }
    let written = events.len();
    insert_batches(db, events, "events").await?;
    if db.get_database_backend() == DatabaseBackend::Postgres {
        // The loader paused the clock-log trigger there (see [`super::load`]).
        let chunk = format!(
            "company_id = {} AND number BETWEEN {first_number} AND {last_number}",
            target.company_id
        );
        db.execute_unprepared(&migrations::clock_log::refold(
            DatabaseBackend::Postgres,
            &chunk,
        ))
        .await
        .context("folding the demo requests' clock logs")?;
    }
    Ok(written)
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

/// Inserts the comments of `plans` and returns their ids in the order the plans and their
/// events list them.
async fn write_comments(
    db: &impl ConnectionTrait,
    company_id: i64,
    request_ids: &[i64],
    plans: &[Plan],
) -> anyhow::Result<Vec<i64>> {
    let mut rows = Vec::new();
    let mut with_comments = Vec::new();
    for (plan, request_id) in plans.iter().zip(request_ids) {
        let before = rows.len();
        for e in &plan.events {
            if let What::Commented(body) = &e.what {
                rows.push(comment::ActiveModel {
                    body: Set(body.clone()),
                    created_at: Set(e.at),
                    company_id: Set(company_id),
                    request_id: Set(*request_id),
                    author_id: Set(e.actor),
                    ..Default::default()
                });
            }
        }
        if rows.len() > before {
            with_comments.push(*request_id);
        }
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let expected = rows.len();
    insert_batches(db, rows, "comments").await?;
    // Requests of this chunk are new, so their comments are exactly the ones just written;
    // ids grow in insertion order.
    let mut ids = Vec::with_capacity(expected);
    for part in with_comments.chunks(BATCH) {
        let got: Vec<i64> = comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .filter(comment::Column::CompanyId.eq(company_id))
            .filter(comment::Column::RequestId.is_in(part.iter().copied()))
            .order_by_asc(comment::Column::Id)
            .into_tuple::<i64>()
            .all(db)
            .await
            .context("reading back demo comment ids")?;
        ids.extend(got);
    }
    anyhow::ensure!(
        ids.len() == expected,
        "demo comments: wrote {expected}, found {}",
        ids.len()
    );
    Ok(ids)
}
