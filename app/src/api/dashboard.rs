//! The SLA dashboard's server function.

use crate::error::AppError;
use crate::model::SlaDashboard;
use leptos::prelude::*;

/// The SLA dashboard for a filter given as a query string (`team=3&from=2026-11-01`).
#[server]
pub async fn get_sla_dashboard(query: String) -> Result<SlaDashboard, AppError> {
    use crate::model::DashboardFilter;
    use crate::server::auth::{current, state};
    use crate::server::services::sla::dashboard;
    let actor = current()?;
    let filter = DashboardFilter::from_query(&query);
    let state = state()?;
    dashboard::dashboard(
        &state.db,
        &state.settled,
        &actor,
        &filter,
        chrono::Utc::now(),
    )
    .await
}
