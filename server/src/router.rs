//! The whole HTTP surface in one router: Leptos pages and server functions, the REST API,
//! attachments, preferences and health, with request ids, tracing and sessions.

use crate::{files, health, middleware, prefs, rest};
use app::error::AppError;
use app::server::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef, Request};
use axum::http::HeaderName;
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use axum::routing::{get, patch, post};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::OnceLock;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct ServerState {
    pub app: AppState,
    pub leptos: LeptosOptions,
    pub trust_proxy: bool,
    /// Live changes for `GET /api/stream`.
    pub hub: crate::stream::hub::Hub,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(s: &ServerState) -> Self {
        s.leptos.clone()
    }
}

/// A server function's refusal leaves with its own HTTP status (401, 403, 404, 409, 422, 429)
/// instead of the generic 500 that server functions use for every error, so monitoring sees
/// real failures only. (leptos_axum registers the server functions' routes itself; this runs
/// around them.)
async fn server_fn_status(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let is_server_fn =
        req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/api/v1/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(err.http_status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// After a write request has been answered (its transaction committed), the live-update tailer
/// reads the log at once instead of at its next poll.
async fn wake_stream(
    axum::extract::State(state): axum::extract::State<ServerState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let writes = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let res = next.run(req).await;
    if writes {
        state.hub.wake();
    }
    res
}

/// The app's routes, generated once per process.
///
/// Generating them runs the app with resource loads suppressed through a process-wide flag
/// (leptos_server's `SuppressResourceLoad`); a resource first polled by a page being rendered
/// meanwhile waits forever (leptos-rs/leptos#4773). Once per process, before any router
/// serves, no render can overlap it — even with several servers in one process, as in tests.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build_router(state: ServerState) -> Router {
    // `/` is answered here (a redirect by role), not rendered.
    let routes: Vec<AxumRouteListing> = routes().into_iter().filter(|r| r.path() != "/").collect();
    let ctx = state.app.clone();
    let hub = state.hub.clone();
    // The stream position is read before the page's data, so the page's stream can replay
    // whatever changes after it (`app::ui::live::StreamFrom`).
    let context = move || {
        provide_context(ctx.clone());
        provide_context(app::ui::live::StreamFrom(hub.floor()));
    };
    let options = state.leptos.clone();
    let max_upload = state.app.settings.max_upload_bytes;
    let request_id = HeaderName::from_static("x-request-id");

    let api = Router::new()
        .route(
            "/api/v1/requests",
            get(rest::requests::list).post(rest::requests::create),
        )
        .route("/api/v1/requests/{id}", patch(rest::requests::update))
        .route(
            "/api/v1/requests/{id}/auto-assign",
            post(rest::distribution::auto_assign),
        )
        .route("/api/v1/requests/{id}/sla", get(rest::sla::request_sla))
        .route("/api/v1/requests/{id}/events", post(rest::sla::add_event))
        .route("/api/v1/pipelines", get(rest::pipelines::list))
        .route("/api/stream", get(crate::stream::stream))
        .route(
            "/api/v1/calendars/{stage_id}",
            get(rest::sla::get_calendar).put(rest::sla::put_calendar),
        )
        .route(
            "/api/v1/sla-policy/{pipeline_id}",
            get(rest::sla::get_policy).put(rest::sla::put_policy),
        );

    Router::new()
        .merge(api)
        .route(
            "/requests/{id}/attachments",
            post(files::upload).layer(DefaultBodyLimit::max(max_upload + 64 * 1024)),
        )
        .route("/files/{id}", get(files::download))
        .route("/reports/sla.xlsx", get(rest::export::sla_xlsx))
        .route("/requests.xlsx", get(rest::requests_export::requests_xlsx))
        .route("/settings/sla/ics", post(crate::settings_import::import_ics))
        .route("/prefs/lang/{code}", get(prefs::language))
        .route("/prefs/theme", get(prefs::theme))
        .route("/", get(start_page))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
            context,
            shell,
        ))
        .layer(axum::middleware::from_fn(server_fn_status))
        .layer(axum::middleware::from_fn_with_state(state.clone(), wake_stream))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                // The path only: query strings may carry phones and names.
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        // A bug in one page answers 500 instead of dropping the connection.
        .layer(CatchPanicLayer::new())
        .with_state(state)
}

/// `/`: executors start at their own requests, everyone else at the list; without a session,
/// the sign-in page.
async fn start_page(actor: Option<axum::Extension<app::server::auth::Actor>>) -> Redirect {
    Redirect::to(match actor {
        None => "/login",
        Some(a) if a.role == app::model::Role::Executor => "/my",
        Some(_) => "/requests",
    })
}
