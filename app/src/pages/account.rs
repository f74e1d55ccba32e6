//! The user's own settings: password.

use crate::api::auth::ChangePassword;
use crate::ui::field::{Field, field_error};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let value = action.value();
    let query = use_query_map();
    let first = move || query.read().get("first").is_some();
    let done = move || matches!(value.get(), Some(Ok(()))) || query.read().get("changed").is_some();
    view! {
        <Title text=tr!("account-title") />
        <div class="page-head">
            <h1>{move || tr!("account-title")}</h1>
        </div>
        <section class="card narrow">
            <h2>{move || tr!("account-password")}</h2>
            {move || first().then(|| view! { <div class="alert info">{tr!("account-first-login")}</div> })}
            {move || done().then(|| view! { <div class="alert success" role="status">{tr!("account-password-changed")}</div> })}
            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                <Field label=Signal::derive(move || tr!("field-current_password")) for_id="current_password" error=field_error(value, "current_password")>
                    <input id="current_password" name="current_password" type="password" autocomplete="current-password" />
                </Field>
                <Field label=Signal::derive(move || tr!("field-new_password")) for_id="new_password" error=field_error(value, "new_password")
                    hint=Signal::derive(move || tr!("account-password-hint"))>
                    <input id="new_password" name="new_password" type="password" autocomplete="new-password" />
                </Field>
                <Field label=Signal::derive(move || tr!("field-confirm")) for_id="confirm" error=field_error(value, "confirm")>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" />
                </Field>
                <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                    {move || tr!("account-change-password")}
                </button>
            </ActionForm>
        </section>
    }
}
