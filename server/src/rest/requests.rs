//! `GET /api/v1/requests` (the list page's filters, paginated), `POST /api/v1/requests` and
//! `PATCH /api/v1/requests/{id}`.

use super::auth::{ApiActor, ApiCaller};
use super::error::{ApiError, ApiResult};
use crate::router::ServerState;
use app::error::{AppError, FieldError};
use app::model::{Channel, NewRequestInput, Priority, RequestFilter, RequestRow};
use app::server::db::write_txn;
use app::server::entities::request;
use app::server::services::requests::change::{self, RequestPatch};
use app::server::services::requests::{create, history, lines, list};
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
pub struct ListResponse {
    pub items: Vec<RequestRow>,
    /// Matching requests, counted up to 1,000 (or ten pages past this one).
    pub total: u64,
    /// More requests match than `total`: the count stopped at its limit.
    pub capped: bool,
    pub page: u32,
    pub per_page: u32,
}

pub async fn list(
    State(state): State<ServerState>,
    ApiCaller { actor, company }: ApiCaller,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<ListResponse>> {
    let filter = RequestFilter::from_query(query.as_deref().unwrap_or(""));
    let reference = state.app.reference.of(&state.app.db, company).await?;
    let page = list::list(&state.app.db, &reference, &actor, &filter).await?;
    Ok(Json(ListResponse {
        items: page.rows,
        total: page.total,
        capped: page.capped,
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
    let created = app::server::services::distribution::on_created(db, created).await;
    let id = created.id;
    let row = one_row(&state, actor.company_id, created).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/requests/{id}"))],
        Json(row),
    )
        .into_response())
}

/// Changes a request's assignee, priority and status with the board's rules, all or nothing:
/// `{"assignee_id": 7 | null, "priority": "high", "status_id": 12, "comment": "…",
/// "version": 4}` (every field optional, at least one change). Answers the request as the list
/// shows it; the same patch again changes nothing and answers the same.
pub async fn update(
    State(state): State<ServerState>,
    ApiActor(actor): ApiActor,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Json<RequestRow>> {
    let Path(id) = id.map_err(|_| AppError::NotFound)?;
    let Json(body) = body.map_err(|_| AppError::validation("body", "invalid_json"))?;
    let patch = parse_patch(&body)?;
    let updated = change::update(&state.app.db, &actor, id, patch).await?;
    Ok(Json(one_row(&state, actor.company_id, updated).await?))
}

/// The fields of a `PATCH`, each wrong one reported by name.
fn parse_patch(body: &Value) -> Result<RequestPatch, AppError> {
    let Some(obj) = body.as_object() else {
        return Err(AppError::validation("body", "invalid_json"));
    };
    let mut patch = RequestPatch::default();
    let mut errors = vec![];
    let id = |v: &Value| v.as_i64().filter(|n| *n > 0);
    for (key, v) in obj {
        let ok = match key.as_str() {
            "status_id" => id(v).map(|n| patch.status_id = Some(n)).is_some(),
            "assignee_id" if v.is_null() => {
                patch.assignee_id = Some(None);
                true
            }
            "assignee_id" => id(v).map(|n| patch.assignee_id = Some(Some(n))).is_some(),
            "priority" => v
                .as_str()
                .and_then(Priority::parse)
                .map(|p| patch.priority = Some(p))
                .is_some(),
            "comment" => v
                .as_str()
                .map(|c| patch.comment = Some(c.to_string()))
                .is_some(),
            "version" => v
                .as_i64()
                .map(|n| patch.expected_version = Some(n))
                .is_some(),
            _ => {
                errors.push(FieldError::new(key.as_str(), "unknown"));
                continue;
            }
        };
        if !ok {
            errors.push(FieldError::new(key.as_str(), "invalid"));
        }
    }
    if errors.is_empty()
        && patch.status_id.is_none()
        && patch.assignee_id.is_none()
        && patch.priority.is_none()
    {
        errors.push(FieldError::new("body", "empty"));
    }
    match errors.is_empty() {
        true => Ok(patch),
        false => Err(AppError::Validation { fields: errors }),
    }
}

pub(crate) async fn one_row(
    state: &ServerState,
    company_id: i64,
    r: request::Model,
) -> ApiResult<RequestRow> {
    let db = &state.app.db;
    let reference = state.app.reference.get(db, company_id).await?;
    let lines = lines::by_ids(db, company_id, &[r.id]).await?;
    lines::rows(&reference, lines, chrono::Utc::now())?
        .0
        .into_iter()
        .next()
        .ok_or(ApiError(AppError::Internal))
}
