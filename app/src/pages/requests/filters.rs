//! The filter bar. A plain GET form: the filter lands in the URL with or without JavaScript.
//! Every control shows the URL's value (`prop:value`, `autocomplete="off"`), so going back
//! never leaves a stale choice in the form.

use crate::i18n::tr_dyn;
use crate::model::{AssigneeFilter, Channel, Dictionaries, Priority, RequestFilter, SortKey};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::components::Form;

/// A labelled select whose value is the filter's.
#[component]
fn FilterSelect(
    /// The query parameter.
    name: &'static str,
    /// Fluent key of the label.
    label: &'static str,
    /// The current value ("" for any).
    value: String,
    /// (value, text) pairs after the "Any" option.
    options: Vec<(String, String)>,
    /// Offer "Any" first.
    #[prop(default = true)]
    any: bool,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="filter">
            <label for=id.clone()>{tr_dyn(label)}</label>
            <select id=id name=name prop:value=value.clone()>
                {any.then(|| view! { <option value="">{tr!("filter-any")}</option> })}
                {options
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == value;
                        view! { <option value=v selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

fn id_value(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
pub fn Filters(
    filter: RequestFilter,
    dicts: Dictionaries,
    /// The page the form reloads with the filter (the list, or the board).
    #[prop(default = "/requests")]
    action: &'static str,
    /// Parameters the page keeps besides the filter (the board's pipeline and swimlanes).
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
    /// On the board the columns are the statuses and their order is the board's own: no
    /// status or sort choice.
    #[prop(optional)]
    board: bool,
) -> impl IntoView {
    let assignee_value = match filter.assignee {
        Some(AssigneeFilter::Nobody) => "none".to_string(),
        Some(AssigneeFilter::Me) => "me".to_string(),
        Some(AssigneeFilter::User(id)) => id.to_string(),
        None => String::new(),
    };
    let sort_value = if filter.sort == SortKey::Created && filter.descending {
        String::new()
    } else {
        format!(
            "{}{}",
            if filter.descending { "-" } else { "" },
            filter.sort.as_str()
        )
    };
    let active = filter
        .to_query()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("sort=") && !p.starts_with("page="))
        .count();
    let statuses = dicts
        .statuses
        .iter()
        .map(|s| (s.id.to_string(), format!("{} · {}", s.stage_name, s.name)))
        .collect();
    let stages = dicts
        .stages
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    let categories = dicts
        .categories
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let buildings = dicts
        .buildings
        .iter()
        .map(|b| (b.id.to_string(), b.name.clone()))
        .collect();
    let priorities = Priority::ALL
        .iter()
        .rev()
        .map(|p| {
            (
                p.as_str().to_string(),
                tr_dyn(&format!("priority-{}", p.as_str())),
            )
        })
        .collect();
    let channels = Channel::ALL
        .iter()
        .map(|c| {
            (
                c.as_str().to_string(),
                tr_dyn(&format!("channel-{}", c.as_str())),
            )
        })
        .collect();
    let mut assignees: Vec<(String, String)> = vec![
        ("me".into(), tr!("filter-me")),
        ("none".into(), tr!("unassigned")),
    ];
    assignees.extend(
        dicts
            .assignees
            .iter()
            .map(|a| (a.id.to_string(), a.name.clone())),
    );
    let sorts = [
        ("", "sort-newest"),
        ("created", "sort-oldest"),
        ("-updated", "sort-updated"),
        ("-priority", "sort-priority"),
        ("-number", "sort-number"),
    ]
    .into_iter()
    .map(|(v, k)| (v.to_string(), tr_dyn(k)))
    .collect();
    let q = filter.q.clone().unwrap_or_default();
    let from = filter.from.map(|d| d.to_string()).unwrap_or_default();
    let to = filter.to.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <Form method="GET" action=action attr:class="filters" attr:role="search" attr:autocomplete="off">
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <div class="search">
                <label class="sr-only" for="q">{move || tr!("filter-search")}</label>
                <input id="q" name="q" type="search" value=q.clone() prop:value=q
                    placeholder=move || tr!("filter-search-placeholder") />
                <button type="submit" class="btn primary">{move || tr!("filter-apply")}</button>
            </div>
            // Open when a filter is set, except on the board, which must stay in view.
            <details class="more-filters" open={active > 0 && !board}>
                <summary>
                    {move || tr!("filter-more")}
                    {(active > 0).then(|| view! { <span class="count">{active}</span> })}
                </summary>
                <div class="grid">
                    {(!board).then(|| view! { <FilterSelect name="status" label="col-status" value=id_value(filter.status) options=statuses /> })}
                    <FilterSelect name="stage" label="col-stage" value=id_value(filter.stage) options=stages />
                    <FilterSelect name="category" label="col-category" value=id_value(filter.category) options=categories />
                    <FilterSelect name="priority" label="col-priority" value=filter.priority.map(|p| p.as_str().to_string()).unwrap_or_default() options=priorities />
                    <FilterSelect name="assignee" label="col-assignee" value=assignee_value options=assignees />
                    <FilterSelect name="building" label="col-building" value=id_value(filter.building) options=buildings />
                    <FilterSelect name="channel" label="col-channel" value=filter.channel.map(|c| c.as_str().to_string()).unwrap_or_default() options=channels />
                    <div class="filter">
                        <label for="f-from">{move || tr!("filter-from")}</label>
                        <input id="f-from" type="date" name="from" value=from.clone() prop:value=from />
                    </div>
                    <div class="filter">
                        <label for="f-to">{move || tr!("filter-to")}</label>
                        <input id="f-to" type="date" name="to" value=to.clone() prop:value=to />
                    </div>
                    {(!board).then(|| view! { <FilterSelect name="sort" label="filter-sort" value=sort_value options=sorts any=false /> })}
                    <label class="check">
                        <input type="checkbox" name="open" value="1" checked=filter.open prop:checked=filter.open />
                        {move || tr!("filter-open-only")}
                    </label>
                </div>
                <div class="actions">
                    <button type="submit" class="btn primary">{move || tr!("filter-apply")}</button>
                    <a href=action class="btn ghost">{move || tr!("filter-reset")}</a>
                </div>
            </details>
        </Form>
    }
}
