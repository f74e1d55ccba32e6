//! Near-breach timeline: open requests whose running target reaches its limit within the next
//! N minutes, the soonest first, each with a live clock and a bar of the time left.

use crate::domain::sla::calendar::Calendar;
use crate::i18n::tr_arg;
use crate::model::NearBreach;
use crate::ui::format::Time;
use crate::ui::sla::{SlaClock, WithCalendars, target_label};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::components::A;

#[component]
pub fn NearBreaches(
    near: Vec<NearBreach>,
    calendars: Vec<(i64, Calendar)>,
    now: DateTime<Utc>,
    /// The look-ahead, in minutes.
    within: u32,
) -> impl IntoView {
    let hint = tr_arg("dash-near-hint", "minutes", i64::from(within));
    let empty = near.is_empty();
    let span = i64::from(within.max(1)) * 60;
    view! {
        <WithCalendars calendars=calendars>
        <section class="card near-card">
            <div class="card-head">
                <h2>{move || tr!("dash-near")}</h2>
                <span class="count-badge" data-count=near.len()>{near.len()}</span>
            </div>
            <p class="muted small">{hint}</p>
            {empty.then(|| view! {
                <p class="empty-note" data-empty="near">{tr_arg("dash-near-empty", "minutes", i64::from(within))}</p>
            })}
            <ol class="near-list">
                {near
                    .into_iter()
                    .map(|n| {
                        let left = n.target.deadline.map_or(0, |d| (d - now).num_seconds());
                        let width = format!("width: {:.1}%", 100.0 * (1.0 - left as f64 / span as f64).clamp(0.02, 1.0));
                        let label = target_label(&n.target);
                        view! {
                            <li>
                                <div class="near-head">
                                    <A href=format!("/requests/{}", n.request_id) attr:class="num">{n.number}</A>
                                    <span class="near-title">{n.title}</span>
                                </div>
                                <div class="near-meta">
                                    <SlaClock target=n.target.clone() computed_at=now near=n.near />
                                    <span class="muted small">{label}</span>
                                    <span class="muted small">
                                        {n.assignee.unwrap_or_else(|| tr!("unassigned"))}
                                    </span>
                                    {n.target.deadline.map(|d| view! { <span class="muted small nowrap"><Time at=d /></span> })}
                                </div>
                                <div class="bar near" aria-hidden="true"><span style=width></span></div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        </WithCalendars>
    }
}
