//! Requests as lists, boards and exports show them, in one query: the columns a line shows
//! with the request's clock events (one text kept on the row, as the SLA reads them), and the
//! apartment and phone it refers to, joined. Everything else a line names (status, category,
//! building, assignee) is the company's reference data, kept in memory ([`Reference`]).

use crate::domain::number;
use crate::domain::sla::calendar::Calendar;
use crate::error::{AppError, AppResult};
use crate::model::{Channel, Priority, RequestRow, SlaBadge};
use crate::server::entities::{apartment, contact, request};
use crate::server::services::reference::Reference;
use crate::server::services::sla::{self, context};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    QueryTrait, Select,
};
use serde::Deserialize;
use std::collections::HashMap;

/// One line as the query answers it.
#[derive(Debug, FromQueryResult)]
pub struct Line {
    pub id: i64,
    number: i64,
    title: String,
    priority: i16,
    pub urgent: bool,
    channel: String,
    version: i64,
    pub created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    pub pipeline_id: i64,
    status_id: i64,
    assignee_id: Option<i64>,
    category_id: Option<i64>,
    building_id: Option<i64>,
    apartment: Option<String>,
    contact_phone: Option<String>,
    /// The clock events ([`context::clock_log`]); none for a request without any.
    pub log: Option<String>,
}

/// The columns of a [`Line`] in its fields' order: the SQLite export reads lines packed as JSON
/// arrays in this order ([`Packed`]).
pub const COLUMNS: [&str; 17] = [
    "id",
    "number",
    "title",
    "priority",
    "urgent",
    "channel",
    "version",
    "created_at",
    "updated_at",
    "pipeline_id",
    "status_id",
    "assignee_id",
    "category_id",
    "building_id",
    "apartment",
    "contact_phone",
    "log",
];

/// A [`Line`] as SQLite's `json_array` of [`COLUMNS`] writes it: booleans as 0/1, instants as
/// the stored text.
#[derive(Debug, Deserialize)]
pub struct Packed(
    i64,
    i64,
    String,
    i16,
    i64,
    String,
    i64,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl TryFrom<Packed> for Line {
    type Error = AppError;

    fn try_from(p: Packed) -> AppResult<Self> {
        let at = |text: &str| {
            context::parse_instant(text).ok_or_else(|| {
                tracing::error!(text, "unreadable instant in a packed line");
                AppError::Internal
            })
        };
        Ok(Line {
            id: p.0,
            number: p.1,
            title: p.2,
            priority: p.3,
            urgent: p.4 != 0,
            channel: p.5,
            version: p.6,
            created_at: at(&p.7)?,
            updated_at: at(&p.8)?,
            pipeline_id: p.9,
            status_id: p.10,
            assignee_id: p.11,
            category_id: p.12,
            building_id: p.13,
            apartment: p.14,
            contact_phone: p.15,
            log: p.16,
        })
    }
}

/// `q` answering [`Line`]s (add `.into_model::<Line>()`): the apartment and phone come from
/// left joins, which the database answers with one hash of the company-sized tables for any
/// number of lines (a subquery per line cost PostgreSQL a scan of the apartments each time).
pub fn select(q: Select<request::Entity>) -> Select<request::Entity> {
    use request::Column as R;
    let mut q = q
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
            Expr::col((apartment::Entity, apartment::Column::Number)),
            "apartment",
        )
        .expr_as(
            Expr::col((contact::Entity, contact::Column::Phone)),
            "contact_phone",
        )
        .expr_as(context::clock_log(), "log");
    QueryTrait::query(&mut q)
        .left_join(
            apartment::Entity,
            Expr::col((apartment::Entity, apartment::Column::Id))
                .equals((request::Entity, R::ApartmentId)),
        )
        .left_join(
            contact::Entity,
            Expr::col((contact::Entity, contact::Column::Id))
                .equals((request::Entity, R::ContactId)),
        );
    q
}

/// The lines of requests `ids` of the company, in the order of `ids`.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    company_id: i64,
    ids: &[i64],
) -> AppResult<Vec<Line>> {
    let q = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::Id.is_in(ids.iter().copied()));
    let mut lines = select(q).into_model::<Line>().all(db).await?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    lines.sort_by_key(|l| position.get(&l.id).copied().unwrap_or(usize::MAX));
    Ok(lines)
}

impl Line {
    /// The request's clock events as the SLA reads them.
    pub fn parse_log(&self) -> AppResult<context::RequestLog> {
        match &self.log {
            Some(text) => context::parse_log(text),
            None => Ok(context::RequestLog::default()),
        }
    }

    /// The line with the names it refers to and its SLA badge; none if its status is not the
    /// company's (a row being moved between companies does not exist).
    pub fn into_row(self, r: &Reference, sla: Option<SlaBadge>) -> Option<RequestRow> {
        let status = r.status(self.status_id)?.clone();
        let named = |name: Option<&String>| name.cloned();
        Some(RequestRow {
            id: self.id,
            number: number::format(self.number),
            title: self.title,
            category: named(self.category_id.and_then(|id| r.category(id))),
            priority: Priority::from_i16(self.priority),
            urgent: self.urgent,
            status,
            assignee_id: self.assignee_id,
            assignee: named(self.assignee_id.and_then(|id| r.user(id))),
            building: named(self.building_id.and_then(|id| r.building(id))),
            apartment: self.apartment,
            contact_phone: self.contact_phone,
            channel: Channel::parse(&self.channel).unwrap_or(Channel::Web),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
            sla,
        })
    }
}

/// The calendars of running clocks, by stage id.
pub type Calendars = Vec<(i64, Calendar)>;

/// Lines as rows, each with its most pressing SLA target evaluated at `now`, and the calendars
/// their running clocks follow (by stage id), for the browser's countdowns.
pub fn rows(
    r: &Reference,
    lines: Vec<Line>,
    now: DateTime<Utc>,
) -> AppResult<(Vec<RequestRow>, Calendars)> {
    let mut calendars: Calendars = vec![];
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let figures = r.sla.evaluate_parts(
            line.pipeline_id,
            line.created_at,
            line.urgent,
            &line.parse_log()?,
            now,
        );
        let badge = sla::view::badge(&r.sla, line.pipeline_id, &figures, &r.names);
        if let Some(stage) = badge.as_ref().and_then(|b| b.target.clock_stage_id)
            && !calendars.iter().any(|(s, _)| *s == stage)
        {
            calendars.push((stage, r.sla.calendar(stage).clone()));
        }
        out.extend(line.into_row(r, badge));
    }
    Ok((out, calendars))
}
