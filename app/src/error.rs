//! The one error type that crosses the wire: server functions, the REST API and the UI all
//! speak it. Every variant has a stable snake_case `code` that the UI translates
//! (`error-<code>` in the Fluent files) and integrators match on.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A field that failed validation, with a code the UI translates (`field-error-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// No session, an expired one, or a revoked API token.
    #[error("sign in required")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("not allowed for your role")]
    Forbidden,
    /// Does not exist in the caller's company (other companies' rows look the same).
    #[error("not found")]
    NotFound,
    /// Input did not parse; one entry per bad field.
    #[error("invalid input")]
    Validation { fields: Vec<FieldError> },
    /// The pipeline does not allow moving from the current status to the requested one.
    #[error("this status change is not allowed")]
    InvalidTransition,
    /// The target status needs a field that is empty (an assignee, a comment).
    #[error("required field is missing: {field}")]
    MissingField { field: String },
    /// Someone else changed the record first (version check).
    #[error("changed by someone else")]
    Conflict,
    /// Too many attempts; retry after the given number of seconds.
    #[error("too many attempts, retry in {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// Wrong e-mail or password (deliberately not saying which).
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    /// Anything else; the cause is logged on the server and never shown.
    #[error("internal error")]
    Internal,
    /// The call did not reach the server function (network, decoding).
    #[error("request failed: {message}")]
    Transport { message: String },
}

impl AppError {
    pub fn validation(field: &str, code: &str) -> Self {
        Self::Validation {
            fields: vec![FieldError::new(field, code)],
        }
    }

    /// The stable code integrators and the UI match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Validation { .. } => "validation",
            Self::InvalidTransition => "invalid_transition",
            Self::MissingField { .. } => "missing_field",
            Self::Conflict => "conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Internal => "internal",
            Self::Transport { .. } => "transport",
        }
    }

    /// HTTP status for the REST API.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Unauthorized | Self::InvalidCredentials => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Validation { .. } | Self::MissingField { .. } => 422,
            Self::InvalidTransition | Self::Conflict => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal | Self::Transport { .. } => 500,
        }
    }

    /// The validation code for one field, if this error carries one.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Self::Validation { fields } => fields
                .iter()
                .find(|f| f.field == name)
                .map(|f| f.code.clone()),
            Self::MissingField { field } if field == name => Some("required".into()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport {
            message: value.to_string(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        Self::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        tracing::error!(error = ?err, "internal error");
        Self::Internal
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_a_stable_code() -> Result<(), serde_json::Error> {
        let err = AppError::validation("title", "required");
        let json = serde_json::to_value(&err)?;
        assert_eq!(json["code"], "validation");
        assert_eq!(json["fields"][0]["field"], "title");
        assert_eq!(err.code(), "validation");
        let back: AppError = serde_json::from_value(json)?;
        assert_eq!(back, err);
        Ok(())
    }

    #[test]
    fn field_lookup_finds_the_code() {
        let err = AppError::Validation {
            fields: vec![FieldError::new("phone", "invalid_phone")],
        };
        assert_eq!(err.field("phone").as_deref(), Some("invalid_phone"));
        assert_eq!(err.field("title"), None);
    }
}
