//! A labelled form field with its error message right below it.

use crate::error::AppError;
use crate::ui::error::field_message;
use leptos::prelude::*;

/// The validation code for `name` in the last answer of an action, if any.
pub fn field_error<T, V>(value: V, name: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => e.field(name),
            _ => None,
        })
    })
}

/// Label, control and the field's error (with `aria-invalid` on the control's wrapper).
#[component]
pub fn Field(
    /// The label text.
    #[prop(into)]
    label: Signal<String>,
    /// The `id` of the control, for the label.
    for_id: &'static str,
    /// The validation code of this field, if it failed.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Help under the control.
    #[prop(into, optional)]
    hint: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{for_id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=for_id>{label}</label>
            {children()}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <p class="field-error" id=error_id role="alert">
                {move || error.get().map(|c| field_message(&c))}
            </p>
        </div>
    }
}
