// A server function's arguments are the form's fields, one per input (the create form has 11).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{Dictionaries, RequestDetail, RequestPage};
use leptos::prelude::*;

/// The requests list for a filter given as a query string (`status=3&q=leak&page=2`).
#[server]
pub async fn list_requests(query: String) -> Result<RequestPage, AppError> {
    use crate::model::RequestFilter;
    use crate::server::auth::{current, current_reference, state};
    use crate::server::services::requests::list;
    let actor = current()?;
    let filter = RequestFilter::from_query(&query);
    let reference = current_reference().await?;
    list::list(&state()?.db, &reference, &actor, &filter).await
}

#[server]
pub async fn get_dictionaries() -> Result<Dictionaries, AppError> {
    use crate::server::auth::{current, current_reference, state};
    use crate::server::services::dictionaries;
    let actor = current()?;
    let reference = current_reference().await?;
    dictionaries::load(&state()?.db, &reference, &actor).await
}

#[server]
pub async fn get_request(id: i64) -> Result<RequestDetail, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::detail;
    let actor = current()?;
    detail::load(&state()?.db, &actor, id).await
}

/// Creates a request from the dispatcher's form and opens its page.
#[server]
pub async fn create_request(
    title: String,
    description: String,
    category_id: Option<String>,
    priority: Option<String>,
    urgent: Option<String>,
    building_id: Option<String>,
    apartment: Option<String>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    channel: Option<String>,
    assignee_id: Option<String>,
) -> Result<i64, AppError> {
    use crate::model::{Channel, NewRequestInput, Role};
    use crate::server::auth::{current, state};
    use crate::server::services::requests::create;
    let actor = current()?;
    actor.require(Role::can_create_requests)?;
    let db = &state()?.db;
    let input = NewRequestInput {
        title,
        description,
        category_id,
        priority,
        urgent,
        building_id,
        apartment,
        contact_name,
        contact_phone,
        channel,
        assignee_id,
    };
    let new = create::parse(db, actor.company_id, &input, Channel::Phone).await?;
    let created = create::create(db, &actor, new).await?;
    leptos_axum::redirect(&format!("/requests/{}", created.id));
    Ok(created.id)
}

#[server]
pub async fn change_status(
    id: i64,
    status_id: i64,
    comment: Option<String>,
    version: Option<i64>,
) -> Result<i64, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::change;
    let actor = current()?;
    let change = change::StatusChange {
        status_id,
        comment,
        expected_version: version,
    };
    let req = change::change_status(&state()?.db, &actor, id, change).await?;
    Ok(req.version)
}

/// Assigns an executor; an empty `assignee_id` unassigns.
#[server]
pub async fn assign_request(
    id: i64,
    assignee_id: Option<String>,
    version: Option<i64>,
) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::change;
    let actor = current()?;
    let assignee = match assignee_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::validation("assignee_id", "invalid"))?,
        ),
    };
    change::assign(&state()?.db, &actor, id, assignee, version).await?;
    Ok(())
}

#[server]
pub async fn add_comment(id: i64, body: String) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::comment;
    let actor = current()?;
    comment::add(&state()?.db, &actor, id, &body).await?;
    Ok(())
}

/// The request's SLA: intervals, targets and the calendars its running clocks follow.
#[server]
pub async fn get_request_sla(id: i64) -> Result<crate::model::SlaView, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::{requests, sla};
    let actor = current()?;
    let db = &state()?.db;
    let r = requests::visible(db, &actor, id, false).await?;
    let (ctx, figures) = sla::for_request(db, &r, chrono::Utc::now()).await?;
    let names = sla::view::Names::load(db, actor.company_id).await?;
    Ok(sla::view::view(&ctx, r.pipeline_id, &figures, &names))
}

/// The list's bulk change: `form[sel_<id>]` per selected row and the change (`assignee_id`,
/// `status_id`, `comment`), applied to each request on its own.
#[server]
pub async fn bulk_update(
    form: Option<std::collections::HashMap<String, String>>,
) -> Result<crate::model::BulkOutcome, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::bulk;
    let (ids, patch) = bulk::parse_form(&form.unwrap_or_default())?;
    bulk::apply(&state()?.db, &current()?, ids, patch).await
}
