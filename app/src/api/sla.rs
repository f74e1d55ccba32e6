use crate::error::AppError;
use crate::model::SlaSettingsView;
use leptos::prelude::*;
use std::collections::HashMap;

/// The settings page for `pipeline` (default: the first) and calendar `scope` (a stage id;
/// none: the company's default calendar).
#[server]
pub async fn get_sla_settings(
    pipeline: Option<i64>,
    scope: Option<i64>,
) -> Result<SlaSettingsView, AppError> {
    use crate::model::{Named, Role};
    use crate::server::auth::{current, state};
    use crate::server::entities::{calendar, pipeline as pipeline_e, stage};
    use crate::server::services::{dictionaries, sla::settings};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let actor = current()?;
    actor.require(Role::can_manage_settings)?;
    let db = &state()?.db;
    let pipelines = pipeline_e::Entity::find()
        .filter(pipeline_e::Column::CompanyId.eq(actor.company_id))
        .order_by_asc(pipeline_e::Column::Position)
        .all(db)
        .await?;
    let chosen = pipeline
        .and_then(|id| pipelines.iter().find(|p| p.id == id))
        .or(pipelines.first())
        .ok_or(AppError::NotFound)?
        .id;
    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(chosen))
        .order_by_asc(stage::Column::Position)
        .all(db)
        .await?;
    let statuses = dictionaries::statuses(db, actor.company_id, &stages)
        .await?
        .into_iter()
        .filter(|s| stages.iter().any(|st| st.id == s.stage_id))
        .collect();
    let scope = scope.filter(|s| stages.iter().any(|st| st.id == *s));
    let (cal, source) = settings::get_calendar(db, &actor, scope).await?;
    let own_calendars = calendar::Entity::find()
        .filter(calendar::Column::CompanyId.eq(actor.company_id))
        .filter(calendar::Column::StageId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.stage_id)
        .collect();
    Ok(SlaSettingsView {
        pipelines: pipelines
            .iter()
            .map(|p| Named {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
        pipeline_id: chosen,
        stages: stages
            .iter()
            .map(|s| Named {
                id: s.id,
                name: s.name.clone(),
            })
            .collect(),
        statuses,
        scope,
        calendar: cal,
        calendar_source: serde_json::to_value(source)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        own_calendars,
        policy: settings::get_policy(db, &actor, chosen).await?,
        urgency_rules: crate::server::services::urgency::get_rules(db, &actor, chosen).await?,
        categories: dictionaries::categories(db, actor.company_id).await?,
    })
}

/// Saves a calendar from the editor, or applies a preset (`always_on`, `mon_fri_9_18`,
/// `mon_sat_8_20`) keeping the timezone and the exceptions. Answers the offsets of the
/// calendar's timezone, for the browser's clocks.
#[server]
pub async fn save_calendar(
    scope: Option<i64>,
    preset: Option<String>,
    form: Option<HashMap<String, String>>,
) -> Result<crate::domain::zone::ZoneRules, AppError> {
    let form = form.unwrap_or_default();
    use crate::domain::sla::{calendar::Preset, form as sla_form};
    use crate::server::auth::{current, state};
    use crate::server::services::sla::settings;
    let actor = current()?;
    let db = &state()?.db;
    let cal = match preset.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => {
            let preset =
                Preset::parse(p).ok_or_else(|| AppError::validation("preset", "invalid"))?;
            let (current_cal, _) = settings::get_calendar(db, &actor, scope).await?;
            let mut cal = preset.calendar(&current_cal.timezone);
            cal.exceptions = current_cal.exceptions;
            cal
        }
        None => sla_form::calendar(&form).map_err(|fields| AppError::Validation { fields })?,
    };
    let zone = crate::domain::time::zone(&cal.timezone).rules();
    settings::put_calendar(db, &actor, scope, cal).await?;
    Ok((*zone).clone())
}

/// The stage follows the company's default calendar again.
#[server]
pub async fn reset_stage_calendar(stage_id: i64) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::sla::settings;
    settings::reset_calendar(&state()?.db, &current()?, stage_id).await
}

#[server]
pub async fn save_policy(
    pipeline_id: i64,
    form: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let form = form.unwrap_or_default();
    use crate::domain::sla::form as sla_form;
    use crate::server::auth::{current, state};
    use crate::server::entities::stage;
    use crate::server::services::sla::settings;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let actor = current()?;
    let db = &state()?.db;
    settings::own_pipeline(db, &actor, pipeline_id).await?;
    let stage_ids: Vec<i64> = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(pipeline_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let policy =
        sla_form::policy(&form, &stage_ids).map_err(|fields| AppError::Validation { fields })?;
    settings::put_policy(db, &actor, pipeline_id, policy).await?;
    Ok(())
}
