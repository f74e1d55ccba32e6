use crate::error::AppError;
use crate::model::{Invited, UserRow};
use leptos::prelude::*;

#[server]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::users;
    users::list(&state()?.db, &current()?).await
}

/// Invites a user; the answer carries the one-time password, shown once. A plain form post
/// (no JavaScript) gets it back through a short-lived cookie read by the next page view.
#[server]
pub async fn invite_user(email: String, name: String, role: String) -> Result<Invited, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::users;
    let invited = users::invite(&state()?.db, &current()?, &email, &name, &role).await?;
    let plain_form = use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        flash::set(&invited);
    }
    Ok(invited)
}

/// The invitation made by the previous plain form post, once.
#[server]
pub async fn take_invited() -> Result<Option<Invited>, AppError> {
    use crate::server::auth::current;
    current()?.require(crate::model::Role::can_manage_users)?;
    Ok(flash::take())
}

#[cfg(feature = "ssr")]
mod flash {
    use crate::model::Invited;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use leptos::prelude::*;

    const COOKIE: &str = "uprava_invited";

    fn set_cookie(value: &str, max_age: u32) {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = format!(
                "{COOKIE}={value}; Path=/admin/users; HttpOnly; SameSite=Strict; Max-Age={max_age}"
            );
            if let Ok(v) = http::HeaderValue::from_str(&cookie) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
    }

    pub fn set(invited: &Invited) {
        if let Ok(json) = serde_json::to_vec(invited) {
            set_cookie(&URL_SAFE_NO_PAD.encode(json), 300);
        }
    }

    pub fn take() -> Option<Invited> {
        let parts = use_context::<http::request::Parts>()?;
        let raw = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| {
                c.trim()
                    .strip_prefix(&format!("{COOKIE}="))
                    .map(String::from)
            })?;
        set_cookie("", 0);
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

#[server]
pub async fn change_role(user_id: i64, role: String) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::users;
    users::change_role(&state()?.db, &current()?, user_id, &role).await
}

#[server]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::users;
    users::set_active(&state()?.db, &current()?, user_id, active).await
}
