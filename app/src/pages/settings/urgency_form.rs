//! Urgency rules of a pipeline: a request is urgent when its category, a word in its text, or
//! an ordered item's SKU / offer / product matches.

use crate::api::urgency::SaveUrgencyRules;
use crate::domain::urgency::Rule;
use crate::error::AppError;
use crate::i18n::tr_dyn;
use crate::model::SlaSettingsView;
use crate::ui::error::{field_message, message};
use leptos::prelude::*;
use leptos_fluent::tr;

const KINDS: [&str; 5] = ["keyword", "category", "sku", "offer_id", "product_id"];

#[component]
pub fn UrgencyForm(
    settings: SlaSettingsView,
    save: ServerAction<SaveUrgencyRules>,
) -> impl IntoView {
    let mut rows: Vec<Option<Rule>> = settings.urgency_rules.iter().cloned().map(Some).collect();
    rows.push(None);
    rows.push(None);
    let banner = move || {
        save.value().with(|v| match v {
            Some(Err(AppError::Validation { .. })) => Some(tr!("form-has-errors")),
            Some(Err(e)) => Some(message(e)),
            _ => None,
        })
    };
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let err = move |i: usize| {
        move || {
            save.value().with(|v| match v {
                Some(Err(AppError::Validation { fields })) => fields
                    .iter()
                    .find(|f| f.field == format!("rule_{i}_value"))
                    .map(|f| field_message(&f.code)),
                _ => None,
            })
        }
    };
    view! {
        <section class="card" id="urgency-rules">
            <h2>{move || tr!("urgency-title")}</h2>
            <p class="muted">{move || tr!("urgency-hint")}</p>
            {move || saved().then(|| view! { <div class="alert success" role="status">{tr!("sla-saved")}</div> })}
            {move || banner().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="pipeline_id" value=settings.pipeline_id.to_string() />
                <table class="rules">
                    <thead>
                        <tr>
                            <th>{tr!("urgency-kind")}</th>
                            <th>{tr!("urgency-value")}</th>
                            <th>{tr!("col-category")}</th>
                            <th>{tr!("sla-delete")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().enumerate().map(|(i, r)| {
                            let kind = r.as_ref().map(|r| r.kind()).unwrap_or("");
                            let value = r.as_ref().filter(|r| r.kind() != "category").map(|r| r.value()).unwrap_or_default();
                            let category = r.as_ref().filter(|r| r.kind() == "category").map(|r| r.value()).unwrap_or_default();
                            let is_new = r.is_none();
                            view! {
                                <tr class:new=is_new>
                                    <td>
                                        <select name=format!("form[rule_{i}_type]") aria-label=tr!("urgency-kind")>
                                            <option value="">"—"</option>
                                            {KINDS.iter().map(|k| view! {
                                                <option value=*k selected=*k == kind>{tr_dyn(&format!("urgency-kind-{k}"))}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td>
                                        <input name=format!("form[rule_{i}_value]") value=value maxlength="100" aria-label=tr!("urgency-value") />
                                        <span class="field-error">{err(i)}</span>
                                    </td>
                                    <td>
                                        <select name=format!("form[rule_{i}_category]") aria-label=tr!("col-category")>
                                            <option value="">"—"</option>
                                            {settings.categories.iter().map(|c| view! {
                                                <option value=c.id.to_string() selected=c.id.to_string() == category>{c.name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td>{(!is_new).then(|| view! { <input type="checkbox" name=format!("form[rule_{i}_delete]") value="on" aria-label=tr!("sla-delete") /> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || save.pending().get()>{tr!("urgency-save")}</button>
                </div>
            </ActionForm>
        </section>
    }
}
