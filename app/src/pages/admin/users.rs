//! Users of the company: invite (one-time password shown once), change role, deactivate.

use crate::api::admin::{ChangeRole, InviteUser, SetUserActive, list_users, take_invited};
use crate::error::AppError;
use crate::i18n::tr_dyn;
use crate::model::{Role, UserRow};
use crate::ui::error::{ErrorBanner, message};
use crate::ui::field::{Field, field_error};
use crate::ui::format::{Time, use_me};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let invite = ServerAction::<InviteUser>::new();
    let change_role = ServerAction::<ChangeRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let users = Resource::new(
        move || {
            (
                invite.version().get(),
                change_role.version().get(),
                set_active.version().get(),
            )
        },
        |_| list_users(),
    );
    let row_error = move || {
        let a = change_role
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()));
        let b = set_active
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()));
        a.or(b)
    };
    view! {
        <Title text=tr!("users-title") />
        <div class="page-head">
            <h1>{move || tr!("users-title")}</h1>
        </div>
        <InviteForm action=invite />
        {move || row_error().map(|e| view! { <ErrorBanner error=e /> })}
        <Suspense fallback=|| view! { <div class="skeleton-table"></div> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(rows) => view! { <UsersTable rows=rows change_role=change_role set_active=set_active /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InviteForm(action: ServerAction<InviteUser>) -> impl IntoView {
    let value = action.value();
    // Without JavaScript the answer arrives with the next page view (see `take_invited`).
    let flashed = Resource::new(|| (), |_| take_invited());
    let invited = move || {
        value
            .with(|v| v.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .or_else(|| flashed.get().and_then(|r| r.ok()).flatten())
    };
    let banner = move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation { .. })) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(message(e)),
        })
    };
    view! {
        <section class="card">
            <h2>{move || tr!("users-invite")}</h2>
            <Suspense fallback=|| ()>
            {move || invited().map(|i| {
                if i.one_time_password.is_empty() {
                    view! { <div class="alert success" role="status">{tr!("users-added-existing")} " " <strong>{i.email}</strong></div> }.into_any()
                } else {
                    view! {
                        <div class="alert success" role="status">
                            <p>{tr!("users-invited")} " " <strong>{i.email}</strong></p>
                            <p>{tr!("users-one-time-password")} " " <code class="otp">{i.one_time_password}</code></p>
                            <p class="small">{tr!("users-shown-once")}</p>
                        </div>
                    }.into_any()
                }
            })}
            </Suspense>
            {move || banner().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            <ActionForm action=action attr:class="inline-form" attr:novalidate=true>
                <Field label=Signal::derive(move || tr!("field-name")) for_id="invite-name" error=field_error(value, "name")>
                    <input id="invite-name" name="name" maxlength="120" />
                </Field>
                <Field label=Signal::derive(move || tr!("field-email")) for_id="invite-email" error=field_error(value, "email")>
                    <input id="invite-email" name="email" type="email" />
                </Field>
                <Field label=Signal::derive(move || tr!("field-role")) for_id="invite-role" error=field_error(value, "role")>
                    <select id="invite-role" name="role">
                        {Role::ALL.iter().map(|r| view! {
                            <option value=r.as_str() selected=*r == Role::Dispatcher>{tr_dyn(&format!("role-{}", r.as_str()))}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                    {move || tr!("users-invite-submit")}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UsersTable(
    rows: Vec<UserRow>,
    change_role: ServerAction<ChangeRole>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    let me = use_me().map(|m| m.user_id);
    view! {
        <div class="table-wrap">
            <table class="users">
                <thead>
                    <tr>
                        <th>{move || tr!("field-name")}</th>
                        <th>{move || tr!("field-email")}</th>
                        <th>{move || tr!("field-role")}</th>
                        <th class="hide-sm">{move || tr!("users-since")}</th>
                        <th>{move || tr!("users-state")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|u| {
                        let myself = Some(u.user_id) == me;
                        view! {
                            <tr class:inactive=!u.active>
                                <td>{u.name.clone()}</td>
                                <td class="nowrap">{u.email.clone()}</td>
                                <td>
                                    <ActionForm action=change_role attr:class="row-form">
                                        <input type="hidden" name="user_id" value=u.user_id.to_string() />
                                        <label class="sr-only" for=format!("role-{}", u.user_id)>{move || tr!("field-role")}</label>
                                        <select id=format!("role-{}", u.user_id) name="role" disabled=myself>
                                            {Role::ALL.iter().map(|r| view! {
                                                <option value=r.as_str() selected=*r == u.role>{tr_dyn(&format!("role-{}", r.as_str()))}</option>
                                            }).collect_view()}
                                        </select>
                                        {(!myself).then(|| view! { <button type="submit" class="btn ghost small">{move || tr!("save")}</button> })}
                                    </ActionForm>
                                </td>
                                <td class="hide-sm nowrap"><Time at=u.created_at /></td>
                                <td>
                                    {if myself {
                                        view! { <span class="muted">{move || tr!("users-you")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=set_active attr:class="row-form">
                                                <input type="hidden" name="user_id" value=u.user_id.to_string() />
                                                <input type="hidden" name="active" value=(!u.active).to_string() />
                                                <button type="submit" class="btn ghost small" class:danger=u.active>
                                                    {if u.active { tr!("users-deactivate") } else { tr!("users-activate") }}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
