//! The dashboard's filter bar: a plain GET form, so the filter lands in the URL with or
//! without JavaScript. Controls show the URL's value (`prop:value`, `autocomplete="off"`), so
//! going back never leaves a stale choice on screen.

use crate::i18n::{tr_arg, tr_dyn};
use crate::model::{
    DashboardFilter, DashboardOptions, HeatmapMode, Named, StaffSort, WITHIN_CHOICES,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::components::Form;

/// A labelled select of named things, "Any" first.
#[component]
fn Choice(
    /// The query parameter.
    name: &'static str,
    /// Fluent key of the label.
    label: &'static str,
    value: Option<i64>,
    options: Vec<Named>,
) -> impl IntoView {
    let id = format!("d-{name}");
    let value = value.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <div class="filter">
            <label for=id.clone()>{tr_dyn(label)}</label>
            <select id=id name=name prop:value=value.clone()>
                <option value="">{tr!("filter-any")}</option>
                {options
                    .into_iter()
                    .map(|o| {
                        let v = o.id.to_string();
                        let selected = v == value;
                        view! { <option value=v selected=selected>{o.name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn date_value(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[component]
pub fn DashboardFilters(
    filter: DashboardFilter,
    options: DashboardOptions,
    /// The period shown (defaults applied), for the date pickers' hints.
    from: NaiveDate,
    to: NaiveDate,
) -> impl IntoView {
    let from_value = date_value(filter.from);
    let to_value = date_value(filter.to);
    let within = filter.within.to_string();
    let sort = (filter.sort != StaffSort::Violation || !filter.descending).then(|| {
        let sign = if filter.descending { "-" } else { "" };
        format!("{sign}{}", filter.sort.as_str())
    });
    let arrivals = filter.heatmap == HeatmapMode::Arrivals;
    view! {
        <Form method="GET" action="/dashboard/sla" attr:class="filters dash-filters" attr:role="search" attr:autocomplete="off">
            <div class="grid">
                <Choice name="pipeline" label="dash-filter-pipeline" value=filter.pipeline options=options.pipelines />
                <Choice name="category" label="col-category" value=filter.category options=options.categories />
                <Choice name="building" label="col-building" value=filter.building options=options.buildings />
                <Choice name="team" label="dash-filter-team" value=filter.team options=options.teams />
                <div class="filter">
                    <label for="d-from">{move || tr!("dash-filter-from")}</label>
                    <input id="d-from" type="date" name="from" value=from_value.clone() prop:value=from_value
                        title=date_value(Some(from)) />
                </div>
                <div class="filter">
                    <label for="d-to">{move || tr!("dash-filter-to")}</label>
                    <input id="d-to" type="date" name="to" value=to_value.clone() prop:value=to_value
                        title=date_value(Some(to)) />
                </div>
                <div class="filter">
                    <label for="d-within">{move || tr!("dash-filter-within")}</label>
                    <select id="d-within" name="within" prop:value=within.clone()>
                        {WITHIN_CHOICES
                            .into_iter()
                            .map(|m| {
                                let v = m.to_string();
                                let selected = v == within;
                                view! { <option value=v selected=selected>{tr_arg("dash-minutes", "n", i64::from(m))}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            {arrivals.then(|| view! { <input type="hidden" name="heatmap" value="arrivals" /> })}
            {sort.map(|s| view! { <input type="hidden" name="sort" value=s /> })}
            <div class="actions">
                <button type="submit" class="btn primary">{move || tr!("filter-apply")}</button>
                <a href="/dashboard/sla" class="btn ghost">{move || tr!("filter-reset")}</a>
            </div>
        </Form>
    }
}
