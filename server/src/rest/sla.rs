//! SLA over REST: calendars per stage, policies per pipeline, a request's intervals and
//! targets, and status events with their source time.

use super::auth::ApiActor;
use super::error::{ApiError, ApiResult};
use crate::router::ServerState;
use app::domain::sla::calendar::Calendar;
use app::domain::sla::policy::Policy;
use app::error::AppError;
use app::server::services::requests::{self, history};
use app::server::services::sla::{self, settings};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::{Value, json};

/// A JSON body, or a validation error naming what did not parse.
fn body<T: serde::de::DeserializeOwned>(
    b: Result<Json<Value>, JsonRejection>,
) -> Result<T, ApiError> {
    let Json(v) = b.map_err(|_| AppError::validation("body", "invalid_json"))?;
    serde_json::from_value(v).map_err(|e| {
        let msg = e.to_string();
        // serde names the field in its message (`missing field `at``, `unknown variant …`).
        let field = msg.split('`').nth(1).unwrap_or("body").to_string();
        ApiError(AppError::validation(&field, "invalid"))
    })
}

pub async fn get_calendar(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(stage_id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let (cal, source) = settings::get_calendar(&s.app.db, &actor, Some(stage_id)).await?;
    let mut v = serde_json::to_value(cal).map_err(|_| AppError::Internal)?;
    v["source"] = json!(source);
    Ok(Json(v))
}

pub async fn put_calendar(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(stage_id): Path<i64>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Json<Calendar>> {
    let cal: Calendar = body(b)?;
    Ok(Json(
        settings::put_calendar(&s.app.db, &actor, Some(stage_id), cal).await?,
    ))
}

pub async fn get_policy(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(pipeline_id): Path<i64>,
) -> ApiResult<Json<Policy>> {
    Ok(Json(
        settings::get_policy(&s.app.db, &actor, pipeline_id).await?,
    ))
}

pub async fn put_policy(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(pipeline_id): Path<i64>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Json<Policy>> {
    let p: Policy = body(b)?;
    Ok(Json(
        settings::put_policy(&s.app.db, &actor, pipeline_id, p).await?,
    ))
}

/// `GET /api/v1/requests/{id}/sla`.
pub async fn request_sla(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let r = requests::visible(&s.app.db, &actor, id, false).await?;
    let (_, figures) = sla::for_request(&s.app.db, &r, Utc::now()).await?;
    Ok(Json(json!({
        "now": figures.computed_at,
        "intervals": figures.intervals.iter().map(|i| json!({
            "status_id": i.status_id,
            "stage_id": i.stage_id,
            "from": i.from,
            "to": i.to,
            "wall_seconds": i.wall_seconds,
            "working_seconds": i.working_seconds,
            "paused": i.paused,
        })).collect::<Vec<_>>(),
        "targets": figures.targets.iter().map(|t| json!({
            "kind": t.kind,
            "name": t.name,
            "stage_id": t.stage_id,
            "limit_seconds": t.limit_seconds,
            "used_seconds": t.used_seconds,
            "state": t.state,
            "deadline": t.deadline,
            "running": t.running,
        })).collect::<Vec<_>>(),
    })))
}

/// `POST /api/v1/requests/{id}/events`: one status change with the time it happened at the
/// source. A repeat is a no-op (200), a new one is recorded (201) even when late.
pub async fn add_event(
    State(s): State<ServerState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult<Response> {
    let item: history::HistoryItem = body(b)?;
    let (applied, r) = history::append(&s.app.db, &actor, id, item).await?;
    let status = if applied == requests::events::Applied::Duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(json!({
            "applied": match applied {
                requests::events::Applied::Current => "current",
                requests::events::Applied::Late => "late",
                requests::events::Applied::Duplicate => "duplicate",
            },
            "status_id": r.status_id,
            "status_at": r.status_at,
            "version": r.version,
        })),
    )
        .into_response())
}
