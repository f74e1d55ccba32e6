use crate::error::AppError;
use crate::model::Me;
use leptos::prelude::*;

/// The signed-in user, their company and role, and the companies they can switch to.
#[server]
pub async fn get_me() -> Result<Me, AppError> {
    use crate::model::{CompanyChoice, CompanyInfo};
    use crate::server::auth::{current, session, session_company, session_user, state};
    let actor = current()?;
    let st = state()?;
    let user_id = actor.user_id.ok_or(AppError::Unauthorized)?;
    // The session middleware read the user and the company with the session, and whether the
    // user works in any other company.
    let u = session_user().ok_or(AppError::Unauthorized)?;
    let companies = match session_company() {
        Some(company) if !u.other_companies => vec![(company, actor.role)],
        _ => session::memberships(&st.db, user_id).await?,
    };
    let (company, _) = companies
        .iter()
        .find(|(c, _)| c.id == actor.company_id)
        .cloned()
        .ok_or(AppError::Unauthorized)?;
    // The zones come with the company's reference data, kept while its stamp is current.
    let zones = st
        .reference
        .of(&st.db, company.clone())
        .await?
        .zones
        .clone();
    Ok(Me {
        user_id,
        name: u.name,
        email: u.email,
        role: actor.role,
        company: CompanyInfo {
            id: company.id,
            name: company.name,
            slug: company.slug,
            timezone: company.timezone,
            locale: company.locale,
        },
        companies: companies
            .into_iter()
            .map(|(c, role)| CompanyChoice {
                id: c.id,
                name: c.name,
                role,
            })
            .collect(),
        must_change_password: u.must_change_password,
        zones,
    })
}

/// Signs in and redirects to `next` (a local path) or the requests list.
#[server]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::auth::{ClientIp, session, state};
    use crate::server::services::users;
    let st = state()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let ip = parts
        .extensions
        .get::<ClientIp>()
        .map(|ip| ip.0.clone())
        .unwrap_or_else(|| "unknown".into());
    let ua = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let signed_in = users::sign_in(&st, &email, &password, &ip, ua).await?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(v) = http::HeaderValue::from_str(&session::cookie(&signed_in.token, &st.settings)) {
        response.append_header(http::header::SET_COOKIE, v);
    }
    let target = if signed_in.must_change_password {
        "/account?first=1".to_string()
    } else {
        safe_next(next.as_deref())
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// Only local paths are followed after sign-in (no open redirect). Characters that cannot go
/// into a `Location` header as they are (Cyrillic search terms, spaces) are percent-encoded.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n
            .bytes()
            .map(|b| match b {
                0x21..=0x7E => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect(),
        _ => "/requests".to_string(),
    }
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::{current, session, state};
    let st = state()?;
    if let Ok(Some(id)) = current().map(|a| a.session_id) {
        session::delete(&st.db, &id).await?;
    }
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(v) = http::HeaderValue::from_str(&session::clear_cookie()) {
        response.append_header(http::header::SET_COOKIE, v);
    }
    leptos_axum::redirect("/login");
    Ok(())
}

/// Moves the session to another company the user belongs to.
#[server]
pub async fn switch_company(company_id: i64) -> Result<(), AppError> {
    use crate::server::auth::{current, session, state};
    let actor = current()?;
    let st = state()?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    if session::active_role(&st.db, user_id, company_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let sid = actor.session_id.ok_or(AppError::Forbidden)?;
    session::switch_company(&st.db, &sid, company_id).await?;
    leptos_axum::redirect("/requests");
    Ok(())
}

#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::users;
    let actor = current()?;
    let st = state()?;
    users::change_password(&st.db, &actor, &current_password, &new_password, &confirm).await?;
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/requests/5")), "/requests/5");
        assert_eq!(safe_next(Some("//evil.example")), "/requests");
        assert_eq!(safe_next(Some("https://evil.example")), "/requests");
        assert_eq!(safe_next(None), "/requests");
        assert_eq!(
            safe_next(Some("/requests?q=течь")),
            "/requests?q=%D1%82%D0%B5%D1%87%D1%8C"
        );
    }
}
