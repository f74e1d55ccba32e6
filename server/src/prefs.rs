//! Language and theme preferences, kept in cookies and switched by plain links, so they work
//! with and without JavaScript.

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const YEAR: u32 = 365 * 24 * 3600;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

fn back(next: Option<&str>, cookie: String) -> Response {
    let target = app::api::auth::safe_next(next);
    let mut res = Redirect::to(&target).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn language(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let code = match code.as_str() {
        "en" | "ru" | "uk" => code,
        _ => "en".to_string(),
    };
    back(
        q.next.as_deref(),
        format!("lang={code}; Path=/; Max-Age={YEAR}; SameSite=Lax"),
    )
}

/// Flips between dark and light (from "follow the system", to dark).
pub async fn theme(headers: HeaderMap, Query(q): Query<Next>) -> Response {
    let dark_now = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == "theme=dark");
    let next_theme = if dark_now { "light" } else { "dark" };
    back(
        q.next.as_deref(),
        format!("theme={next_theme}; Path=/; Max-Age={YEAR}; SameSite=Lax"),
    )
}
