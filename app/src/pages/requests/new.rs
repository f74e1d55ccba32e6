//! A dispatcher creates a request (a phone call, a walk-in). Every field error shows next to
//! its field; nothing is written until all fields are valid.

use crate::api::requests::CreateRequest;
use crate::error::AppError;
use crate::i18n::tr_dyn;
use crate::model::{Channel, Dictionaries, Priority};
use crate::ui::error::{ErrorBanner, message};
use crate::ui::field::{Field, field_error};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let dicts = crate::pages::requests::dictionaries();
    view! {
        <Title text=tr!("new-request-title") />
        <div class="page-head">
            <h1>{move || tr!("new-request-title")}</h1>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match dicts.await {
                    Ok(d) => view! { <NewRequestForm dicts=d /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewRequestForm(dicts: Dictionaries) -> impl IntoView {
    let create = ServerAction::<CreateRequest>::new();
    let value = create.value();
    let err = move |name: &'static str| field_error(value, name);
    let banner = move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation { .. })) => Some(tr!("form-has-errors")),
            Some(Err(e)) => Some(message(e)),
            _ => None,
        })
    };
    let label = |key: &'static str| Signal::derive(move || tr_dyn(key));
    view! {
        <ActionForm action=create attr:class="card form-grid" attr:novalidate=true>
            {move || banner().map(|m| view! { <div class="alert error span-2" role="alert">{m}</div> })}
            <div class="span-2">
                <Field label=label("field-title") for_id="title" error=err("title")>
                    <input id="title" name="title" maxlength="200" required autofocus />
                </Field>
            </div>
            <div class="span-2">
                <Field label=label("field-description") for_id="description" error=err("description")>
                    <textarea id="description" name="description" rows="4" maxlength="5000"></textarea>
                </Field>
            </div>
            <Field label=label("field-category_id") for_id="category_id" error=err("category_id")>
                <select id="category_id" name="category_id">
                    <option value="">{move || tr!("select-none")}</option>
                    {dicts.categories.iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label=label("field-priority") for_id="priority" error=err("priority")>
                <select id="priority" name="priority">
                    {Priority::ALL.iter().map(|p| view! {
                        <option value=p.as_str() selected=*p == Priority::Normal>{tr_dyn(&format!("priority-{}", p.as_str()))}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field label=label("field-building_id") for_id="building_id" error=err("building_id")>
                <select id="building_id" name="building_id">
                    <option value="">{move || tr!("select-none")}</option>
                    {dicts.buildings.iter().map(|b| view! { <option value=b.id.to_string()>{b.name.clone()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label=label("field-apartment") for_id="apartment" error=err("apartment")>
                <input id="apartment" name="apartment" maxlength="32" inputmode="numeric" />
            </Field>
            <Field label=label("field-contact_name") for_id="contact_name" error=err("contact_name")>
                <input id="contact_name" name="contact_name" maxlength="120" autocomplete="off" />
            </Field>
            <Field label=label("field-contact_phone") for_id="contact_phone" error=err("contact_phone")>
                <input id="contact_phone" name="contact_phone" type="tel" maxlength="32" placeholder="+998 90 123 45 67" />
            </Field>
            <Field label=label("field-channel") for_id="channel" error=err("channel")>
                <select id="channel" name="channel">
                    {Channel::ALL.iter().filter(|c| !matches!(c, Channel::Api | Channel::Keycrm)).map(|c| view! {
                        <option value=c.as_str() selected=*c == Channel::Phone>{tr_dyn(&format!("channel-{}", c.as_str()))}</option>
                    }).collect_view()}
                </select>
            </Field>
            <Field label=label("field-assignee_id") for_id="assignee_id" error=err("assignee_id")>
                <select id="assignee_id" name="assignee_id">
                    <option value="">{move || tr!("unassigned")}</option>
                    {dicts.assignees.iter().filter(|a| a.active).map(|a| view! {
                        <option value=a.id.to_string()>{format!("{} ({}/{})", a.name, a.open, a.max_load)}</option>
                    }).collect_view()}
                </select>
            </Field>
            <label class="check span-2">
                <input type="checkbox" name="urgent" value="on" />
                {move || tr!("field-urgent")}
            </label>
            <div class="actions span-2">
                <button type="submit" class="btn primary" disabled=move || create.pending().get()>
                    {move || tr!("new-request-submit")}
                </button>
                <a href="/requests" class="btn ghost">{move || tr!("cancel")}</a>
            </div>
        </ActionForm>
    }
}
