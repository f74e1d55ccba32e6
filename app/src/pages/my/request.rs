//! One of the executor's requests on a phone: what and where, whom to call, big buttons for
//! the allowed next statuses (sent through the outbox), comments and photos.

use super::outbox::{OutboxCtx, use_outbox};
use super::photo::{PhotoForm, Upload};
use super::{PendingMark, place};
use crate::api::my::get_my_request;
use crate::api::requests::{AddComment, ChangeStatus};
use crate::error::AppError;
use crate::model::{MyRequest, Queued, StatusRef};
use crate::pages::requests::Comments;
use crate::ui::badge::{PriorityBadge, StatusBadge, UrgentBadge};
use crate::ui::error::{ErrorBanner, detailed_message};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

#[component]
pub fn MyRequestPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, get_my_request);
    view! {
        <div class="my">
            <p class="back"><a href="/my" rel="external">"← " {move || tr!("nav-my-requests")}</a></p>
            <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) => view! {
                            <Title text=format!("{} · {}", m.request.number, m.request.title) />
                            // What the plain photo form (no JavaScript) was answered with.
                            <LiveDetail m=m upload_error=query.read_untracked().get("upload_error") />
                        }.into_any(),
                        Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The request as it changes (in islands mode, an island): a change from the live stream, a
/// queued status change applied, a comment or a photo fetch it again.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn LiveDetail(m: MyRequest, upload_error: Option<String>) -> impl IntoView {
    let id = m.request.id;
    let outbox = use_outbox();
    let live = crate::ui::live::use_live().map(|l| l.request(move || id));
    let comment = ServerAction::<AddComment>::new();
    let uploaded = RwSignal::new(0u32);
    let upload = RwSignal::new(Upload::Idle);
    let (data, failed) = crate::ui::refetch::refetched(
        m,
        move || {
            (
                live.map(|l| l.get()),
                outbox.map(|o| o.sent.get()),
                comment.version().get(),
                uploaded.get(),
            )
        },
        move || get_my_request(id),
    );
    view! {
        {move || failed.get().map(|e| view! { <ErrorBanner error=e /> })}
        {move || view! {
            <Detail m=data.get() outbox=outbox comment=comment uploaded=uploaded upload=upload
                upload_error=upload_error.clone() />
        }}
    }
}

#[component]
fn Detail(
    m: MyRequest,
    outbox: Option<OutboxCtx>,
    comment: ServerAction<AddComment>,
    uploaded: RwSignal<u32>,
    upload: RwSignal<Upload>,
    upload_error: Option<String>,
) -> impl IntoView {
    let r = m.request;
    let id = r.id;
    let place = place(
        r.building.as_ref().map(|b| b.name.as_str()),
        r.apartment.as_deref(),
    );
    let photos: Vec<(String, String)> = r
        .attachments
        .iter()
        .filter(|a| a.content_type.starts_with("image/"))
        .map(|a| (format!("/files/{}", a.id), a.file_name.clone()))
        .collect();
    let pending = move || outbox.and_then(|o| o.pending(id));
    view! {
        <article class="my-request">
            <header class="card">
                <div class="card-top">
                    <span class="num">{r.number.clone()}</span>
                    {r.urgent.then(|| view! { <UrgentBadge /> })}
                    <PriorityBadge priority=r.priority />
                    <StatusBadge status=r.status.clone() />
                </div>
                <h1>{r.title.clone()}</h1>
                {move || pending().map(|q| view! { <PendingMark status=q.status_name /> })}
                {place.map(|p| view! { <p class="place">{p}</p> })}
                {r.contact.clone().map(|c| view! {
                    <p class="contact">
                        {c.name.clone()}
                        {c.phone.clone().map(|p| view! {
                            " " <a class="btn call" href=format!("tel:{p}")>{move || tr!("my-call")} " " {p.clone()}</a>
                        })}
                    </p>
                })}
                {(!r.description.is_empty()).then(|| view! { <p class="prewrap">{r.description.clone()}</p> })}
            </header>
            {(r.can.change_status && !r.next_statuses.is_empty()).then(|| view! {
                <StatusButtons id=id number=r.number.clone() version=r.version next=r.next_statuses.clone() outbox=outbox />
            })}
            <section class="card" id="photos">
                <h2>{move || tr!("my-photos")}</h2>
                {if photos.is_empty() {
                    view! { <p class="muted">{move || tr!("my-no-photos")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="photos">
                            {photos.into_iter().map(|(href, name)| view! {
                                <li><a href=href.clone() rel="external" target="_blank"><img src=href.clone() alt=name loading="lazy" /></a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {r.can.comment.then(|| view! { <PhotoForm request_id=id max_bytes=m.max_upload_bytes uploaded=uploaded state=upload plain_error=upload_error.clone() /> })}
            </section>
            <Comments r=r.clone() comment=comment />
        </article>
    }
}

/// One big button per allowed next status, and the comment some of them require. With
/// JavaScript the change goes through the outbox; without it the form posts to the server
/// function and the page reloads.
#[component]
fn StatusButtons(
    id: i64,
    number: String,
    version: i64,
    next: Vec<StatusRef>,
    outbox: Option<OutboxCtx>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Without JavaScript the server function's refusal comes back in the URL; this action
    // reads it from there (it is never dispatched: with JavaScript the outbox sends).
    let refused = ServerAction::<ChangeStatus>::new();
    let shown_error = move || {
        error.get().or_else(|| {
            refused.value().with(|v| match v {
                Some(Err(e)) => Some(detailed_message(e)),
                _ => None,
            })
        })
    };
    let needing: Vec<String> = next
        .iter()
        .filter(|s| s.requires_comment)
        .map(|s| s.name.clone())
        .collect();
    let next_stored = StoredValue::new(next.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(outbox) = outbox else { return };
        ev.prevent_default();
        let chosen = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .and_then(|v| v.parse::<i64>().ok());
        let Some(to) =
            chosen.and_then(|c| next_stored.with_value(|n| n.iter().find(|s| s.id == c).cloned()))
        else {
            return;
        };
        let comment = note.get_untracked().trim().to_string();
        if to.requires_comment && comment.is_empty() {
            error.set(Some(detailed_message(&AppError::MissingField {
                field: "comment".into(),
            })));
            return;
        }
        error.set(None);
        outbox.send(Queued {
            request_id: id,
            number: number.clone(),
            status_id: to.id,
            status_name: to.name.clone(),
            comment: (!comment.is_empty()).then_some(comment),
            version: Some(version),
            queued_at: chrono::Utc::now(),
        });
        note.set(String::new());
    };
    let waiting = move || outbox.is_some_and(|o| o.pending(id).is_some());
    view! {
        <section class="card status-buttons">
            <h2>{move || tr!("my-change-status")}</h2>
            <form method="post" action=ChangeStatus::url() on:submit=on_submit class="stack">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <label for="status-comment">{move || tr!("my-comment")}</label>
                <textarea id="status-comment" name="comment" rows="2" maxlength="2000"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))
                    aria-describedby="status-comment-hint status-comment-error"></textarea>
                {(!needing.is_empty()).then(|| view! {
                    <p id="status-comment-hint" class="muted small">
                        {crate::i18n::tr_arg("my-comment-required-for", "statuses", needing.join(", "))}
                    </p>
                })}
                <div id="status-comment-error" class="field-error" role="alert">{shown_error}</div>
                <div class="big-buttons">
                    {next.into_iter().map(|s| view! {
                        <button type="submit" name="status_id" value=s.id.to_string()
                            class="btn big" class:danger=s.requires_comment disabled=waiting>
                            {s.name.clone()}
                        </button>
                    }).collect_view()}
                </div>
            </form>
        </section>
    }
}
