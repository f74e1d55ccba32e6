//! "My requests": the executor's working day on a phone. Their open requests by urgency; one
//! request with big status buttons, a comment and a photo from the camera. Status changes go
//! through an outbox, so they can be made without a connection.

pub mod outbox;
mod photo;
mod request;

pub use request::MyRequestPage;

use crate::api::my::my_requests;
use crate::i18n::tr_arg;
use crate::model::{RequestPage, RequestRow};
use crate::ui::badge::{PriorityBadge, StatusBadge, UrgentBadge};
use crate::ui::error::ErrorBanner;
use crate::ui::sla::{SlaClock, WithCalendars};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use outbox::{OutboxCtx, use_outbox};

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| my_requests());
    view! {
        <Title text=tr!("nav-my-requests") />
        <div class="my">
            <div class="page-head">
                <h1>{move || tr!("nav-my-requests")}</h1>
            </div>
            <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(page) => view! { <LiveList page=page /> }.into_any(),
                        Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The list as it changes (in islands mode, an island): a change from the live stream or a
/// queued status change applied fetches it again; the outbox's waiting changes are marked.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn LiveList(page: RequestPage) -> impl IntoView {
    let live = crate::ui::live::use_live();
    let outbox = use_outbox();
    let (page, failed) = crate::ui::refetch::refetched(
        page,
        move || (live.map(|l| l.requests.get()), outbox.map(|o| o.sent.get())),
        my_requests,
    );
    view! {
        {outbox.map(|o| view! { <OutboxNotice outbox=o /> })}
        {move || failed.get().map(|e| view! { <ErrorBanner error=e /> })}
        {move || {
            let page = page.get();
            if page.rows.is_empty() {
                return view! {
                    <div class="empty card">
                        <h2>{move || tr!("my-empty")}</h2>
                        <p class="muted">{move || tr!("my-empty-hint")}</p>
                    </div>
                }
                .into_any();
            }
            let calendars = page.calendars;
            let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
            view! {
                <p class="muted small" aria-live="polite">
                    {tr_arg("my-count", "count", page.rows.len() as i64)}
                </p>
                <KeepOffline ids=ids />
                <WithCalendars calendars=calendars>
                <ul class="my-list">
                    {page.rows.into_iter().map(|r| view! {
                        <MyCard r=r outbox=outbox />
                    }).collect_view()}
                </ul>
                </WithCalendars>
            }
            .into_any()
        }}
    }
}

#[component]
fn MyCard(r: RequestRow, outbox: Option<OutboxCtx>) -> impl IntoView {
    let id = r.id;
    let place = place(r.building.as_deref(), r.apartment.as_deref());
    view! {
        <li>
            // A whole page load (not the router): without a connection the service worker
            // answers it from its cache.
            <a class="card my-card" class:urgent=r.urgent href=format!("/my/{id}") rel="external" data-request=id.to_string()>
                <span class="card-top">
                    <span class="num">{r.number.clone()}</span>
                    {r.urgent.then(|| view! { <UrgentBadge /> })}
                    <PriorityBadge priority=r.priority />
                    <StatusBadge status=r.status.clone() />
                </span>
                <span class="title">{r.title.clone()}</span>
                <span class="meta muted small">
                    {[place, r.category.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                </span>
                {r.sla.clone().map(|b| view! {
                    <span class="card-sla">
                        <SlaClock target=b.target computed_at=b.computed_at near=b.near labelled=true />
                    </span>
                })}
                {move || outbox.and_then(|o| o.pending(id)).map(|q| view! { <PendingMark status=q.status_name /> })}
            </a>
        </li>
    }
}

/// "Building, apt. 12".
pub(crate) fn place(building: Option<&str>, apartment: Option<&str>) -> Option<String> {
    match (building, apartment) {
        (Some(b), Some(a)) => Some(format!("{b}, {} {a}", tr!("apartment-short"))),
        (Some(b), None) => Some(b.to_string()),
        _ => None,
    }
}

/// The mark on a request whose status change waits to be sent.
#[component]
fn PendingMark(status: String) -> impl IntoView {
    view! {
        <span class="pending-mark" role="status" title=move || tr!("my-pending-hint")>
            {tr_arg("my-pending", "status", status)}
        </span>
    }
}

/// How many changes wait for the connection, and why the last refused one was dropped.
#[component]
fn OutboxNotice(outbox: OutboxCtx) -> impl IntoView {
    let waiting = move || outbox.items.with(|o| o.items.len());
    view! {
        {move || (waiting() > 0).then(|| view! {
            <div class="alert info outbox-waiting" role="status">{tr_arg("my-waiting", "count", waiting() as i64)}</div>
        })}
        {move || outbox.refused.get().map(|text| view! {
            <div class="alert error" role="alert">
                {text}
                <button type="button" class="btn ghost small" on:click=move |_| outbox.refused.set(None)>
                    {move || tr!("dismiss")}
                </button>
            </div>
        })}
    }
}

/// Opens each listed request's page once in the background (in the browser, when the service
/// worker is in charge), so it is in the worker's cache before the connection goes.
#[component]
fn KeepOffline(ids: Vec<i64>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::keep(&ids));
    #[cfg(not(feature = "hydrate"))]
    let _ = ids;
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::collections::HashSet;

    thread_local! {
        static KEPT: RefCell<HashSet<i64>> = RefCell::new(HashSet::new());
    }

    pub fn keep(ids: &[i64]) {
        let Some(w) = web_sys::window() else { return };
        if w.navigator().service_worker().controller().is_none() {
            return;
        }
        for id in ids {
            if KEPT.with(|k| k.borrow_mut().insert(*id)) {
                let _ = w.fetch_with_str(&format!("/my/{id}"));
            }
        }
    }
}
