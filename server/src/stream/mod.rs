//! `GET /api/stream`: Server-Sent Events of request changes in the caller's company — for a
//! signed-in user (session cookie) or an integrator (`Authorization: Bearer`). Executors get
//! only requests assigned to them (and the moment one leaves them). Events:
//! - `hello` once, with the current position;
//! - `request` per event-log row: `{"id","request_id","kind","status_id","assignee_id","at"}`;
//! - `notification` when the user's bell has something new;
//! - `reset` when more was missed than is worth replaying: reload.
//!
//! Every event carries the log position as its SSE id, so a client that reconnects with
//! `Last-Event-ID` (browsers do it by themselves) is sent what it missed from the log. A first
//! connection can ask the same with `?after=N` (a browser's `EventSource` cannot set the
//! header): pages rendered on the server carry the position they were read at, so a change
//! made between the render and the connection is replayed too.

pub mod hub;

use crate::rest::auth::ApiActor;
use crate::rest::error::ApiError;
use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::Actor;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use hub::{Change, Item};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// Rows replayed to a reconnecting client before it is told to reload instead.
const REPLAY_LIMIT: u64 = 2000;
/// A stream is closed after this long; the browser reconnects at once with `Last-Event-ID`,
/// and the session (or token) is checked again.
const MAX_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// The caller: the session's user, else an API token.
pub struct StreamActor(pub Actor);

impl FromRequestParts<ServerState> for StreamActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, ApiError> {
        if let Some(actor) = parts.extensions.get::<Actor>() {
            return Ok(StreamActor(actor.clone()));
        }
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            return Ok(StreamActor(
                ApiActor::from_request_parts(parts, state).await?.0,
            ));
        }
        Err(ApiError(AppError::Unauthorized))
    }
}

/// May `actor` see this change? Same company; executors only their own requests.
pub fn visible(actor: &Actor, c: &Change) -> bool {
    c.company_id == actor.company_id
        && (actor.role.sees_all_requests()
            || (actor.user_id.is_some()
                && (c.assignee_id == actor.user_id || c.from_assignee_id == actor.user_id)))
}

fn change_event(c: &Change, cursor: i64) -> Event {
    Event::default()
        .event("request")
        .id(cursor.to_string())
        .json_data(c)
        .unwrap_or_else(|_| Event::default().event("reset"))
}

/// `?after=N`: replay the log after position `N` (when no `Last-Event-ID` says more).
#[derive(Debug, Default, serde::Deserialize)]
pub struct StreamParams {
    after: Option<i64>,
}

pub async fn stream(
    State(state): State<ServerState>,
    StreamActor(actor): StreamActor,
    headers: HeaderMap,
    params: Result<Query<StreamParams>, QueryRejection>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let Query(params) = params.map_err(|_| ApiError(AppError::validation("after", "invalid")))?;
    // A reconnecting browser sends both; its header is the newer position.
    let last: Option<i64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .or(params.after);
    // Subscribe first, then read the log: nothing falls between the two.
    let mut live = state.hub.subscribe();
    let (tx, rx) = mpsc::channel::<Event>(256);
    tokio::spawn(async move {
        let started = tokio::time::Instant::now();
        let floor = state.hub.floor();
        // The SSE id last sent, and the log position up to which rows went out from the log
        // (rows at or below it that are still in the broadcast buffer are duplicates).
        let (mut sent, mut replayed_to) = (floor, 0);
        let hello = Event::default()
            .event("hello")
            .id(floor.to_string())
            .data(format!("{{\"cursor\":{floor}}}"));
        if tx.send(hello).await.is_err() {
            return;
        }
        if let Some(from) = last.filter(|l| *l < floor) {
            if !replay(&state, &actor, &tx, from, floor).await {
                return;
            }
            replayed_to = floor;
        }
        loop {
            let item = tokio::select! {
                item = live.recv() => item,
                _ = tokio::time::sleep_until(started + MAX_LIFETIME) => return,
                _ = tx.closed() => return,
            };
            let event = match item {
                Ok(Item::Change { change, cursor }) => {
                    if change.id <= replayed_to {
                        continue;
                    }
                    sent = sent.max(cursor);
                    if !visible(&actor, &change) {
                        continue;
                    }
                    change_event(&change, sent)
                }
                Ok(Item::Notice(n)) => {
                    if n.company_id != actor.company_id || Some(n.user_id) != actor.user_id {
                        continue;
                    }
                    match Event::default().event("notification").json_data(&*n) {
                        Ok(e) => e,
                        Err(_) => continue,
                    }
                }
                // Too slow to keep up: the rest comes from the log.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let now = state.hub.floor();
                    if !replay(&state, &actor, &tx, sent, now).await {
                        return;
                    }
                    (sent, replayed_to) = (now, now);
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if tx.send(event).await.is_err() {
                return;
            }
        }
    });
    let events = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

/// Sends the company's log rows in `(from, to]` that `actor` may see; `false` when the client
/// has gone. Too many: one `reset`.
async fn replay(
    state: &ServerState,
    actor: &Actor,
    tx: &mpsc::Sender<Event>,
    from: i64,
    to: i64,
) -> bool {
    let rows = match hub::changes_after(
        &state.app.db,
        Some(actor.company_id),
        from,
        REPLAY_LIMIT + 1,
    )
    .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "stream: replay failed");
            return tx
                .send(Event::default().event("reset").data("{}"))
                .await
                .is_ok();
        }
    };
    if rows.len() as u64 > REPLAY_LIMIT {
        return tx
            .send(
                Event::default()
                    .event("reset")
                    .id(to.to_string())
                    .data("{}"),
            )
            .await
            .is_ok();
    }
    for c in rows.iter().filter(|c| c.id <= to && visible(actor, c)) {
        if tx.send(change_event(c, c.id)).await.is_err() {
            return false;
        }
    }
    true
}
