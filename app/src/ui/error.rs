//! Errors as people read them: the code translated, never an internal message.

use crate::error::AppError;
use crate::i18n::{tr_arg, tr_dyn};
use leptos::prelude::*;

/// The sentence for an error (`error-<code>` in the Fluent files).
pub fn message(err: &AppError) -> String {
    match err {
        AppError::RateLimited { retry_after } => tr_arg(
            "error-rate_limited",
            "minutes",
            retry_after.div_ceil(60) as i64,
        ),
        AppError::MissingField { field } => tr_arg(
            "error-missing_field",
            "field",
            tr_dyn(&format!("field-{field}")),
        ),
        other => tr_dyn(&format!("error-{}", other.code())),
    }
}

/// [`message`], but a validation error says what was wrong with each field.
pub fn detailed_message(err: &AppError) -> String {
    match err {
        AppError::Validation { fields } if !fields.is_empty() => fields
            .iter()
            .map(|f| field_message(&f.code))
            .collect::<Vec<_>>()
            .join(" "),
        other => message(other),
    }
}

/// The sentence for a field's validation code (`field-error-<code>`).
pub fn field_message(code: &str) -> String {
    tr_dyn(&format!("field-error-{code}"))
}

/// A banner for an error that is not about one field.
#[component]
pub fn ErrorBanner(error: AppError) -> impl IntoView {
    let text = message(&error);
    view! {
        <div class="alert error" role="alert" data-code=error.code()>
            {text}
        </div>
    }
}
