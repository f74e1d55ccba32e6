//! Holidays from an .ics file, uploaded with a plain form (works without JavaScript).

use crate::router::ServerState;
use app::error::AppError;
use app::server::auth::Actor;
use app::server::services::sla::{ics, settings};
use axum::Extension;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Target {
    pipeline: Option<i64>,
    scope: Option<i64>,
}

const MAX_ICS: usize = 1024 * 1024;

pub async fn import_ics(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    Query(t): Query<Target>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(Extension(actor)) = actor else {
        return Redirect::to("/login").into_response();
    };
    let back = |extra: String| {
        let mut url = format!("/settings/sla?pipeline={}", t.pipeline.unwrap_or_default());
        if let Some(s) = t.scope {
            url.push_str(&format!("&scope={s}"));
        }
        Redirect::to(&format!("{url}&{extra}#working-hours")).into_response()
    };
    let mut text = None;
    if let Ok(mut mp) = multipart {
        while let Ok(Some(field)) = mp.next_field().await {
            if field.name() == Some("file") {
                match field.bytes().await {
                    Ok(b) if b.len() <= MAX_ICS => {
                        text = Some(String::from_utf8_lossy(&b).to_string())
                    }
                    _ => return back("ics_error=file_too_large".into()),
                }
            }
        }
    }
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return back("ics_error=required".into());
    };
    let days = match ics::holidays(&text) {
        Ok(d) => d,
        Err(code) => return back(format!("ics_error={code}")),
    };
    let result: Result<usize, AppError> = async {
        let (mut cal, _) = settings::get_calendar(&state.app.db, &actor, t.scope).await?;
        let added = ics::merge(&mut cal, days);
        settings::put_calendar(&state.app.db, &actor, t.scope, cal).await?;
        Ok(added)
    }
    .await;
    match result {
        Ok(n) => back(format!("imported={n}")),
        Err(AppError::Validation { fields }) => back(format!(
            "ics_error={}",
            fields.first().map_or("invalid", |f| f.code.as_str())
        )),
        Err(e) => back(format!("ics_error={}", e.code())),
    }
}
