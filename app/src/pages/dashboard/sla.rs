//! `/dashboard/sla`: the filter lives in the URL (a plain GET form), every figure is rendered
//! on the server; with JavaScript the heatmap becomes a chart and the near-breach clocks tick.

use super::filters::DashboardFilters;
use super::heatmap::HeatmapCard;
use super::kpis::Kpis;
use super::near::NearBreaches;
use super::staff::StaffTable;
use crate::api::dashboard::get_sla_dashboard;
use crate::i18n::tr_arg;
use crate::model::{DashboardFilter, SlaDashboard};
use crate::ui::error::ErrorBanner;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::{Script, Title};
use leptos_router::hooks::use_query_map;

/// The filter currently in the URL.
fn use_dashboard_filter() -> Memo<DashboardFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let pairs: Vec<(String, String)> = q
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            DashboardFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    })
}

/// Where the XLSX report of `f` downloads from.
pub fn report_href(f: &DashboardFilter) -> String {
    let q = f.to_query();
    if q.is_empty() {
        "/reports/sla.xlsx".to_string()
    } else {
        format!("/reports/sla.xlsx?{q}")
    }
}

#[component]
pub fn SlaDashboardPage() -> impl IntoView {
    let filter = use_dashboard_filter();
    let live = crate::ui::live::use_live();
    let data = Resource::new(
        move || (filter.get().to_query(), live.map(|l| l.requests.get())),
        |(query, _)| get_sla_dashboard(query),
    );
    view! {
        <Title text=tr!("dash-title") />
        <Script src="/echarts.min.js" defer="defer" />
        <div class="page-head">
            <h1>{move || tr!("dash-title")}</h1>
            <a class="btn" rel="external" download="" href=move || report_href(&filter.get())>
                {move || tr!("dash-export")}
            </a>
        </div>
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || {
                let f = filter.get();
                Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Dashboard d=d filter=f /> }.into_any(),
                        Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn Dashboard(d: SlaDashboard, filter: DashboardFilter) -> impl IntoView {
    let period = format!(
        "{} – {}",
        d.from.format("%d.%m.%Y"),
        d.to.format("%d.%m.%Y")
    );
    let count = tr_arg("dash-requests", "count", i64::from(d.requests));
    let on_time = d.on_time_share();
    view! {
        <DashboardFilters filter=filter.clone() options=d.options from=d.from to=d.to />
        <p class="dash-period muted">
            <span>{period}</span>" · "<span>{count}</span>" · "<span>{d.timezone.clone()}</span>
        </p>
        <Kpis
            averages=d.averages
            on_time=on_time
            finished=d.finished_targets
            on_time_targets=d.on_time_targets
            breached=d.breached_targets
        />
        <div class="dash-grid">
            <HeatmapCard breaches=d.breaches arrivals=d.arrivals timezone=d.timezone filter=filter.clone() />
            <NearBreaches near=d.near calendars=d.calendars now=d.now within=filter.within />
        </div>
        <StaffTable staff=d.staff unassigned=d.unassigned filter=filter />
    }
}
