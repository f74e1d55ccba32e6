//! KPI cards: average reaction and resolution (today, 7 days, 30 days), the share of finished
//! targets within their limit, and the number of breaches in the period.

use crate::i18n::{tr_args, tr_dyn};
use crate::model::WindowAverage;
use crate::ui::sla::duration;
use leptos::prelude::*;
use leptos_fluent::tr;
use std::borrow::Cow;
use std::collections::HashMap;

/// `87%`, or a dash when nothing finished.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// One card of averages: a row per window.
#[component]
fn Averages(
    /// Fluent key of the card's title.
    title: &'static str,
    rows: Vec<(String, Option<i64>, u32)>,
) -> impl IntoView {
    view! {
        <div class="card kpi avg">
            <h2>{tr_dyn(title)}</h2>
            <dl class="kpi-windows">
                {rows
                    .into_iter()
                    .map(|(window, seconds, count)| {
                        let label = tr_dyn(&format!("dash-window-{window}"));
                        let value = seconds.map_or_else(|| "—".to_string(), duration);
                        let hint = crate::i18n::tr_arg("dash-based-on", "count", i64::from(count));
                        view! {
                            <div class:none=seconds.is_none() data-window=window>
                                <dt>{label}</dt>
                                <dd title=hint>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </div>
    }
}

#[component]
pub fn Kpis(
    averages: Vec<WindowAverage>,
    /// Share of finished targets within their limit.
    on_time: Option<f64>,
    finished: u32,
    on_time_targets: u32,
    /// Targets over their limit in the period.
    breached: u32,
) -> impl IntoView {
    let reaction = averages
        .iter()
        .map(|a| (a.window.clone(), a.reaction_seconds, a.reactions))
        .collect();
    let resolution = averages
        .iter()
        .map(|a| (a.window.clone(), a.resolution_seconds, a.resolutions))
        .collect();
    let mut args = HashMap::new();
    args.insert(Cow::Borrowed("ok"), i64::from(on_time_targets).into());
    args.insert(Cow::Borrowed("all"), i64::from(finished).into());
    let detail = tr_args("dash-kpi-on-time-detail", &args);
    let width = format!("width: {:.1}%", on_time.unwrap_or(0.0) * 100.0);
    let state = match on_time {
        Some(s) if s < 0.7 => "over",
        Some(s) if s < 0.9 => "near",
        _ => "ok",
    };
    view! {
        <section class="kpis" aria-label=move || tr!("dash-kpis")>
            <Averages title="dash-kpi-reaction" rows=reaction />
            <Averages title="dash-kpi-resolution" rows=resolution />
            <div class="card kpi">
                <h2>{move || tr!("dash-kpi-on-time")}</h2>
                <p class="kpi-value" data-kpi="on-time">{percent(on_time)}</p>
                <div class=format!("bar {state}")><span style=width></span></div>
                <p class="muted small">{detail}</p>
            </div>
            <div class="card kpi">
                <h2>{move || tr!("dash-kpi-breaches")}</h2>
                <p class="kpi-value" data-kpi="breaches">{breached}</p>
                <p class="muted small">{move || tr!("dash-kpi-breaches-detail")}</p>
            </div>
        </section>
    }
}
