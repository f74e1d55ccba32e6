//! The kanban board of one pipeline: its statuses as columns under their stages, each with the
//! first cards the list's filter selects (highest priority first; closing columns most recent
//! first), the column's total, its WIP limits and the allowed moves.
//!
//! One read per kind of thing, not per column: the totals come from one grouped count, the
//! cards' names and SLA figures from one pass over all the board's cards.

use super::{lines, list};
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{
    BoardColumn, BoardStage, BoardView, COLUMN_CARDS, COLUMN_CARDS_MORE, Named, RequestFilter,
    RequestRow, Role, SortKey,
};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{pipeline, request, stage, status, status_transition};
use crate::server::services::dictionaries::status_ref;
use crate::server::services::reference::ReferenceCache;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// The largest WIP limit accepted.
pub const MAX_WIP: u32 = 999;

/// The board of `pipeline_id` (default: the company's first) under filter `f`; the column of
/// status `more` shows more cards.
pub async fn board(
    db: &impl ConnectionTrait,
    reference: &ReferenceCache,
    actor: &Actor,
    f: &RequestFilter,
    pipeline_id: Option<i64>,
    more: Option<i64>,
) -> AppResult<BoardView> {
    let pipelines = pipeline::Entity::find()
        .filter(pipeline::Column::CompanyId.eq(actor.company_id))
        .order_by_asc(pipeline::Column::Id)
        .all(db)
        .await?;
    let pipeline = pipeline_id
        .and_then(|id| pipelines.iter().find(|p| p.id == id))
        .or(pipelines.first())
        .ok_or(AppError::NotFound)?;
    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(pipeline.id))
        .order_by_asc(stage::Column::Position)
        .all(db)
        .await?;
    let statuses = status::Entity::find()
        .filter(status::Column::PipelineId.eq(pipeline.id))
        .order_by_asc(status::Column::Position)
        .all(db)
        .await?;
    let transitions = status_transition::Entity::find()
        .filter(status_transition::Column::FromStatusId.is_in(statuses.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.from_status_id, t.to_status_id))
        .collect();
    // The filter once; the columns' totals in one grouped count; each column's first cards
    // (small indexed reads, all at once); then names and SLA for every card in one pass.
    let reference = reference.get(db, actor.company_id).await?;
    let q = list::query(db, actor, &reference.timezone, f).await?;
    let status_ids: Vec<i64> = statuses.iter().map(|s| s.id).collect();
    let totals: HashMap<i64, i64> = q
        .clone()
        .filter(request::Column::StatusId.is_in(status_ids))
        .select_only()
        .column(request::Column::StatusId)
        .column_as(request::Column::Id.count(), "n")
        .group_by(request::Column::StatusId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let pages = futures::future::try_join_all(statuses.iter().map(|s| {
        let column = RequestFilter {
            sort: if s.is_closing {
                SortKey::Updated
            } else {
                SortKey::Priority
            },
            descending: true,
            ..RequestFilter::default()
        };
        let limit = if more == Some(s.id) {
            COLUMN_CARDS_MORE
        } else {
            COLUMN_CARDS
        };
        // Ids from the index alone: a line's subqueries would run for every row a sort reads.
        list::sorted(
            q.clone().filter(request::Column::StatusId.eq(s.id)),
            &column,
        )
        .select_only()
        .column(request::Column::Id)
        .limit(u64::from(limit))
        .into_tuple::<i64>()
        .all(db)
    }))
    .await?;
    let ids: Vec<i64> = pages.into_iter().flatten().collect();
    let cards = lines::by_ids(db, actor.company_id, &ids).await?;
    let (cards, calendars) = lines::rows(&reference, cards, chrono::Utc::now())?;
    let mut by_status: HashMap<i64, Vec<RequestRow>> = HashMap::new();
    for card in cards {
        by_status.entry(card.status.id).or_default().push(card);
    }
    let mut columns_of: Vec<(i64, BoardColumn)> = Vec::with_capacity(statuses.len());
    for s in &statuses {
        let stage_name = stages
            .iter()
            .find(|st| st.id == s.stage_id)
            .map(|st| st.name.as_str())
            .unwrap_or_default();
        columns_of.push((
            s.stage_id,
            BoardColumn {
                status: status_ref(s, stage_name),
                wip_limit: s.wip_limit.and_then(|l| u32::try_from(l).ok()),
                lane_wip_limit: s.lane_wip_limit.and_then(|l| u32::try_from(l).ok()),
                total: totals.get(&s.id).map_or(0, |n| *n as u64),
                cards: by_status.remove(&s.id).unwrap_or_default(),
            },
        ));
    }
    let out: Vec<BoardStage> = stages
        .iter()
        .map(|st| BoardStage {
            id: st.id,
            name: st.name.clone(),
            color: st.color.clone(),
            columns: columns_of
                .iter()
                .filter(|(stage, _)| *stage == st.id)
                .map(|(_, c)| c.clone())
                .collect(),
        })
        .collect();
    Ok(BoardView {
        pipeline_id: pipeline.id,
        pipelines: pipelines
            .iter()
            .map(|p| Named {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
        stages: out,
        transitions,
        calendars,
        can_move: actor.role.can_change_status(),
        can_set_limits: actor.role.can_manage_settings(),
        can_assign: actor.role.can_assign(),
    })
}

/// Parses a limit field: empty = no limit, else a whole number 1..=[`MAX_WIP`].
pub fn parse_limit(field: &str, value: Option<&str>) -> Result<Option<u32>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match v.parse::<u32>() {
            Ok(n) if (1..=MAX_WIP).contains(&n) => Ok(Some(n)),
            _ => Err(FieldError::new(field, "out_of_range")),
        },
    }
}

/// Sets a column's WIP limits (managers, admins).
pub async fn set_limits(
    db: &DatabaseConnection,
    actor: &Actor,
    status_id: i64,
    wip_limit: Option<u32>,
    lane_wip_limit: Option<u32>,
) -> AppResult<()> {
    actor.require(Role::can_manage_settings)?;
    let txn = write_txn(db).await?;
    let s = status::Entity::find_by_id(status_id)
        .filter(status::Column::CompanyId.eq(actor.company_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: status::ActiveModel = s.into();
    am.wip_limit = Set(wip_limit.map(|l| l as i32));
    am.lane_wip_limit = Set(lane_wip_limit.map(|l| l as i32));
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}
