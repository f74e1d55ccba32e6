//! The requests list: filters in the URL, server-side pages, sortable columns.

use super::bulk::{BulkBar, BulkResult, FORM_ID};
use super::filters::Filters;
use crate::api::requests::{BulkUpdate, list_requests};
use crate::domain::sla::calendar::Calendar;
use crate::model::{RequestFilter, RequestRow, SortKey};
use crate::ui::badge::{PriorityBadge, StatusBadge, UrgentBadge};
use crate::ui::error::ErrorBanner;
use crate::ui::format::{Time, use_me};
use crate::ui::packed::Packed;
use crate::ui::pagination::Pagination;
use crate::ui::sla::{SlaClock, WithCalendars};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::HashSet;

/// The filter currently in the URL.
pub fn use_filter() -> Memo<RequestFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let pairs: Vec<(String, String)> = q
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            RequestFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    })
}

/// Where the Excel export of the rows `f` selects downloads from (all pages, the same order).
fn export_href(f: &RequestFilter) -> String {
    match f.to_query() {
        q if q.is_empty() => "/requests.xlsx".to_string(),
        q => format!("/requests.xlsx?{q}"),
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let filter = use_filter();
    let live = crate::ui::live::use_live();
    let bulk = ServerAction::<BulkUpdate>::new();
    let selected = RwSignal::new(HashSet::<i64>::new());
    // A bulk change done: the ticks have served.
    Effect::new(move |_| {
        if matches!(bulk.value().get(), Some(Ok(_))) {
            selected.set(HashSet::new());
        }
    });
    let page = Resource::<_, Packed>::new_with_options(
        move || {
            (
                filter.get().to_query(),
                live.map(|l| l.requests.get()),
                bulk.version().get(),
            )
        },
        |(query, ..)| list_requests(query),
        false,
    );
    let dicts = crate::pages::requests::dictionaries();
    let can_create = use_me().is_some_and(|m| m.role.can_create_requests());
    let can_bulk = use_me().is_some_and(|m| m.role.can_assign());
    view! {
        <Title text=tr!("requests-title") />
        <div class="page-head">
            <h1>{move || tr!("requests-title")}</h1>
            <div class="actions">
                <a class="btn" rel="external" download="" href=move || export_href(&filter.get())>
                    {move || tr!("requests-export")}
                </a>
                {can_create.then(|| view! {
                    <A href="/requests/new" attr:class="btn primary">{move || tr!("nav-new-request")}</A>
                })}
            </div>
        </div>
        <Suspense fallback=|| ()>
            {move || {
                let f = filter.get();
                Suspend::new(async move {
                    dicts.await.ok().map(|d| view! {
                        <Filters filter=f dicts=d.clone() />
                        {can_bulk.then(|| view! { <BulkBar action=bulk dicts=d /> })}
                    })
                })
            }}
        </Suspense>
        <BulkResult action=bulk />
        {live_regions()}
        <div id="requests-results">
        <Transition fallback=|| view! { <div class="skeleton-table"></div> }>
            {move || {
                let f = filter.get();
                Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let pages = p.pages();
                        let (total, capped) = (p.total, p.capped);
                        view! {
                            <RequestsTable rows=p.rows filter=f.clone() calendars=p.calendars selectable=can_bulk selected=selected />
                            <Pagination filter=f pages=pages total=total capped=capped />
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
                })
            }}
        </Transition>
        </div>
    }
}

/// In islands mode the rows are the server's: changes on the live stream bring them again.
fn live_regions() -> impl IntoView {
    #[cfg(feature = "islands")]
    {
        view! { <crate::ui::islands::LiveRegions regions=vec!["requests-results".to_string()] /> }
    }
}

#[component]
fn RequestsTable(
    rows: Vec<RequestRow>,
    filter: RequestFilter,
    calendars: Vec<(i64, Calendar)>,
    selectable: bool,
    /// Rows ticked for a bulk change; the page owns them, so they stay ticked when the list
    /// reloads under them (someone else's change arriving live).
    selected: RwSignal<HashSet<i64>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <div class="empty">
                <p class="empty-title">{move || tr!("requests-empty")}</p>
                <p class="muted">{move || tr!("requests-empty-hint")}</p>
            </div>
        }
        .into_any();
    }
    let sort_link = move |key: SortKey, label: String| {
        let href = format!("/requests?{}", filter.sorted_by(key).to_query());
        let mark = if filter.sort == key {
            if filter.descending { " ↓" } else { " ↑" }
        } else {
            ""
        };
        view! { <a href=href class="sort">{label}{mark}</a> }
    };
    // Ticking the header ticks every row of the page (each row can still be changed alone).
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let page_ids = ids.clone();
    let all_ticked =
        move || !page_ids.is_empty() && selected.with(|s| page_ids.iter().all(|id| s.contains(id)));
    let tick_all = move |on: bool| {
        selected.update(|s| {
            for id in &ids {
                if on {
                    s.insert(*id);
                } else {
                    s.remove(id);
                }
            }
        })
    };
    // Each row asks for the language and the signed-in user (for its times and SLA texts);
    // given again here, they are found one owner up rather than at the root of the page.
    if let Some(i18n) = use_context::<leptos_fluent::I18n>() {
        provide_context(i18n);
    }
    if let Some(me) = use_me() {
        provide_context(me);
    }
    // Words every row repeats, looked up once per page.
    let words = std::sync::Arc::new(RowWords {
        select: tr!("bulk-select"),
        apartment: tr!("apartment-short"),
        unassigned: tr!("unassigned"),
    });
    view! {
        <WithCalendars calendars=calendars>
        <div class="table-wrap">
            <table class="requests">
                <thead>
                    <tr>
                        {selectable.then(|| view! {
                            <th class="select">{tick_all_box(all_ticked, tick_all)}</th>
                        })}
                        <th class="num">{sort_link(SortKey::Number, tr!("col-number"))}</th>
                        <th>{tr!("col-title")}</th>
                        <th>{sort_link(SortKey::Status, tr!("col-status"))}</th>
                        <th>{tr!("col-sla")}</th>
                        <th class="hide-sm">{sort_link(SortKey::Priority, tr!("col-priority"))}</th>
                        <th class="hide-sm">{tr!("col-assignee")}</th>
                        <th class="hide-sm">{sort_link(SortKey::Created, tr!("col-created"))}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! { <Row r=r selectable=selectable selected=selected words=words.clone() /> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        </WithCalendars>
    }
    .into_any()
}

/// The header's box that ticks every row of the page.
#[cfg(not(feature = "islands"))]
fn tick_all_box(
    all_ticked: impl Fn() -> bool + Send + Sync + 'static,
    tick_all: impl Fn(bool) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <input type="checkbox" aria-label=tr!("bulk-select-all")
            prop:checked=all_ticked
            on:change=move |ev| tick_all(event_target_checked(&ev)) />
    }
}

/// In islands mode the rows' boxes are the server's (plain fields of the bulk form): the
/// header's box is an island that ticks them in the page.
#[cfg(feature = "islands")]
fn tick_all_box(_: impl Fn() -> bool, _: impl Fn(bool)) -> impl IntoView {
    view! { <TickAll label=tr!("bulk-select-all") /> }
}

#[cfg(feature = "islands")]
#[island(lazy)]
fn TickAll(label: String) -> impl IntoView {
    view! {
        <input type="checkbox" aria-label=label on:change=move |ev| {
            #[cfg(feature = "hydrate")]
            tick_rows(&ev, event_target_checked(&ev));
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        } />
    }
}

/// Ticks (or clears) every row's box in the table of `ev`'s header box.
#[cfg(all(feature = "islands", feature = "hydrate"))]
fn tick_rows(ev: &leptos::ev::Event, on: bool) {
    let table = event_target::<web_sys::Element>(ev).closest("table");
    if let Ok(Some(table)) = table {
        crate::ui::islands::set_checked_all(&table, "tbody td.select input", on);
    }
}

/// The translated words of a row, shared by the rows of a page.
struct RowWords {
    select: String,
    apartment: String,
    unassigned: String,
}

#[component]
fn Row(
    r: RequestRow,
    selectable: bool,
    selected: RwSignal<HashSet<i64>>,
    words: std::sync::Arc<RowWords>,
) -> impl IntoView {
    let id = r.id;
    let select_name = format!("form[sel_{}]", r.id);
    let select_label = format!("{} {}", words.select, r.number);
    // Plain links: the router takes clicks on any same-origin `<a>`, and `<A>` would add a memo
    // per link (relative paths, `aria-current`) that a row never needs.
    let href = format!("/requests/{}", r.id);
    let location = match (&r.building, &r.apartment) {
        (Some(b), Some(a)) => format!("{b}, {} {a}", words.apartment),
        (Some(b), None) => b.clone(),
        _ => String::new(),
    };
    let closed = r.status.is_closing;
    view! {
        <tr class:closed=closed>
            {selectable.then(|| view! {
                <td class="select">
                    <input type="checkbox" form=FORM_ID name=select_name value="on"
                        aria-label=select_label prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                if on { s.insert(id); } else { s.remove(&id); }
                            });
                        } />
                </td>
            })}
            <td class="num"><a href=href.clone()>{r.number}</a></td>
            <td class="title">
                <a href=href>{r.title}</a>
                {r.urgent.then(|| view! { <UrgentBadge /> })}
                <span class="muted small block">
                    {[r.category.clone(), (!location.is_empty()).then(|| location.clone())]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")}
                </span>
            </td>
            <td><StatusBadge status=r.status /></td>
            <td class="nowrap">
                {r.sla.map(|b| view! {
                    <SlaClock target=b.target computed_at=b.computed_at near=b.near />
                })}
            </td>
            <td class="hide-sm"><PriorityBadge priority=r.priority /></td>
            <td class="hide-sm">
                {match r.assignee {
                    Some(a) => view! { <span>{a}</span> }.into_any(),
                    None => view! { <span class="muted">{words.unassigned.clone()}</span> }.into_any(),
                }}
            </td>
            <td class="hide-sm nowrap"><Time at=r.created_at /></td>
        </tr>
    }
}
