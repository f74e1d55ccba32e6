//! SLA settings: working hours per stage (with presets, several windows a day, holidays and
//! .ics import) and the pipeline's SLA grid, cycles and near threshold.

use super::calendar_form::{CalendarForm, ImportOutcome};
use super::policy_form::PolicyForm;
use super::urgency_form::UrgencyForm;
use crate::api::sla::{ResetStageCalendar, SaveCalendar, SavePolicy, get_sla_settings};
use crate::api::urgency::SaveUrgencyRules;
use crate::model::SlaSettingsView;
use crate::ui::error::ErrorBanner;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SlaSettingsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).and_then(|v| v.parse::<i64>().ok());
    let settings = Resource::new(
        move || (param("pipeline"), param("scope")),
        |(pipeline, scope)| get_sla_settings(pipeline, scope),
    );
    // What an .ics import (a plain form post) redirected back with.
    let import = move || {
        let q = query.read();
        ImportOutcome {
            imported: q.get("imported").and_then(|n| n.parse().ok()),
            error: q.get("ics_error"),
        }
    };
    let title = tr!("sla-settings-title");
    view! {
        <Title text=title />
        <div class="page-head">
            <h1>{move || tr!("sla-settings-title")}</h1>
        </div>
        <Suspense fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <EditableSlaSettings s=s import=import() /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page's forms (in islands mode, an island): a save fetches the settings again and renders
/// the forms from them, with the saved form's outcome.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn EditableSlaSettings(s: SlaSettingsView, import: ImportOutcome) -> impl IntoView {
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
    let (pipeline, scope) = (Some(s.pipeline_id), s.scope);
    let (settings, failed) = crate::ui::refetch::refetched(
        s,
        move || {
            [
                save_calendar.version().get(),
                reset.version().get(),
                save_policy.version().get(),
                save_rules.version().get(),
            ]
        },
        move || get_sla_settings(pipeline, scope),
    );
    view! {
        {move || failed.get().map(|e| view! { <ErrorBanner error=e /> })}
        {move || {
            let s = settings.get();
            let pipeline_id = s.pipeline_id;
            let import = import.clone();
            view! {
                {(s.pipelines.len() > 1).then(|| view! {
                    <nav class="tabs" aria-label=tr!("sla-pipelines")>
                        {s.pipelines.iter().map(|p| view! {
                            <a href=format!("/settings/sla?pipeline={}", p.id)
                                aria-current=(p.id == pipeline_id).then_some("page")>{p.name.clone()}</a>
                        }).collect_view()}
                    </nav>
                })}
                <CalendarForm settings=s.clone() save=save_calendar reset=reset import=import />
                <PolicyForm settings=s.clone() save=save_policy />
                <UrgencyForm settings=s save=save_rules />
            }
        }}
    }
}
