//! Distribution statistics: per rule, the share its weights give each executor against the
//! share of automatic assignments each received in a period (kept in the URL).

use crate::api::distribution::get_distribution_stats;
use crate::i18n::tr_dyn;
use crate::model::{DistributionStats, RuleStats};
use crate::ui::error::ErrorBanner;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn DistributionStatsPage() -> impl IntoView {
    let location = use_location();
    let query = move || location.search.get().trim_start_matches('?').to_string();
    let stats = Resource::new(query, get_distribution_stats);
    // Evaluated now: the title is rendered after the page, outside the i18n context.
    let title = tr!("distribution-stats-title");
    view! {
        <Title text=title />
        <div class="page-head">
            <div>
                <p class="muted"><a href="/settings/distribution">{move || tr!("distribution-title")}</a></p>
                <h1>{move || tr!("distribution-stats-title")}</h1>
            </div>
        </div>
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(s) => view! { <Stats s=s /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Stats(s: DistributionStats) -> impl IntoView {
    view! {
        <form method="get" class="period card" action="/settings/distribution/stats">
            <label>
                <span>{move || tr!("distribution-from")}</span>
                <input type="date" name="from" value=s.from.to_string() />
            </label>
            <label>
                <span>{move || tr!("distribution-to")}</span>
                <input type="date" name="to" value=s.to.to_string() />
            </label>
            <button type="submit" class="btn">{move || tr!("filter-apply")}</button>
        </form>
        <p class="muted">{move || tr!("distribution-stats-hint")}</p>
        {if s.rules.is_empty() {
            view! { <p class="muted card">{move || tr!("distribution-no-rules")}</p> }.into_any()
        } else {
            s.rules.into_iter().map(|r| view! { <RuleTable r=r /> }).collect_view().into_any()
        }}
    }
}

fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

#[component]
fn RuleTable(r: RuleStats) -> impl IntoView {
    let title = format!(
        "{} · {} · {} · {}",
        r.team,
        r.channel
            .as_deref()
            .map(|c| tr_dyn(&format!("channel-{c}")))
            .unwrap_or_else(|| tr!("distribution-any-channel")),
        r.category
            .clone()
            .unwrap_or_else(|| tr!("distribution-any-category")),
        tr_dyn(&format!("strategy-{}", r.strategy)),
    );
    let total = r.total;
    view! {
        <section class="card" data-rule=r.rule_id.to_string()>
            <h2>{title}</h2>
            <p class="muted">{crate::i18n::tr_arg("distribution-stats-total", "count", total as i64)}</p>
            <div class="table-wrap">
                <table class="share-table">
                    <thead>
                        <tr>
                            <th>{move || tr!("field-name")}</th>
                            <th class="num">{move || tr!("distribution-weight")}</th>
                            <th class="num">{move || tr!("distribution-configured")}</th>
                            <th class="num">{move || tr!("distribution-assigned")}</th>
                            <th class="num">{move || tr!("distribution-observed")}</th>
                            <th class="bars" aria-hidden="true"></th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.rows.into_iter().map(|row| view! {
                            <tr data-user=row.user_id.to_string()>
                                <td>{row.name.clone()}</td>
                                <td class="num">{row.weight}</td>
                                <td class="num configured">{percent(row.configured)}</td>
                                <td class="num">{row.assigned}</td>
                                <td class="num observed">{if total > 0 { percent(row.observed) } else { "—".into() }}</td>
                                <td class="bars" aria-hidden="true">
                                    <span class="bar configured" style=format!("width:{:.1}%", row.configured * 100.0)></span>
                                    <span class="bar observed" style=format!("width:{:.1}%", row.observed * 100.0)></span>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
