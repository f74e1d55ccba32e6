use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// Marks a request urgent, or not (a person's decision; rules no longer change it).
#[server]
pub async fn set_urgent(id: i64, urgent: bool) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::urgency;
    urgency::set_urgent(&state()?.db, &current()?, id, urgent).await?;
    Ok(())
}

#[server]
pub async fn save_urgency_rules(
    pipeline_id: i64,
    form: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::domain::urgency::rules_from_form;
    use crate::server::auth::{current, state};
    use crate::server::services::urgency;
    let rules = rules_from_form(&form.unwrap_or_default())
        .map_err(|fields| AppError::Validation { fields })?;
    urgency::put_rules(&state()?.db, &current()?, pipeline_id, rules).await?;
    Ok(())
}
