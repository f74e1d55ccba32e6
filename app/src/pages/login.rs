//! Sign in.

use crate::api::auth::Login;
use crate::error::AppError;
use crate::ui::error::message;
use crate::ui::field::{Field, field_error};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let value = login.value();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let banner = move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation { .. })) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(message(e)),
        })
    };
    view! {
        <Title text=tr!("login-title") />
        <main class="center-page login-page">
            <div class="card narrow">
                <div class="brand big">
                    <span class="logo" aria-hidden="true">"У"</span>
                    <span>"Uprava"</span>
                </div>
                <h1>{move || tr!("login-title")}</h1>
                <ActionForm action=login attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="next" value=next />
                    {move || banner().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
                    <Field label=Signal::derive(move || tr!("field-email")) for_id="email" error=field_error(value, "email")>
                        <input id="email" name="email" type="email" autocomplete="username" required autofocus />
                    </Field>
                    <Field label=Signal::derive(move || tr!("field-password")) for_id="password" error=field_error(value, "password")>
                        <input id="password" name="password" type="password" autocomplete="current-password" required />
                    </Field>
                    <button type="submit" class="btn primary block" disabled=move || login.pending().get()>
                        {move || tr!("login-submit")}
                    </button>
                </ActionForm>
                <p class="muted small">{move || tr!("login-demo-hint")}</p>
            </div>
        </main>
    }
}
