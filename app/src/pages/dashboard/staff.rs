//! The staff table: requests of the period by current assignee, sortable (on the server) by
//! violation rate and the other columns through plain links.

use super::kpis::percent;
use crate::i18n::{tr_arg, tr_dyn};
use crate::model::{DashboardFilter, StaffRow, StaffSort};
use crate::ui::sla::duration;
use leptos::prelude::*;
use leptos_fluent::tr;

#[component]
pub fn StaffTable(staff: Vec<StaffRow>, unassigned: u32, filter: DashboardFilter) -> impl IntoView {
    // On a phone: who, how many, how often late; the rest scrolls into view or hides.
    let header = move |key: StaffSort, label: &'static str, numeric: bool, wide: bool| {
        let current = filter.sort == key;
        let href = format!("/dashboard/sla?{}", filter.sorted_by(key).to_query());
        let mark = match (current, filter.descending) {
            (false, _) => "",
            (true, true) => " ↓",
            (true, false) => " ↑",
        };
        let aria = current.then_some(if filter.descending {
            "descending"
        } else {
            "ascending"
        });
        view! {
            <th scope="col" class:numeric=numeric class:hide-sm=wide aria-sort=aria data-sort=key.as_str()>
                <a href=href class="sort">{tr_dyn(label)}{mark}</a>
            </th>
        }
    };
    let empty = staff.is_empty();
    view! {
        <section class="staff-section">
            <div class="card-head">
                <h2>{move || tr!("dash-staff")}</h2>
            </div>
            {empty.then(|| view! { <div class="empty"><p>{move || tr!("dash-staff-empty")}</p></div> })}
            {(!empty).then(|| view! {
                <div class="table-wrap">
                    <table class="staff">
                        <thead>
                            <tr>
                                {header(StaffSort::Name, "dash-staff-name", false, false)}
                                {header(StaffSort::Assigned, "dash-staff-assigned", true, false)}
                                {header(StaffSort::Breached, "dash-staff-breached", true, true)}
                                {header(StaffSort::Violation, "dash-staff-violation", true, false)}
                                {header(StaffSort::OnTime, "dash-staff-on-time", true, false)}
                                {header(StaffSort::Reaction, "dash-staff-reaction", true, true)}
                                {header(StaffSort::Resolution, "dash-staff-resolution", true, true)}
                            </tr>
                        </thead>
                        <tbody>
                            {staff.into_iter().map(|r| view! { <Line r=r /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(unassigned > 0).then(|| view! {
                <p class="muted small">{tr_arg("dash-staff-unassigned", "count", i64::from(unassigned))}</p>
            })}
        </section>
    }
}

#[component]
fn Line(r: StaffRow) -> impl IntoView {
    let rate = r.violation_rate();
    let level = match rate {
        x if x >= 0.3 => "over",
        x if x >= 0.1 => "near",
        _ => "ok",
    };
    let time = |s: Option<i64>| s.map_or_else(|| "—".to_string(), duration);
    view! {
        <tr data-user=r.user_id>
            <td>
                <span class="block">{r.name.clone()}</span>
                {r.team.clone().map(|t| view! { <span class="muted small block">{t}</span> })}
            </td>
            <td class="numeric" data-col="assigned">{r.assigned}</td>
            <td class="numeric hide-sm" data-col="breached">{r.breached}</td>
            <td class="numeric" data-col="violation">
                <span class=format!("rate {level}")>{percent(Some(rate))}</span>
            </td>
            <td class="numeric" data-col="on_time">{percent(r.on_time_share())}</td>
            <td class="numeric nowrap hide-sm">{time(r.reaction_seconds)}</td>
            <td class="numeric nowrap hide-sm">{time(r.resolution_seconds)}</td>
        </tr>
    }
}
