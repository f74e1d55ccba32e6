//! Distribution: settings (rules, weights, staff), statistics and assigning one request
//! automatically from its page.

use crate::error::AppError;
use crate::model::{DistributionSettings, DistributionStats};
use leptos::prelude::*;
use std::collections::HashMap;

#[server]
pub async fn get_distribution_settings() -> Result<DistributionSettings, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::rules;
    rules::settings(&state()?.db, &current()?).await
}

/// Creates (no `id`) or replaces a rule: `team_id`, `channel`, `category_id` (empty = any),
/// `strategy`, `on_create`, and `weight_<user id>` per team member.
#[server]
pub async fn save_distribution_rule(
    id: Option<i64>,
    form: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::rules::{self, RuleInput};
    let input = RuleInput::from_form(&form.unwrap_or_default())
        .map_err(|fields| AppError::Validation { fields })?;
    rules::save(&state()?.db, &current()?, id, input).await?;
    Ok(())
}

#[server]
pub async fn delete_distribution_rule(id: i64) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::rules;
    rules::delete(&state()?.db, &current()?, id).await
}

/// Creates (no `id`) or renames a team.
#[server]
pub async fn save_team(id: Option<i64>, name: String) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::rules;
    rules::save_team(&state()?.db, &current()?, id, &name).await?;
    Ok(())
}

/// An executor's team, max load and active flag.
#[server]
pub async fn save_staff(
    user_id: i64,
    team_id: Option<String>,
    max_load: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::rules::{self, StaffInput};
    let team_id = match team_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| AppError::validation("team_id", "invalid"))?,
        ),
    };
    let max_load = max_load
        .trim()
        .parse()
        .map_err(|_| AppError::validation("max_load", "invalid"))?;
    let input = StaffInput {
        user_id,
        team_id,
        max_load,
        active: active.is_some(),
    };
    rules::save_staff(&state()?.db, &current()?, input).await
}

/// Statistics for a period given as `from=2026-11-01&to=2026-11-21` (default: 30 days).
#[server]
pub async fn get_distribution_stats(query: String) -> Result<DistributionStats, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution::stats;
    let params: HashMap<String, String> = serde_urlencoded::from_str(&query).unwrap_or_default();
    let date = |k: &str| params.get(k).and_then(|v| v.parse().ok());
    stats::stats(&state()?.db, &current()?, date("from"), date("to")).await
}

/// Assigns the request by its distribution rule; answers `assigned`, `queued` or
/// `already_assigned`.
#[server]
pub async fn auto_assign_request(id: i64) -> Result<String, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::distribution;
    let out = distribution::auto_assign(&state()?.db, &current()?, id).await?;
    Ok(out.outcome.as_str().to_string())
}
