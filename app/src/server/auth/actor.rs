use crate::error::{AppError, AppResult};
use crate::model::Role;

/// The caller of a service: a signed-in user or an integrator's API token, always inside one
/// company. Services take an `Actor` and never look at HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` for an API token.
    pub user_id: Option<i64>,
    pub company_id: i64,
    pub role: Role,
    /// The session this actor came from (`None` for tokens and the CLI).
    pub session_id: Option<String>,
}

impl Actor {
    /// An API token acts as a manager of its company: it reads every request, creates, moves
    /// and assigns them and keeps SLA settings in sync, but manages no users.
    pub fn token(company_id: i64) -> Self {
        Self {
            user_id: None,
            company_id,
            role: Role::Manager,
            session_id: None,
        }
    }

    /// Refuses unless `allowed(role)`.
    pub fn require(&self, allowed: impl Fn(Role) -> bool) -> AppResult<()> {
        if allowed(self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// In a server function: the actor resolved by the session middleware for this request.
pub fn current() -> AppResult<Actor> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Actor>().cloned())
        .ok_or(AppError::Unauthorized)
}

/// The caller's company as the session middleware read it with the session (one row per HTTP
/// request, however many server functions a page runs).
#[derive(Debug, Clone)]
pub struct SessionCompany(pub crate::server::entities::company::Model);

/// The signed-in user as the session middleware read them with the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub name: String,
    pub email: String,
    pub must_change_password: bool,
    /// An active member of another company too: only then does the header need the list of
    /// their companies (read then), for the company switcher.
    pub other_companies: bool,
}

/// In a server function: the signed-in user read with the session, if the middleware did.
pub fn session_user() -> Option<SessionUser> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SessionUser>().cloned())
}

/// In a server function: the caller's company row read with the session, if the middleware did.
pub fn session_company() -> Option<crate::server::entities::company::Model> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SessionCompany>().cloned())
        .map(|SessionCompany(company)| company)
}

/// In a server function: the reference data of the caller's company, checked against the
/// company row read with the session instead of reading it again.
pub async fn current_reference()
-> AppResult<std::sync::Arc<crate::server::services::reference::Reference>> {
    let st = state()?;
    match session_company() {
        Some(company) => st.reference.of(&st.db, company).await,
        None => st.reference.get(&st.db, current()?.company_id).await,
    }
}

/// In a server function: the application state.
pub fn state() -> AppResult<crate::server::AppState> {
    leptos::prelude::use_context::<crate::server::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

/// The client's address as the session middleware determined it (for throttling and logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);
