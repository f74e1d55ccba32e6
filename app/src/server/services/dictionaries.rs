//! The company's reference lists: statuses with their stages, categories, buildings, and the
//! executors with their current load.

use crate::error::AppResult;
use crate::model::{AssigneeOption, Dictionaries, Named, StatusRef};
use crate::server::auth::Actor;
use crate::server::entities::{
    building, category, membership, request, staff_profile, stage, status, team, user,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

pub async fn load(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Dictionaries> {
    let company_id = actor.company_id;
    let stages = stage::Entity::find()
        .filter(stage::Column::CompanyId.eq(company_id))
        .order_by_asc(stage::Column::PipelineId)
        .order_by_asc(stage::Column::Position)
        .all(db)
        .await?;
    let statuses = statuses(db, company_id, &stages).await?;
    let categories = categories(db, company_id).await?;
    let buildings = building::Entity::find()
        .filter(building::Column::CompanyId.eq(company_id))
        .order_by_asc(building::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|b| Named {
            id: b.id,
            name: b.name,
        })
        .collect();
    Ok(Dictionaries {
        statuses,
        stages: stages
            .into_iter()
            .map(|s| Named {
                id: s.id,
                name: s.name,
            })
            .collect(),
        categories,
        buildings,
        assignees: assignees(db, company_id).await?,
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

/// Executors (members with a staff profile) with their open load, active first, by name.
pub async fn assignees(
    db: &impl ConnectionTrait,
    company_id: i64,
) -> AppResult<Vec<AssigneeOption>> {
    let profiles = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .all(db)
        .await?;
    let active_members: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(company_id))
        .filter(membership::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let user_ids: Vec<i64> = profiles.iter().map(|p| p.user_id).collect();
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let teams: HashMap<i64, String> = team::Entity::find()
        .filter(team::Column::CompanyId.eq(company_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let loads = open_load(db, company_id).await?;
    let mut out: Vec<AssigneeOption> = profiles
        .into_iter()
        .filter(|p| active_members.contains(&p.user_id))
        .filter_map(|p| {
            let u = users.get(&p.user_id)?;
            Some(AssigneeOption {
                id: u.id,
                name: u.name.clone(),
                team: p.team_id.and_then(|t| teams.get(&t).cloned()),
                open: loads.get(&u.id).copied().unwrap_or(0),
                max_load: p.max_load,
                active: p.active && u.active,
            })
        })
        .collect();
    out.sort_by(|a, b| b.active.cmp(&a.active).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// Open (not closed) requests per assignee.
pub async fn open_load(db: &impl ConnectionTrait, company_id: i64) -> AppResult<HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = request::Entity::find()
        .select_only()
        .column(request::Column::AssigneeId)
        .column_as(request::Column::Id.count(), "n")
        .filter(request::Column::CompanyId.eq(company_id))
        .filter(request::Column::ClosedAt.is_null())
        .filter(request::Column::AssigneeId.is_not_null())
        .group_by(request::Column::AssigneeId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, n)| a.map(|a| (a, n)))
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
