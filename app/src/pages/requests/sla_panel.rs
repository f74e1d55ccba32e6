//! The SLA of one request: each target with a live clock, and the explanation of every
//! interval (working and non-working time, pauses).

use crate::i18n::tr_arg;
use crate::model::SlaView;
use crate::ui::format::Time;
use crate::ui::sla::{SlaClock, WithCalendars, duration};
use leptos::prelude::*;
use leptos_fluent::tr;

#[component]
pub fn SlaPanel(view: SlaView) -> impl IntoView {
    if view.targets.is_empty() {
        return view! {
            <section class="card sla-panel">
                <h2>{move || tr!("sla-title")}</h2>
                <p class="muted">{move || tr!("sla-no-policy")}</p>
            </section>
        }
        .into_any();
    }
    let calendars = view.calendars.clone();
    view! {
        <WithCalendars calendars=calendars>
        <section class="card sla-panel" id="sla-panel">
            <h2>{move || tr!("sla-title")}</h2>
            <ul class="targets">
                {view
                    .targets
                    .iter()
                    .map(|t| {
                        let share = if t.limit_seconds > 0 {
                            (t.used_seconds as f64 / t.limit_seconds as f64 * 100.0).min(100.0)
                        } else {
                            100.0
                        };
                        view! {
                            <li>
                                <SlaClock
                                    target=t.clone()
                                    computed_at=view.computed_at
                                    near=view.near
                                    labelled=true
                                />
                                <div class=format!("bar {}", t.state.as_str()) role="presentation">
                                    <span style=format!("width: {share:.0}%")></span>
                                </div>
                                <p class="muted small">
                                    {tr_arg("sla-used-of", "used", duration(t.used_seconds))}
                                    " / "
                                    {duration(t.limit_seconds)}
                                    {t.deadline.map(|d| view! { " · " <Time at=d /> })}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        </WithCalendars>
    }
    .into_any()
}

/// "3 h 12 m working of 19 h 40 m", "paused 2 h in Waiting for resident", per interval.
#[component]
pub fn SlaExplain(view: SlaView) -> impl IntoView {
    view! {
        <section class="card" id="sla-explain">
            <h2>{move || tr!("sla-explain-title")}</h2>
            <ol class="intervals">
                {view
                    .intervals
                    .into_iter()
                    .map(|i| {
                        let what = if i.paused {
                            let mut args = std::collections::HashMap::new();
                            args.insert(std::borrow::Cow::Borrowed("wall"), duration(i.wall_seconds).into());
                            args.insert(std::borrow::Cow::Borrowed("status"), i.status.clone().into());
                            crate::i18n::tr_args("sla-explain-paused", &args)
                        } else if i.closing {
                            tr_arg("sla-explain-closed", "status", i.status.clone())
                        } else {
                            let mut args = std::collections::HashMap::new();
                            args.insert(std::borrow::Cow::Borrowed("working"), duration(i.working_seconds).into());
                            args.insert(std::borrow::Cow::Borrowed("wall"), duration(i.wall_seconds).into());
                            crate::i18n::tr_args("sla-explain-working", &args)
                        };
                        view! {
                            <li class:paused=i.paused class:open=i.to.is_none()>
                                <div class="when">
                                    <Time at=i.from />
                                    " → "
                                    {match i.to {
                                        Some(t) => view! { <Time at=t /> }.into_any(),
                                        None => view! { <span>{tr!("sla-now")}</span> }.into_any(),
                                    }}
                                </div>
                                <div>
                                    <strong>{i.status.clone()}</strong>
                                    <span class="muted">" · " {i.stage.clone()}</span>
                                    <span class="block">{what}</span>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
