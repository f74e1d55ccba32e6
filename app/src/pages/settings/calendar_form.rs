//! The working-hours editor: presets, up to three windows a weekday, exceptions, .ics import.

use crate::api::sla::{ResetStageCalendar, SaveCalendar};
use crate::domain::sla::calendar::{Preset, Week};
use crate::domain::sla::form::SLOTS;
use crate::error::AppError;
use crate::i18n::tr_dyn;
use crate::model::SlaSettingsView;
use crate::ui::error::{field_message, message};
use leptos::prelude::*;
use leptos_fluent::tr;

/// The message for `field` in the last answer of `action`, if any.
fn err_for(action: ServerAction<SaveCalendar>, field: String) -> impl Fn() -> Option<String> {
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

/// What an .ics import (a plain form post) redirected back to the page with: the number of days
/// imported, or the code of what was wrong with the file.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ImportOutcome {
    pub imported: Option<i64>,
    pub error: Option<String>,
}

#[component]
pub fn CalendarForm(
    settings: SlaSettingsView,
    save: ServerAction<SaveCalendar>,
    reset: ServerAction<ResetStageCalendar>,
    import: ImportOutcome,
) -> impl IntoView {
    let s = settings.clone();
    let pipeline = s.pipeline_id;
    let scope_href = move |scope: Option<i64>| match scope {
        Some(id) => format!("/settings/sla?pipeline={pipeline}&scope={id}"),
        None => format!("/settings/sla?pipeline={pipeline}"),
    };
    let scope_name = s.scope.and_then(|id| {
        s.stages
            .iter()
            .find(|st| st.id == id)
            .map(|st| st.name.clone())
    });
    let source_note = tr_dyn(&format!("sla-source-{}", s.calendar_source));
    let banner = move || {
        save.value().with(|v| match v {
            Some(Err(AppError::Validation { .. })) => Some(tr!("form-has-errors")),
            Some(Err(e)) => Some(message(e)),
            _ => None,
        })
    };
    let saved = move || save.value().with(|v| matches!(v, Some(Ok(_))));
    let cal = s.calendar.clone();
    let scope_id = s.scope;
    let scope_field = move || {
        scope_id.map(|id| view! { <input type="hidden" name="scope" value=id.to_string() /> })
    };
    let ics_action = format!(
        "/settings/sla/ics?pipeline={pipeline}{}",
        s.scope.map(|id| format!("&scope={id}")).unwrap_or_default()
    );
    // The existing exceptions and two empty rows to add new ones.
    let mut exceptions: Vec<Option<crate::domain::sla::calendar::Exception>> =
        cal.exceptions.iter().cloned().map(Some).collect();
    exceptions.push(None);
    exceptions.push(None);
    view! {
        <section class="card" id="working-hours">
            <h2>{move || tr!("sla-working-hours")}</h2>
            <nav class="tabs" aria-label=tr!("sla-calendar-scope")>
                <a href=scope_href(None) aria-current=s.scope.is_none().then_some("page")>{tr!("sla-company-calendar")}</a>
                {s.stages.iter().map(|st| {
                    let own = s.own_calendars.contains(&st.id);
                    view! {
                        <a href=scope_href(Some(st.id)) aria-current=(s.scope == Some(st.id)).then_some("page")>
                            {st.name.clone()}
                            {own.then(|| view! { <span class="dot-own" title=tr!("sla-own-calendar")>"•"</span> })}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <p class="muted">
                {scope_name.clone().map(|n| format!("{n}: ")).unwrap_or_default()}
                {source_note}
            </p>
            {move || saved().then(|| view! { <div class="alert success" role="status">{tr!("sla-saved")}</div> })}
            {move || banner().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            {import.imported.map(|n| view! { <div class="alert success" role="status">{crate::i18n::tr_arg("sla-ics-imported", "count", n)}</div> })}
            {import.error.map(|c| view! { <div class="alert error" role="alert">{field_message(&c)}</div> })}

            <ActionForm action=save attr:class="presets">
                {scope_field()}
                <span class="muted">{tr!("sla-presets")}</span>
                {Preset::ALL.iter().map(|p| view! {
                    <button type="submit" class="btn small" name="preset" value=p.as_str()>
                        {tr_dyn(&format!("sla-preset-{}", p.as_str()))}
                    </button>
                }).collect_view()}
            </ActionForm>

            <ActionForm action=save attr:class="calendar-form" attr:novalidate=true>
                {scope_field()}
                <div class="field">
                    <label for="timezone">{tr!("sla-timezone")}</label>
                    <input id="timezone" name="form[timezone]" value=cal.timezone.clone() list="timezones" />
                    <datalist id="timezones">
                        {["Asia/Tashkent", "Europe/Kyiv", "Asia/Almaty", "Europe/Moscow", "Europe/Warsaw", "UTC"].iter().map(|z| view! { <option value=*z></option> }).collect_view()}
                    </datalist>
                    <p class="field-error" role="alert">{err_for(save, "timezone".into())}</p>
                </div>
                <table class="week">
                    <thead>
                        <tr>
                            <th>{tr!("sla-day")}</th>
                            {(0..SLOTS).map(|i| view! { <th>{crate::i18n::tr_arg("sla-window", "n", (i + 1) as i64)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {Week::DAYS.iter().enumerate().map(|(d, day)| {
                            let windows = cal.week.day(d).to_vec();
                            view! {
                                <tr>
                                    <th scope="row">{tr_dyn(&format!("day-{day}"))}</th>
                                    {(0..SLOTS).map(|i| {
                                        let w = windows.get(i);
                                        let from = w.map(|w| w.0.to_string()).unwrap_or_default();
                                        let to = w.map(|w| w.1.to_string()).unwrap_or_default();
                                        let f = format!("{day}_{i}_from");
                                        let t = format!("{day}_{i}_to");
                                        view! {
                                            <td>
                                                <span class="window">
                                                    <input type="text" inputmode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" placeholder="09:00" name=format!("form[{f}]") value=from aria-label=format!("{} {} {}", tr_dyn(&format!("day-{day}")), i + 1, tr!("sla-from")) />
                                                    "–"
                                                    <input type="text" inputmode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" placeholder="18:00" name=format!("form[{t}]") value=to aria-label=format!("{} {} {}", tr_dyn(&format!("day-{day}")), i + 1, tr!("sla-to")) />
                                                </span>
                                                <span class="field-error">{err_for(save, f.clone())}{err_for(save, t.clone())}</span>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="muted small">{tr!("sla-week-hint")}</p>

                <h3>{tr!("sla-exceptions")}</h3>
                <table class="exceptions">
                    <thead>
                        <tr>
                            <th>{tr!("sla-date")}</th>
                            <th>{tr!("sla-exception-name")}</th>
                            <th>{tr!("sla-short-day")}</th>
                            <th>{tr!("sla-delete")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {exceptions.into_iter().enumerate().map(|(i, e)| {
                            let is_new = e.is_none();
                            let date = e.as_ref().map(|e| e.date.to_string()).unwrap_or_default();
                            let w = e.as_ref().and_then(|e| e.windows.first().copied());
                            let name = e.as_ref().and_then(|e| e.name.clone()).unwrap_or_default();
                            view! {
                                <tr class:new=is_new>
                                    <td>
                                        <input type="date" name=format!("form[ex_{i}_date]") value=date aria-label=tr!("sla-date") />
                                        <span class="field-error">{err_for(save, format!("ex_{i}_date"))}{err_for(save, format!("exceptions.{i}.date"))}</span>
                                    </td>
                                    <td><input name=format!("form[ex_{i}_name]") value=name maxlength="80" aria-label=tr!("sla-exception-name") /></td>
                                    <td>
                                        <span class="window">
                                            <input type="text" inputmode="numeric" placeholder="10:00" name=format!("form[ex_{i}_from]") value=w.map(|w| w.0.to_string()).unwrap_or_default() aria-label=tr!("sla-from") />
                                            "–"
                                            <input type="text" inputmode="numeric" placeholder="15:00" name=format!("form[ex_{i}_to]") value=w.map(|w| w.1.to_string()).unwrap_or_default() aria-label=tr!("sla-to") />
                                        </span>
                                    </td>
                                    <td>{(!is_new).then(|| view! { <input type="checkbox" name=format!("form[ex_{i}_delete]") value="on" aria-label=tr!("sla-delete") /> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="muted small">{tr!("sla-exceptions-hint")}</p>
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || save.pending().get()>{tr!("sla-save-calendar")}</button>
                </div>
            </ActionForm>

            {(s.scope.is_some() && s.calendar_source == "stage").then(|| {
                let id = s.scope.unwrap_or_default();
                view! {
                    <ActionForm action=reset attr:class="inline">
                        <input type="hidden" name="stage_id" value=id.to_string() />
                        <button type="submit" class="btn ghost">{tr!("sla-reset-calendar")}</button>
                    </ActionForm>
                }
            })}

            <form method="post" action=ics_action enctype="multipart/form-data" class="upload ics">
                <label for="ics">{tr!("sla-ics-import")}</label>
                <input id="ics" type="file" name="file" accept=".ics,text/calendar" required />
                <button type="submit" class="btn">{tr!("sla-ics-submit")}</button>
            </form>
        </section>
    }
}
