//! Bearer-token authentication for the REST API.

use super::error::ApiError;
use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::{Actor, token};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;

/// The integrator calling the API, from `Authorization: Bearer upr_…`.
pub struct ApiActor(pub Actor);

impl FromRequestParts<ServerState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError(AppError::Unauthorized))?;
        token::resolve(&state.app.db, bearer, Utc::now())
            .await?
            .map(ApiActor)
            .ok_or(ApiError(AppError::Unauthorized))
    }
}
