//! The kanban board's server functions (moves go through `change_status`).

use crate::error::AppError;
use crate::model::BoardView;
use leptos::prelude::*;

/// The board for the list's filter given as a query string, plus `pipeline=<id>` and
/// `more=<status id>` (that column shows more cards).
#[server]
pub async fn get_board(query: String) -> Result<BoardView, AppError> {
    use crate::model::RequestFilter;
    use crate::server::auth::{current, state};
    use crate::server::services::requests::board;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap_or_default();
    let id = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.parse::<i64>().ok())
    };
    let filter = RequestFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let st = state()?;
    board::board(
        &st.db,
        &st.reference,
        &current()?,
        &filter,
        id("pipeline"),
        id("more"),
    )
    .await
}

/// A column's WIP limits; empty = none.
#[server]
pub async fn set_wip_limits(
    status_id: i64,
    wip_limit: Option<String>,
    lane_wip_limit: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::requests::board;
    let mut errors = vec![];
    let wip = board::parse_limit("wip_limit", wip_limit.as_deref()).map_err(|e| errors.push(e));
    let lane =
        board::parse_limit("lane_wip_limit", lane_wip_limit.as_deref()).map_err(|e| errors.push(e));
    match (wip, lane) {
        (Ok(wip), Ok(lane)) => {
            board::set_limits(&state()?.db, &current()?, status_id, wip, lane).await
        }
        _ => Err(AppError::Validation { fields: errors }),
    }
}
