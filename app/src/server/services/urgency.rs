//! Urgency: rules per pipeline applied when a request is created, and a person's override on
//! the request page. Both are recorded as `urgency_changed` events saying where it came from.

use crate::domain::urgency::{Facts, Item, Rule, first_match};
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{request, urgency_rule};
use crate::server::services::requests::{events, visible};
use crate::server::services::{audit, sla::settings::own_pipeline};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};
use serde_json::json;

pub async fn rules(
    db: &impl ConnectionTrait,
    company_id: i64,
    pipeline_id: i64,
) -> AppResult<Vec<Rule>> {
    Ok(urgency_rule::Entity::find()
        .filter(urgency_rule::Column::CompanyId.eq(company_id))
        .filter(urgency_rule::Column::PipelineId.eq(pipeline_id))
        .one(db)
        .await?
        .and_then(|r| serde_json::from_str(&r.definition).ok())
        .unwrap_or_default())
}

pub async fn get_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    pipeline_id: i64,
) -> AppResult<Vec<Rule>> {
    own_pipeline(db, actor, pipeline_id).await?;
    rules(db, actor.company_id, pipeline_id).await
}

/// Replaces the pipeline's rules (a category rule must name a category of the company).
pub async fn put_rules(
    db: &impl ConnectionTrait,
    actor: &Actor,
    pipeline_id: i64,
    list: Vec<Rule>,
) -> AppResult<Vec<Rule>> {
    actor.require(Role::can_manage_settings)?;
    own_pipeline(db, actor, pipeline_id).await?;
    let mut errors = vec![];
    for (i, r) in list.iter().enumerate() {
        if let Rule::Category { category_id } = r {
            let found = crate::server::entities::category::Entity::find_by_id(*category_id)
                .filter(crate::server::entities::category::Column::CompanyId.eq(actor.company_id))
                .one(db)
                .await?;
            if found.is_none() {
                errors.push(FieldError::new(format!("rule_{i}_value"), "unknown"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let definition = serde_json::to_string(&list).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    match urgency_rule::Entity::find()
        .filter(urgency_rule::Column::PipelineId.eq(pipeline_id))
        .one(db)
        .await?
    {
        Some(r) => {
            let mut am: urgency_rule::ActiveModel = r.into();
            am.definition = Set(definition);
            am.updated_at = Set(now);
            am.update(db).await?;
        }
        None => {
            urgency_rule::ActiveModel {
                definition: Set(definition),
                updated_at: Set(now),
                company_id: Set(actor.company_id),
                pipeline_id: Set(pipeline_id),
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
        "urgency_rules_changed",
        "pipeline",
        Some(pipeline_id.to_string()),
        json!(list),
    )
    .await?;
    Ok(list)
}

/// Marks a new request urgent when a rule matches (and it is not urgent already). Runs in the
/// creating transaction.
pub async fn apply_rules(
    db: &impl ConnectionTrait,
    req: request::Model,
    actor_id: Option<i64>,
) -> AppResult<request::Model> {
    if req.urgent {
        return Ok(req);
    }
    let list = rules(db, req.company_id, req.pipeline_id).await?;
    if list.is_empty() {
        return Ok(req);
    }
    let items: Vec<Item> = req
        .items
        .as_deref()
        .and_then(|i| serde_json::from_str(i).ok())
        .unwrap_or_default();
    let facts = Facts {
        category_id: req.category_id,
        title: &req.title,
        description: &req.description,
        items: &items,
    };
    let Some(rule) = first_match(&list, &facts).cloned() else {
        return Ok(req);
    };
    let mut ev = events::event(&req, event_kind::URGENCY_CHANGED, req.created_at, actor_id);
    ev.urgent = Set(Some(true));
    ev.data = Set(Some(json!({ "source": "rule", "rule": rule }).to_string()));
    ev.insert(db).await?;
    let mut am = req.into_active_model();
    am.urgent = Set(true);
    am.urgency_source = Set(Some("rule".into()));
    Ok(am.update(db).await?)
}

/// A person sets or clears urgency; from then on it is theirs (rules no longer decide).
/// Setting the value the request already has is a no-op.
pub async fn set_urgent(
    db: &DatabaseConnection,
    actor: &Actor,
    request_id: i64,
    urgent: bool,
) -> AppResult<request::Model> {
    actor.require(Role::can_assign)?;
    let txn = write_txn(db).await?;
    let req = visible(&txn, actor, request_id, true).await?;
    if req.urgent == urgent {
        return Ok(req);
    }
    let mut ev = events::event(&req, event_kind::URGENCY_CHANGED, Utc::now(), actor.user_id);
    ev.urgent = Set(Some(urgent));
    ev.data = Set(Some(json!({ "source": "manual" }).to_string()));
    ev.insert(&txn).await?;
    let mut am = req.into_active_model();
    am.urgent = Set(urgent);
    am.urgency_source = Set(Some("manual".into()));
    let updated = am.update(&txn).await?;
    let updated = events::touch(&txn, updated).await?;
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &updated).await;
    Ok(updated)
}
