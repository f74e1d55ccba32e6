//! The company's reference lists: statuses with their stages, categories, buildings, and the
//! executors with their current load.

use crate::error::AppResult;
use crate::model::{AssigneeOption, Dictionaries, Named, StatusRef};
use crate::server::auth::Actor;
use crate::server::entities::{category, open_load, stage, status};
use crate::server::services::reference::Reference;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The lists of `reference`, the company's data, with the executors' open loads now.
pub async fn load(
    db: &impl ConnectionTrait,
    reference: &Reference,
    actor: &Actor,
) -> AppResult<Dictionaries> {
    let loads = open_load(db, actor.company_id).await?;
    Ok(Dictionaries {
        statuses: reference.statuses.clone(),
        stages: reference.stages.clone(),
        categories: reference.categories.clone(),
        buildings: reference.buildings.clone(),
        assignees: reference
            .executors
            .iter()
            .map(|e| AssigneeOption {
                open: loads.get(&e.id).copied().unwrap_or(0),
                ..e.clone()
            })
            .collect(),
    })
}

/// Every status of the company, ordered by pipeline, stage and position.
pub async fn statuses(
    db: &impl ConnectionTrait,
    company_id: i64,
    stages: &[stage::Model],
) -> AppResult<Vec<StatusRef>> {
    let stage_pos: HashMap<i64, (i32, &str)> = stages
        .iter()
        .map(|s| (s.id, (s.position, s.name.as_str())))
        .collect();
    let mut rows = status::Entity::find()
        .filter(status::Column::CompanyId.eq(company_id))
        .all(db)
        .await?;
    rows.sort_by_key(|s| {
        (
            s.pipeline_id,
            stage_pos.get(&s.stage_id).map_or(0, |p| p.0),
            s.position,
        )
    });
    Ok(rows
        .into_iter()
        .map(|s| status_ref(&s, stage_pos.get(&s.stage_id).map_or("", |p| p.1)))
        .collect())
}

pub fn status_ref(s: &status::Model, stage_name: &str) -> StatusRef {
    StatusRef {
        id: s.id,
        name: s.name.clone(),
        color: s.color.clone(),
        stage_id: s.stage_id,
        stage_name: stage_name.to_string(),
        is_closing: s.is_closing,
        pauses_sla: s.pauses_sla,
        requires_assignee: s.requires_assignee,
        requires_comment: s.requires_comment,
    }
}

/// Open (not closed) requests per assignee.
pub async fn open_load(db: &impl ConnectionTrait, company_id: i64) -> AppResult<HashMap<i64, i64>> {
    // Kept by triggers on `requests` (migration 13): one row per executor instead of a count
    // over every open request.
    Ok(open_load::Entity::find()
        .filter(open_load::Column::CompanyId.eq(company_id))
        .filter(open_load::Column::OpenRequests.gt(0))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.user_id, l.open_requests))
        .collect())
}

/// The company's categories in their configured order (then by name).
pub async fn categories(db: &impl ConnectionTrait, company_id: i64) -> AppResult<Vec<Named>> {
    Ok(category::Entity::find()
        .filter(category::Column::CompanyId.eq(company_id))
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Named {
            id: c.id,
            name: c.name,
        })
        .collect())
}
