//! The weekday × hour heatmap: an accessible HTML table rendered on the server (cell shade by
//! count, the count as text), which a chart replaces on screen once the page has hydrated.

use crate::i18n::{tr_args, tr_dyn};
use crate::model::{DashboardFilter, HeatGrid, HeatmapMode};
use crate::ui::chart::{HeatmapChart, HeatmapSpec};
use leptos::prelude::*;
use leptos_fluent::tr;
use std::borrow::Cow;
use std::collections::HashMap;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hour_label(h: usize) -> String {
    format!("{h:02}")
}

/// `Mon 10:00–11:00: 3` for a cell's tooltip.
fn cell_title(day: &str, hour: usize, count: u32) -> String {
    let mut args = HashMap::new();
    args.insert(Cow::Borrowed("day"), day.to_string().into());
    args.insert(
        Cow::Borrowed("hours"),
        format!("{hour:02}:00–{:02}:00", hour + 1).into(),
    );
    args.insert(Cow::Borrowed("count"), i64::from(count).into());
    tr_args("dash-heatmap-cell", &args)
}

#[component]
pub fn HeatmapCard(
    breaches: HeatGrid,
    arrivals: HeatGrid,
    timezone: String,
    filter: DashboardFilter,
) -> impl IntoView {
    let mode = filter.heatmap;
    let grid = match mode {
        HeatmapMode::Breaches => breaches,
        HeatmapMode::Arrivals => arrivals,
    };
    let total: u32 = grid.iter().flatten().sum();
    let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1);
    let caption = {
        let key = format!("dash-heatmap-caption-{}", mode.as_str());
        crate::i18n::tr_arg(&key, "tz", timezone)
    };
    let spec = HeatmapSpec {
        name: tr_dyn(&format!("dash-heatmap-{}", mode.as_str())),
        rows: DAYS
            .iter()
            .map(|d| tr_dyn(&format!("dash-day-{d}")))
            .collect(),
        columns: (0..24).map(hour_label).collect(),
        values: grid.iter().map(|r| r.to_vec()).collect(),
        color_var: match mode {
            HeatmapMode::Breaches => "--danger",
            HeatmapMode::Arrivals => "--primary",
        }
        .to_string(),
    };
    let tab = move |m: HeatmapMode| {
        let href = format!("/dashboard/sla?{}", filter.with_heatmap(m).to_query());
        let href = href.trim_end_matches('?').to_string();
        view! {
            <a href=href class="seg" aria-current=(m == mode).then_some("page")>
                {tr_dyn(&format!("dash-heatmap-{}", m.as_str()))}
            </a>
        }
    };
    view! {
        <section class=format!("card heat-card chart-card {}", mode.as_str())>
            <div class="card-head">
                <h2>{move || tr!("dash-heatmap")}</h2>
                <nav class="segmented" aria-label=move || tr!("dash-heatmap-mode")>
                    {tab(HeatmapMode::Breaches)}
                    {tab(HeatmapMode::Arrivals)}
                </nav>
            </div>
            <p class="muted small">{caption.clone()}</p>
            {(total == 0).then(|| view! {
                <p class="muted" data-empty="heatmap">{tr_dyn(&format!("dash-heatmap-empty-{}", mode.as_str()))}</p>
            })}
            <HeatmapChart spec=spec />
            <div class="heat-wrap chart-table">
                <table class="heatmap" data-total=total>
                    <caption class="sr-only">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col"><span class="sr-only">{move || tr!("dash-heatmap-day")}</span></th>
                            {(0..24).map(|h| view! { <th scope="col">{hour_label(h)}</th> }).collect_view()}
                            <th scope="col" class="sum">{move || tr!("dash-heatmap-total")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {DAYS
                            .iter()
                            .zip(grid.iter())
                            .map(|(day, row)| {
                                let name = tr_dyn(&format!("dash-day-{day}"));
                                let sum: u32 = row.iter().sum();
                                view! {
                                    <tr>
                                        <th scope="row">{name.clone()}</th>
                                        {row
                                            .iter()
                                            .enumerate()
                                            .map(|(h, n)| {
                                                let share = f64::from(*n) / f64::from(max);
                                                let heat = format!("--heat: {share:.3}");
                                                let hot = share >= 0.55;
                                                view! {
                                                    <td class="cell" class:zero=*n == 0 class:hot=hot style=heat title=cell_title(&name, h, *n)>
                                                        {match *n {
                                                            0 => view! { <span class="sr-only">"0"</span> }.into_any(),
                                                            n => n.to_string().into_any(),
                                                        }}
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                        <td class="sum">{sum}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
