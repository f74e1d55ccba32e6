//! SLA settings: working hours per stage (with presets, several windows a day, holidays and
//! .ics import) and the pipeline's SLA grid, cycles and near threshold.

use super::calendar_form::CalendarForm;
use super::policy_form::PolicyForm;
use super::urgency_form::UrgencyForm;
use crate::api::sla::{ResetStageCalendar, SaveCalendar, SavePolicy, get_sla_settings};
use crate::api::urgency::SaveUrgencyRules;
use crate::ui::error::ErrorBanner;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SlaSettingsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).and_then(|v| v.parse::<i64>().ok());
    let save_calendar = ServerAction::<SaveCalendar>::new();
    let reset = ServerAction::<ResetStageCalendar>::new();
    let save_policy = ServerAction::<SavePolicy>::new();
    let save_rules = ServerAction::<SaveUrgencyRules>::new();
    // A calendar saved in another timezone: this tab's clocks learn its offsets.
    Effect::new(move || {
        if let Some(Ok(zone)) = save_calendar.value().get() {
            crate::domain::zone::register(&[zone]);
        }
    });
    let settings = Resource::new(
        move || {
            (
                param("pipeline"),
                param("scope"),
                save_calendar.version().get(),
                reset.version().get(),
                save_policy.version().get(),
                save_rules.version().get(),
            )
        },
        |(pipeline, scope, ..)| get_sla_settings(pipeline, scope),
    );
    let title = tr!("sla-settings-title");
    view! {
        <Title text=title />
        <div class="page-head">
            <h1>{move || tr!("sla-settings-title")}</h1>
        </div>
        <Suspense fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => {
                        let pipeline_id = s.pipeline_id;
                        view! {
                            {(s.pipelines.len() > 1).then(|| view! {
                                <nav class="tabs" aria-label=tr!("sla-pipelines")>
                                    {s.pipelines.iter().map(|p| view! {
                                        <a href=format!("/settings/sla?pipeline={}", p.id)
                                            aria-current=(p.id == pipeline_id).then_some("page")>{p.name.clone()}</a>
                                    }).collect_view()}
                                </nav>
                            })}
                            <CalendarForm settings=s.clone() save=save_calendar reset=reset />
                            <PolicyForm settings=s.clone() save=save_policy />
                            <UrgencyForm settings=s save=save_rules />
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
