//! Liveness and readiness.

use crate::router::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::ConnectionTrait;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can reach its database.
pub async fn readyz(State(state): State<ServerState>) -> (StatusCode, &'static str) {
    match state.app.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
