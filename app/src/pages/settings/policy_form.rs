//! The SLA grid: per stage a limit for normal and urgent requests, the reaction target, the
//! near threshold, automatic escalation and the cycle rules.

use crate::api::sla::SavePolicy;
use crate::domain::sla::form::point_value;
use crate::domain::sla::policy::{Cycle, Limit, Limits, Point};
use crate::error::AppError;
use crate::model::SlaSettingsView;
use crate::ui::error::{field_message, message};
use leptos::prelude::*;
use leptos_fluent::tr;

fn err_for(action: ServerAction<SavePolicy>, field: String) -> impl Fn() -> Option<String> {
    move || {
        action.value().with(|v| match v {
            Some(Err(AppError::Validation { fields })) => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| field_message(&f.code)),
            _ => None,
        })
    }
}

fn hm(l: Option<Limit>) -> String {
    l.map(|l| l.to_string()).unwrap_or_default()
}

#[component]
fn LimitInput(
    action: ServerAction<SavePolicy>,
    name: String,
    value: Option<Limit>,
    label: String,
) -> impl IntoView {
    view! {
        <input class="hm" inputmode="numeric" placeholder="hh:mm" name=format!("form[{name}]") value=hm(value) aria-label=label />
        <span class="field-error">{err_for(action, name)}</span>
    }
}

#[component]
pub fn PolicyForm(settings: SlaSettingsView, save: ServerAction<SavePolicy>) -> impl IntoView {
    let p = settings.policy.clone();
    let banner = move || {
        save.value().with(|v| match v {
            Some(Err(AppError::Validation { .. })) => Some(tr!("form-has-errors")),
            Some(Err(e)) => Some(message(e)),
            _ => None,
        })
    };
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let reaction = p.reaction.unwrap_or_default();
    let mut cycles: Vec<Option<Cycle>> = p.cycles.iter().cloned().map(Some).collect();
    let existing = cycles.len();
    cycles.push(None);
    let points: Vec<(String, String)> = settings
        .stages
        .iter()
        .map(|s| {
            (
                point_value(&Point::Stage { stage_id: s.id }),
                format!("{} {}", tr!("sla-point-stage"), s.name),
            )
        })
        .chain(settings.statuses.iter().map(|s| {
            (
                point_value(&Point::Status { status_id: s.id }),
                format!("{} {}", tr!("sla-point-status"), s.name),
            )
        }))
        .collect();
    view! {
        <section class="card" id="sla-grid">
            <h2>{move || tr!("sla-grid")}</h2>
            {move || saved().then(|| view! { <div class="alert success" role="status">{tr!("sla-saved")}</div> })}
            {move || banner().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            <ActionForm action=save attr:class="policy-form" attr:novalidate=true>
                <input type="hidden" name="pipeline_id" value=settings.pipeline_id.to_string() />
                <table class="grid">
                    <thead>
                        <tr><th></th><th>{tr!("sla-normal")}</th><th>{tr!("sla-urgent")}</th></tr>
                    </thead>
                    <tbody>
                        {settings.stages.iter().map(|s| {
                            let l: Limits = p.stages.get(&s.id).copied().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{crate::i18n::tr_arg("sla-kind-stage", "name", s.name.clone())}</th>
                                    <td><LimitInput action=save name=format!("stage_{}_normal", s.id) value=l.normal label=format!("{} {}", s.name, tr!("sla-normal")) /></td>
                                    <td><LimitInput action=save name=format!("stage_{}_urgent", s.id) value=l.urgent label=format!("{} {}", s.name, tr!("sla-urgent")) /></td>
                                </tr>
                            }
                        }).collect_view()}
                        <tr>
                            <th scope="row">{tr!("sla-kind-reaction")}</th>
                            <td><LimitInput action=save name="reaction_normal".into() value=reaction.normal label=tr!("sla-kind-reaction") /></td>
                            <td><LimitInput action=save name="reaction_urgent".into() value=reaction.urgent label=tr!("sla-kind-reaction") /></td>
                        </tr>
                    </tbody>
                </table>
                <p class="muted small">{tr!("sla-grid-hint")}</p>

                <h3>{tr!("sla-cycles")}</h3>
                <table class="cycles">
                    <thead>
                        <tr>
                            <th>{tr!("sla-cycle-name")}</th><th>{tr!("sla-cycle-start")}</th><th>{tr!("sla-cycle-end")}</th>
                            <th>{tr!("sla-normal")}</th><th>{tr!("sla-urgent")}</th><th>{tr!("sla-delete")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {cycles.into_iter().enumerate().map(|(i, c)| {
                            let start = c.as_ref().map(|c| point_value(&c.start)).unwrap_or_default();
                            let end = c.as_ref().map(|c| point_value(&c.end)).unwrap_or_default();
                            let options = |selected: String| {
                                let pts = points.clone();
                                view! {
                                    <option value="">"—"</option>
                                    {pts.into_iter().map(|(v, label)| {
                                        let sel = v == selected;
                                        view! { <option value=v selected=sel>{label}</option> }
                                    }).collect_view()}
                                }
                            };
                            view! {
                                <tr class:new={i >= existing}>
                                    <td>
                                        <input name=format!("form[cycle_{i}_name]") value=c.as_ref().map(|c| c.name.clone()).unwrap_or_default() maxlength="60" aria-label=tr!("sla-cycle-name") />
                                        <span class="field-error">{err_for(save, format!("cycle_{i}_name"))}{err_for(save, format!("cycles.{i}.name"))}</span>
                                    </td>
                                    <td>
                                        <select name=format!("form[cycle_{i}_start]") aria-label=tr!("sla-cycle-start")>{options(start)}</select>
                                        <span class="field-error">{err_for(save, format!("cycle_{i}_start"))}</span>
                                    </td>
                                    <td>
                                        <select name=format!("form[cycle_{i}_end]") aria-label=tr!("sla-cycle-end")>{options(end)}</select>
                                        <span class="field-error">{err_for(save, format!("cycle_{i}_end"))}{err_for(save, format!("cycles.{i}.end"))}</span>
                                    </td>
                                    <td><LimitInput action=save name=format!("cycle_{i}_normal") value=c.as_ref().and_then(|c| c.limits.normal) label=tr!("sla-normal") /></td>
                                    <td><LimitInput action=save name=format!("cycle_{i}_urgent") value=c.as_ref().and_then(|c| c.limits.urgent) label=tr!("sla-urgent") /></td>
                                    <td>{(i < existing).then(|| view! { <input type="checkbox" name=format!("form[cycle_{i}_delete]") value="on" aria-label=tr!("sla-delete") /> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>

                <div class="form-row">
                    <div class="field">
                        <label for="near_share">{tr!("sla-near-share")}</label>
                        <input id="near_share" name="form[near_share]" inputmode="numeric" value=p.near.share.map(|s| format!("{:.0}", s * 100.0)).unwrap_or_default() />
                        <p class="field-error">{err_for(save, "near_share".into())}</p>
                    </div>
                    <div class="field">
                        <label for="near_minutes">{tr!("sla-near-minutes")}</label>
                        <input id="near_minutes" name="form[near_minutes]" inputmode="numeric" value=p.near.minutes.map(|m| m.to_string()).unwrap_or_default() />
                        <p class="field-error">{err_for(save, "near_minutes".into())}</p>
                    </div>
                    <label class="check">
                        <input type="checkbox" name="form[auto_escalation]" value="on" checked=p.auto_escalation />
                        {tr!("sla-auto-escalation")}
                    </label>
                </div>
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || save.pending().get()>{tr!("sla-save-policy")}</button>
                </div>
            </ActionForm>
        </section>
    }
}
