//! Attachments over plain HTTP: a multipart upload form (works without JavaScript; the phone
//! view's script sends the same form and reads JSON, for its progress bar) and downloads
//! checked against the caller's company and role.

use crate::rest::error::ApiError;
use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::Actor;
use app::server::services::requests::attachments;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use serde_json::json;

/// Where an upload answers: back to a page (the plain form, with an error code in the query),
/// or as JSON for the phone view's script (`Accept: application/json`).
struct Reply {
    json: bool,
    /// `/my/{id}` for the phone view's form, else `/requests/{id}`.
    page: String,
}

impl Reply {
    fn new(headers: &HeaderMap, id: i64) -> Self {
        let json = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        Self {
            json,
            page: format!("/requests/{id}"),
        }
    }

    fn done(&self, a: &app::server::entities::attachment::Model) -> Response {
        if self.json {
            Json(json!({ "id": a.id, "file_name": a.file_name, "size": a.size })).into_response()
        } else {
            Redirect::to(&format!("{}#attachments", self.page)).into_response()
        }
    }

    fn error(&self, e: AppError) -> Response {
        match e {
            _ if self.json => ApiError(e).into_response(),
            AppError::Validation { fields } => {
                let code = fields.first().map_or("invalid", |f| f.code.as_str());
                Redirect::to(&format!("{}?upload_error={code}#attachments", self.page))
                    .into_response()
            }
            AppError::Unauthorized => Redirect::to("/login").into_response(),
            e => (
                StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.to_string(),
            )
                .into_response(),
        }
    }
}

/// `POST /requests/{id}/attachments`, multipart: `file`, and from the phone view's form
/// `only=image` (photos only) and `back=my` (answer with its page).
pub async fn upload(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let mut reply = Reply::new(&headers, id);
    let Some(Extension(actor)) = actor else {
        return reply.error(AppError::Unauthorized);
    };
    let too_large = || AppError::validation("file", "file_too_large");
    let Ok(mut multipart) = multipart else {
        return reply.error(AppError::validation("file", "required"));
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut photo = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("file") => {
                    let name = field.file_name().unwrap_or("file").to_string();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes.to_vec())),
                        Err(_) => return reply.error(too_large()),
                    }
                }
                Some("only") => photo = field.text().await.is_ok_and(|v| v == "image"),
                Some("back") => {
                    if field.text().await.is_ok_and(|v| v == "my") {
                        reply.page = format!("/my/{id}");
                    }
                }
                _ => continue,
            },
            Ok(None) => break,
            Err(_) => return reply.error(too_large()),
        }
    }
    let Some((name, bytes)) = file else {
        return reply.error(AppError::validation("file", "required"));
    };
    let added = if photo {
        attachments::add_photo(&state.app, &actor, id, &name, bytes).await
    } else {
        attachments::add(&state.app, &actor, id, &name, bytes).await
    };
    match added {
        Ok(a) => reply.done(&a),
        Err(e) => reply.error(e),
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
