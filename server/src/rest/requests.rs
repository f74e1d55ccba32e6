//! `GET /api/v1/requests` (the list page's filters, paginated) and `POST /api/v1/requests`.

use super::auth::ApiActor;
use super::error::{ApiError, ApiResult};
use crate::router::ServerState;
use app::error::{AppError, FieldError};
use app::model::{Channel, NewRequestInput, RequestFilter, RequestRow};
use app::server::db::write_txn;
use app::server::entities::request;
use app::server::services::requests::{create, history, list};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub struct ListResponse {
    pub items: Vec<RequestRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

pub async fn list(
    State(state): State<ServerState>,
    ApiActor(actor): ApiActor,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<ListResponse>> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let filter = RequestFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let page = list::list(&state.app.db, &actor, &filter).await?;
    Ok(Json(ListResponse {
        items: page.rows,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// A JSON value as the form-style text the shared parser takes (`12` → `"12"`).
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "true".into() } else { String::new() }),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// Creates a request. Sending the same `external_id` again returns the request created the
/// first time (200) instead of a duplicate (201 on creation).
pub async fn create(
    State(state): State<ServerState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Response> {
    let Json(body) = body.map_err(|_| AppError::validation("body", "invalid_json"))?;
    let Some(obj) = body.as_object() else {
        return Err(AppError::validation("body", "invalid_json").into());
    };
    let contact = obj.get("contact").and_then(Value::as_object);
    let input = NewRequestInput {
        title: text(obj.get("title")).unwrap_or_default(),
        description: text(obj.get("description")).unwrap_or_default(),
        category_id: text(obj.get("category_id")),
        priority: text(obj.get("priority")),
        urgent: text(obj.get("urgent")),
        building_id: text(obj.get("building_id")),
        apartment: text(obj.get("apartment")),
        contact_name: contact.and_then(|c| text(c.get("name"))),
        contact_phone: contact.and_then(|c| text(c.get("phone"))),
        channel: text(obj.get("channel")),
        assignee_id: text(obj.get("assignee_id")),
    };
    let external_id = text(obj.get("external_id")).filter(|s| !s.trim().is_empty());
    let created_at = match obj.get("created_at") {
        None | Some(Value::Null) => chrono::Utc::now(),
        Some(v) => serde_json::from_value::<chrono::DateTime<chrono::Utc>>(v.clone())
            .ok()
            .filter(|t| *t <= chrono::Utc::now() + chrono::Duration::minutes(5))
            .ok_or_else(|| AppError::validation("created_at", "invalid"))?,
    };
    let past: Vec<history::HistoryItem> = match obj.get("history") {
        None | Some(Value::Null) => vec![],
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| AppError::validation("history", "invalid"))?,
    };
    if external_id
        .as_ref()
        .is_some_and(|e| e.chars().count() > 100)
    {
        return Err(ApiError(AppError::Validation {
            fields: vec![FieldError::new("external_id", "too_long")],
        }));
    }
    let items: Vec<app::domain::urgency::Item> = match obj.get("items") {
        None | Some(Value::Null) => vec![],
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|_| AppError::validation("items", "invalid"))?,
    };
    let db = &state.app.db;
    actor.require(app::model::Role::can_create_requests)?;
    let mut new = create::parse(db, actor.company_id, &input, Channel::Api).await?;
    new.external_id = external_id.clone();
    new.items = items;

    let txn = write_txn(db).await?;
    if let Some(ext) = &external_id {
        let existing = request::Entity::find()
            .filter(request::Column::CompanyId.eq(actor.company_id))
            .filter(request::Column::ExternalId.eq(ext.as_str()))
            .one(&txn)
            .await?;
        if let Some(found) = existing {
            txn.commit().await?;
            let row = one_row(&state, actor.company_id, found).await?;
            return Ok((StatusCode::OK, Json(row)).into_response());
        }
    }
    let created = create::insert(&txn, &actor, new, created_at).await?;
    // The request's past, in the same transaction: all of it or nothing.
    let created = history::apply_all(&txn, &actor, created, &past).await?;
    txn.commit().await?;
    app::server::services::alerts::reschedule_quietly(db, &created).await;
    let id = created.id;
    let row = one_row(&state, actor.company_id, created).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/requests/{id}"))],
        Json(row),
    )
        .into_response())
}

async fn one_row(state: &ServerState, company_id: i64, r: request::Model) -> ApiResult<RequestRow> {
    list::to_rows(&state.app.db, company_id, vec![r])
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError(AppError::Internal))
}
