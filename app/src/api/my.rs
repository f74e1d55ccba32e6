//! The executor's phone view: their open requests by urgency, and one request with what the
//! upload form needs to check a photo before sending it.

use crate::error::AppError;
use crate::model::{MyRequest, RequestPage};
use leptos::prelude::*;

/// The caller's open requests, most pressing first (see [`crate::model::by_urgency`]).
#[server]
pub async fn my_requests() -> Result<RequestPage, AppError> {
    use crate::model::{MAX_PER_PAGE, RequestFilter, by_urgency};
    use crate::server::auth::{current, current_reference, state};
    use crate::server::services::requests::list;
    let actor = current()?;
    let filter = RequestFilter::from_query(&format!("assignee=me&open=1&per_page={MAX_PER_PAGE}"));
    let reference = current_reference().await?;
    let mut page = list::list(&state()?.db, &reference, &actor, &filter).await?;
    by_urgency(&mut page.rows);
    Ok(page)
}

/// One request as the executor's phone view shows it.
#[server]
pub async fn get_my_request(id: i64) -> Result<MyRequest, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::detail;
    let actor = current()?;
    let state = state()?;
    Ok(MyRequest {
        request: detail::load(&state.db, &actor, id).await?,
        max_upload_bytes: state.settings.max_upload_bytes as u64,
    })
}
