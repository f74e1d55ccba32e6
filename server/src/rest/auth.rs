//! Bearer-token authentication for the REST API.

use super::error::ApiError;
use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::{Actor, token};
use app::server::entities::company;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;

/// The integrator calling the API, from `Authorization: Bearer upr_…`.
pub struct ApiActor(pub Actor);

/// [`ApiActor`] with its company's row as read with the token.
pub struct ApiCaller {
    pub actor: Actor,
    pub company: company::Model,
}

impl FromRequestParts<ServerState> for ApiCaller {
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
            .map(|(actor, company)| ApiCaller { actor, company })
            .ok_or(ApiError(AppError::Unauthorized))
    }
}

impl FromRequestParts<ServerState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, ApiError> {
        Ok(ApiActor(
            ApiCaller::from_request_parts(parts, state).await?.actor,
        ))
    }
}
