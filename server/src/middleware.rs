//! Per-request work before any handler: who is calling (session cookie), from where, a CSRF
//! origin check for cookie-authenticated writes, and the sign-in gate for pages.

use crate::router::ServerState;
use app::server::auth::{Actor, ClientIp, SessionCompany, session};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use std::net::SocketAddr;

/// The value of cookie `name`, if present.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .filter(|_| trust_proxy);
    if let Some(first) = forwarded {
        return first.trim().to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".to_string())
}

/// Paths that render the application and therefore need a signed-in user.
fn is_page(path: &str) -> bool {
    const PUBLIC: [&str; 9] = [
        "/api/", "/pkg/", "/prefs/", "/files/", "/healthz", "/readyz", "/login", "/favicon",
        "/icons/",
    ];
    !PUBLIC.iter().any(|p| path.starts_with(p))
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// A write carried by a browser must come from our own origin (SameSite cookies already stop
/// most cross-site posts; this closes the rest).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => true,
        Some(s) => {
            let rest = s
                .strip_prefix("http://")
                .or_else(|| s.strip_prefix("https://"))
                .unwrap_or("");
            rest.split('/').next() == Some(host)
        }
    }
}

pub async fn session(State(state): State<ServerState>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&req, state.trust_proxy);
    req.extensions_mut().insert(ClientIp(ip));
    let cookie = cookie_value(req.headers(), session::COOKIE);
    if let Some(token) = &cookie {
        match session::resolve(&state.app.db, &state.app.settings, token, Utc::now()).await {
            Ok(Some((actor, company, user))) => {
                req.extensions_mut().insert(actor);
                req.extensions_mut().insert(SessionCompany(company));
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
            }
        }
    }
    let method = req.method().clone();
    let writes = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && cookie.is_some() && !same_origin(req.headers()) {
        tracing::warn!(path = req.uri().path(), "cross-origin write refused");
        return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
    }
    let path = req.uri().path().to_string();
    let signed_in = req.extensions().get::<Actor>().is_some();
    if method == Method::GET {
        if !signed_in && is_page(&path) {
            let target = match req.uri().query() {
                Some(q) => format!("{path}?{q}"),
                None => path.clone(),
            };
            let next_param = app::ui::layout::urlencode(&target);
            return Redirect::to(&format!("/login?next={next_param}")).into_response();
        }
        if signed_in && path == "/login" {
            return Redirect::to("/requests").into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn pages_are_gated_and_assets_are_not() {
        assert!(is_page("/requests"));
        assert!(is_page("/requests/5"));
        assert!(is_page("/"));
        assert!(!is_page("/login"));
        assert!(!is_page("/pkg/uprava.js"));
        assert!(!is_page("/api/v1/requests"));
        assert!(!is_page("/favicon.svg"));
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:3000"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
    }

    #[test]
    fn reads_one_cookie_among_many() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=ru; uprava_session=abc; theme=dark"),
        );
        assert_eq!(cookie_value(&h, "uprava_session").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&h, "missing"), None);
    }
}
