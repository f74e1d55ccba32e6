//! Reading and changing SLA settings: working calendars (company default and per stage) and
//! the SLA policy of a pipeline. Managers and admins change them; every change is audited.

use crate::domain::sla::calendar::Calendar;
use crate::domain::sla::policy::Policy;
use crate::error::{AppError, AppResult};
use crate::model::Role;
use crate::server::auth::Actor;
use crate::server::entities::{calendar, company, pipeline, sla_policy, stage, status};
use crate::server::services::audit;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;

async fn company_timezone(db: &impl ConnectionTrait, company_id: i64) -> AppResult<String> {
    Ok(company::Entity::find_by_id(company_id)
        .one(db)
        .await?
        .map(|c| c.timezone)
        .unwrap_or_else(|| "UTC".into()))
}

/// A stage of the caller's company, or `NotFound`.
pub async fn own_stage(
    db: &impl ConnectionTrait,
    actor: &Actor,
    stage_id: i64,
) -> AppResult<stage::Model> {
    stage::Entity::find_by_id(stage_id)
        .filter(stage::Column::CompanyId.eq(actor.company_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn row(
    db: &impl ConnectionTrait,
    company_id: i64,
    stage_id: Option<i64>,
) -> AppResult<Option<calendar::Model>> {
    let q = calendar::Entity::find().filter(calendar::Column::CompanyId.eq(company_id));
    let q = match stage_id {
        Some(s) => q.filter(calendar::Column::StageId.eq(s)),
        None => q.filter(calendar::Column::StageId.is_null()),
    };
    Ok(q.one(db).await?)
}

/// Where a stage's calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarSource {
    /// Set for this stage.
    Stage,
    /// The company's default.
    Company,
    /// Nothing set: around the clock.
    Default,
}

/// The calendar in force for `stage_id` (`None`: the company default) and where it comes from.
pub async fn get_calendar(
    db: &impl ConnectionTrait,
    actor: &Actor,
    stage_id: Option<i64>,
) -> AppResult<(Calendar, CalendarSource)> {
    if let Some(s) = stage_id {
        own_stage(db, actor, s).await?;
        if let Some(r) = row(db, actor.company_id, Some(s)).await?
            && let Ok(c) = serde_json::from_str(&r.definition)
        {
            return Ok((c, CalendarSource::Stage));
        }
    }
    if let Some(r) = row(db, actor.company_id, None).await?
        && let Ok(c) = serde_json::from_str(&r.definition)
    {
        return Ok((c, CalendarSource::Company));
    }
    Ok((
        Calendar::always(&company_timezone(db, actor.company_id).await?),
        CalendarSource::Default,
    ))
}

/// Sets the calendar of a stage (or, with `None`, the company default). Invalid calendars are
/// refused with every problem listed.
pub async fn put_calendar(
    db: &impl ConnectionTrait,
    actor: &Actor,
    stage_id: Option<i64>,
    cal: Calendar,
) -> AppResult<Calendar> {
    actor.require(Role::can_manage_settings)?;
    if let Some(s) = stage_id {
        own_stage(db, actor, s).await?;
    }
    cal.validate()
        .map_err(|fields| AppError::Validation { fields })?;
    let definition = serde_json::to_string(&cal).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    match row(db, actor.company_id, stage_id).await? {
        Some(r) => {
            let mut am: calendar::ActiveModel = r.into();
            am.definition = Set(definition);
            am.updated_at = Set(now);
            am.updated_by = Set(actor.user_id);
            am.update(db).await?;
        }
        None => {
            calendar::ActiveModel {
                definition: Set(definition),
                updated_at: Set(now),
                company_id: Set(actor.company_id),
                stage_id: Set(stage_id),
                updated_by: Set(actor.user_id),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        "calendar_changed",
        "calendar",
        Some(stage_id.map_or_else(|| "company".into(), |s| s.to_string())),
        json!(cal),
    )
    .await?;
    // Every open request's alerts follow the new working hours.
    crate::server::services::alerts::reschedule_company(db, actor.company_id).await?;
    Ok(cal)
}

/// Removes a stage's own calendar: the stage follows the company default again.
pub async fn reset_calendar(
    db: &impl ConnectionTrait,
    actor: &Actor,
    stage_id: i64,
) -> AppResult<()> {
    actor.require(Role::can_manage_settings)?;
    own_stage(db, actor, stage_id).await?;
    if let Some(r) = row(db, actor.company_id, Some(stage_id)).await? {
        calendar::Entity::delete_by_id(r.id).exec(db).await?;
        audit::record(
            db,
            Some(actor),
            Some(actor.company_id),
            "calendar_reset",
            "calendar",
            Some(stage_id.to_string()),
            json!({}),
        )
        .await?;
    }
    Ok(())
}

pub async fn own_pipeline(
    db: &impl ConnectionTrait,
    actor: &Actor,
    pipeline_id: i64,
) -> AppResult<pipeline::Model> {
    pipeline::Entity::find_by_id(pipeline_id)
        .filter(pipeline::Column::CompanyId.eq(actor.company_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get_policy(
    db: &impl ConnectionTrait,
    actor: &Actor,
    pipeline_id: i64,
) -> AppResult<Policy> {
    own_pipeline(db, actor, pipeline_id).await?;
    let found = sla_policy::Entity::find()
        .filter(sla_policy::Column::PipelineId.eq(pipeline_id))
        .one(db)
        .await?;
    Ok(found
        .and_then(|r| serde_json::from_str(&r.definition).ok())
        .unwrap_or_default())
}

pub async fn put_policy(
    db: &impl ConnectionTrait,
    actor: &Actor,
    pipeline_id: i64,
    policy: Policy,
) -> AppResult<Policy> {
    actor.require(Role::can_manage_settings)?;
    own_pipeline(db, actor, pipeline_id).await?;
    let stage_ids: Vec<i64> = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(pipeline_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let status_ids: Vec<i64> = status::Entity::find()
        .filter(status::Column::PipelineId.eq(pipeline_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    policy
        .validate(&stage_ids, &status_ids)
        .map_err(|fields| AppError::Validation { fields })?;
    let definition = serde_json::to_string(&policy).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    let found = sla_policy::Entity::find()
        .filter(sla_policy::Column::PipelineId.eq(pipeline_id))
        .one(db)
        .await?;
    match found {
        Some(r) => {
            let mut am: sla_policy::ActiveModel = r.into();
            am.definition = Set(definition);
            am.updated_at = Set(now);
            am.updated_by = Set(actor.user_id);
            am.update(db).await?;
        }
        None => {
            sla_policy::ActiveModel {
                definition: Set(definition),
                updated_at: Set(now),
                company_id: Set(actor.company_id),
                pipeline_id: Set(pipeline_id),
                updated_by: Set(actor.user_id),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        "sla_policy_changed",
        "pipeline",
        Some(pipeline_id.to_string()),
        json!(policy),
    )
    .await?;
    crate::server::services::alerts::reschedule_company(db, actor.company_id).await?;
    Ok(policy)
}
