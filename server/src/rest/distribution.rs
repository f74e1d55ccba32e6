//! `POST /api/v1/requests/{id}/auto-assign`: assigns a request by the distribution rule that
//! covers it, and says why.

use super::auth::ApiActor;
use super::error::ApiResult;
use super::requests::one_row;
use crate::router::ServerState;
use app::domain::distribution::Considered;
use app::error::AppError;
use app::model::RequestRow;
use app::server::services::distribution;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use serde::Serialize;

#[derive(Serialize)]
pub struct AutoAssignResponse {
    /// `assigned`, `queued` (nobody has capacity; it waits) or `already_assigned`.
    pub outcome: &'static str,
    pub request: RequestRow,
    pub rule_id: Option<i64>,
    pub strategy: Option<&'static str>,
    /// Every member of the rule's team: weight, load, max load, chance, why not.
    pub candidates: Vec<Considered>,
}

/// Retry-safe: once assigned, the same call answers `already_assigned` with the request.
pub async fn auto_assign(
    State(state): State<ServerState>,
    ApiActor(actor): ApiActor,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<AutoAssignResponse>> {
    let Path(id) = id.map_err(|_| AppError::NotFound)?;
    let out = distribution::auto_assign(&state.app.db, &actor, id).await?;
    let (strategy, candidates) = match out.decision {
        Some(d) => (Some(d.strategy.as_str()), d.candidates),
        None => (None, vec![]),
    };
    Ok(Json(AutoAssignResponse {
        outcome: out.outcome.as_str(),
        request: one_row(&state, actor.company_id, out.request).await?,
        rule_id: out.rule_id,
        strategy,
        candidates,
    }))
}
