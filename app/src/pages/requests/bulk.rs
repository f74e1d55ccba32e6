//! The list's bulk change: rows are selected with checkboxes (tied to this form by its id, so
//! they can live in the table) and one assignee and/or status is applied to each of them.

use crate::api::requests::BulkUpdate;
use crate::i18n::tr_arg;
use crate::model::{AssigneeOption, BulkOutcome, Dictionaries, StatusRef};
use crate::ui::error::detailed_message;
use leptos::prelude::*;
use leptos_fluent::tr;

/// The id of the bulk form; the rows' checkboxes name it in their `form` attribute.
pub const FORM_ID: &str = "bulk";

/// The bulk form. In islands mode it is an island with its own action, showing its outcome
/// below it (the page's `action` and [`BulkResult`] are then unused).
#[component]
pub fn BulkBar(action: ServerAction<BulkUpdate>, dicts: Dictionaries) -> impl IntoView {
    #[cfg(feature = "islands")]
    {
        let _ = action;
        view! { <BulkIsland assignees=dicts.assignees statuses=dicts.statuses /> }
    }
    #[cfg(not(feature = "islands"))]
    view! { <BulkForm action=action assignees=dicts.assignees statuses=dicts.statuses /> }
}

#[cfg(feature = "islands")]
#[island(lazy)]
fn BulkIsland(assignees: Vec<AssigneeOption>, statuses: Vec<StatusRef>) -> impl IntoView {
    let action = ServerAction::<BulkUpdate>::new();
    // A bulk change done: the ticks have served (the rows come again from the live stream).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            untick_rows();
        }
    });
    view! {
        <BulkForm action=action assignees=assignees statuses=statuses />
        <Outcomes action=action />
    }
}

/// Clears every box of the bulk form on the page.
#[cfg(all(feature = "islands", feature = "hydrate"))]
fn untick_rows() {
    if let Some(page) = document().document_element() {
        let boxes = format!("input[form={FORM_ID}]");
        crate::ui::islands::set_checked_all(&page, &boxes, false);
    }
}

#[component]
pub(crate) fn BulkForm(
    action: ServerAction<BulkUpdate>,
    assignees: Vec<AssigneeOption>,
    statuses: Vec<StatusRef>,
) -> impl IntoView {
    // Folded by default so the list stays first; the form (and its id) exists either way.
    view! {
        <details class="bulk card">
            <summary>{move || tr!("bulk-title")}</summary>
            <ActionForm action=action attr:id=FORM_ID attr:class="bulk-bar">
            <select name="form[assignee_id]" aria-label=move || tr!("col-assignee")>
                <option value="">{move || tr!("bulk-keep-assignee")}</option>
                <option value="none">{move || tr!("unassigned")}</option>
                {assignees.iter().filter(|a| a.active).map(|a| view! {
                    <option value=a.id.to_string()>{format!("{} · {}/{}", a.name, a.open, a.max_load)}</option>
                }).collect_view()}
            </select>
            <select name="form[status_id]" aria-label=move || tr!("col-status")>
                <option value="">{move || tr!("bulk-keep-status")}</option>
                {statuses.iter().map(|s| view! {
                    <option value=s.id.to_string()>{s.name.clone()}</option>
                }).collect_view()}
            </select>
            <input name="form[comment]" maxlength="2000" placeholder=move || tr!("bulk-comment")
                aria-label=move || tr!("bulk-comment") />
            <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                {move || tr!("bulk-apply")}
            </button>
            </ActionForm>
        </details>
    }
}

/// What the last bulk change did (in islands mode the bulk island shows it).
#[component]
pub fn BulkResult(action: ServerAction<BulkUpdate>) -> impl IntoView {
    #[cfg(feature = "islands")]
    let _ = action;
    #[cfg(not(feature = "islands"))]
    view! { <Outcomes action=action /> }
}

/// What the last change of `action` did.
#[component]
pub(crate) fn Outcomes(action: ServerAction<BulkUpdate>) -> impl IntoView {
    move || {
        action.value().get().map(|r| match r {
            Ok(o) => view! { <Outcome o=o /> }.into_any(),
            Err(e) => view! { <div class="alert error" role="alert" data-code=e.code()>{detailed_message(&e)}</div> }.into_any(),
        })
    }
}

#[component]
fn Outcome(o: BulkOutcome) -> impl IntoView {
    let class = if o.failed.is_empty() {
        "alert success"
    } else {
        "alert warning"
    };
    view! {
        <div class=class role="status" data-testid="bulk-result">
            <p>{tr_arg("bulk-changed", "count", o.changed.len() as i64)}</p>
            {(!o.failed.is_empty()).then(|| view! {
                <p>{tr_arg("bulk-failed", "count", o.failed.len() as i64)}</p>
                <ul class="bulk-failures">
                    {o.failed.iter().map(|f| view! {
                        <li><a href=format!("/requests/{}", f.id)>{f.number.clone()}</a>" — "{detailed_message(&f.error)}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
