//! Attachments over plain HTTP: a multipart upload form (works without JavaScript) and
//! downloads checked against the caller's company and role.

use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::Actor;
use app::server::services::requests::attachments;
use axum::Extension;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

fn back(id: i64, error: Option<&str>) -> Response {
    match error {
        None => Redirect::to(&format!("/requests/{id}#attachments")).into_response(),
        Some(code) => {
            Redirect::to(&format!("/requests/{id}?upload_error={code}#attachments")).into_response()
        }
    }
}

pub async fn upload(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(Extension(actor)) = actor else {
        return Redirect::to("/login").into_response();
    };
    let Ok(mut multipart) = multipart else {
        return back(id, Some("required"));
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("file").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return back(id, Some("file_too_large")),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => return back(id, Some("file_too_large")),
        }
    }
    let Some((name, bytes)) = file else {
        return back(id, Some("required"));
    };
    match attachments::add(&state.app, &actor, id, &name, bytes).await {
        Ok(_) => back(id, None),
        Err(AppError::Validation { fields }) => back(
            id,
            Some(fields.first().map_or("invalid", |f| f.code.as_str())),
        ),
        Err(e) => (
            StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response(),
    }
}

pub async fn download(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(actor)) = actor else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match attachments::read(&state.app, &actor, id).await {
        Ok((a, bytes)) => {
            let inline =
                a.content_type.starts_with("image/") || a.content_type == "application/pdf";
            let disposition = format!(
                "{}; filename*=UTF-8''{}",
                if inline { "inline" } else { "attachment" },
                app::ui::layout::urlencode(&a.file_name)
            );
            let mut res = Response::new(Body::from(bytes));
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&a.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            );
            res
        }
        Err(e) => StatusCode::from_u16(e.http_status())
            .unwrap_or(StatusCode::NOT_FOUND)
            .into_response(),
    }
}
