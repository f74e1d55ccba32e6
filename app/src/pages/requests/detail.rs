//! The request page: fields, status change (only to allowed statuses), assignment, comments,
//! attachments and the timeline of every event in the company's timezone.

use super::sla_panel::{SlaExplain, SlaPanel};
use crate::api::distribution::AutoAssignRequest;
use crate::api::requests::{AddComment, AssignRequest, ChangeStatus, get_request, get_request_sla};
use crate::api::urgency::SetUrgent;
use crate::error::AppError;
use crate::i18n::{tr_arg, tr_dyn};
use crate::model::{AssigneeOption, AutoReason, EventView, EventWhat, RequestDetail};
use crate::ui::badge::{PriorityBadge, StatusBadge, UrgentBadge};
use crate::ui::error::{ErrorBanner, field_message, message};
use crate::ui::format::{Time, file_size, local_time};
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let change_status = ServerAction::<ChangeStatus>::new();
    let assign = ServerAction::<AssignRequest>::new();
    let auto = ServerAction::<AutoAssignRequest>::new();
    let comment = ServerAction::<AddComment>::new();
    let urgency = ServerAction::<SetUrgent>::new();
    // Someone else's change to this request (from the live stream) reloads it too.
    let live = crate::ui::live::use_live().map(|l| l.request(id));
    let request = Resource::new(
        move || {
            (
                id(),
                live.map(|l| l.get()),
                change_status.version().get(),
                assign.version().get(),
                auto.version().get(),
                comment.version().get(),
                urgency.version().get(),
            )
        },
        |(id, ..)| get_request(id),
    );
    let dicts = crate::pages::requests::dictionaries();
    let sla = Resource::new(
        move || {
            (
                id(),
                live.map(|l| l.get()),
                change_status.version().get(),
                assign.version().get(),
                auto.version().get(),
                comment.version().get(),
                urgency.version().get(),
            )
        },
        |(id, ..)| get_request_sla(id),
    );
    view! {
        {live_regions(id())}
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match request.await {
                    Ok(r) => {
                        let assignees = if r.can.assign {
                            dicts.await.map(|d| d.assignees).unwrap_or_default()
                        } else {
                            vec![]
                        };
                        let sla = sla.await.ok();
                        view! {
                            <Detail r=r assignees=assignees sla=sla change_status=change_status assign=assign auto=auto comment=comment urgency=urgency />
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(
    r: RequestDetail,
    assignees: Vec<AssigneeOption>,
    sla: Option<crate::model::SlaView>,
    change_status: ServerAction<ChangeStatus>,
    assign: ServerAction<AssignRequest>,
    auto: ServerAction<AutoAssignRequest>,
    comment: ServerAction<AddComment>,
    urgency: ServerAction<SetUrgent>,
) -> impl IntoView {
    let title = format!("{} · {}", r.number, r.title);
    let location = match (&r.building, &r.apartment) {
        (Some(b), Some(a)) => Some(format!("{}, {} {a}", b.name, tr!("apartment-short"))),
        (Some(b), None) => Some(b.name.clone()),
        _ => None,
    };
    view! {
        <Title text=title />
        <div class="page-head request-head" id="request-head">
            <div>
                <p class="muted"><a href="/requests">{move || tr!("nav-requests")}</a> " / " {r.number.clone()}</p>
                <h1>{r.title.clone()}</h1>
                <div class="badges">
                    <StatusBadge status=r.status.clone() />
                    <PriorityBadge priority=r.priority />
                    {r.urgent.then(|| view! { <UrgentBadge /> })}
                </div>
            </div>
        </div>
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" id="request-facts">
                    <h2>{move || tr!("detail-description")}</h2>
                    {if r.description.is_empty() {
                        view! { <p class="muted">{move || tr!("detail-no-description")}</p> }.into_any()
                    } else {
                        view! { <p class="prewrap">{r.description.clone()}</p> }.into_any()
                    }}
                    <dl class="facts">
                        <dt>{move || tr!("col-category")}</dt>
                        <dd>{r.category.as_ref().map(|c| c.name.clone()).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || tr!("col-location")}</dt>
                        <dd>{location.unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || tr!("detail-contact")}</dt>
                        <dd>{r.contact.as_ref().map(|c| match &c.phone {
                            Some(p) => view! { <span>{c.name.clone()} " · " <a href=format!("tel:{p}")>{p.clone()}</a></span> }.into_any(),
                            None => view! { <span>{c.name.clone()}</span> }.into_any(),
                        })}</dd>
                        <dt>{move || tr!("col-channel")}</dt>
                        <dd>{tr_dyn(&format!("channel-{}", r.channel.as_str()))}</dd>
                        <dt>{move || tr!("col-created")}</dt>
                        <dd><Time at=r.created_at /></dd>
                        {r.closed_at.map(|c| view! {
                            <dt>{move || tr!("detail-closed")}</dt>
                            <dd><Time at=c /></dd>
                        })}
                        {r.external_id.clone().map(|e| view! {
                            <dt>{move || tr!("detail-external-id")}</dt>
                            <dd><code>{e}</code></dd>
                        })}
                    </dl>
                </section>
                <Comments r=r.clone() comment=comment />
                <Attachments r=r.clone() />
                {sla.clone().map(|v| view! { <SlaExplain view=v /> })}
                <Timeline events=r.events.clone() />
            </div>
            <aside class="detail-side">
                {sla.map(|v| view! { <SlaPanel view=v /> })}
                <StatusPanel r=r.clone() action=change_status />
                <AssignPanel r=r.clone() assignees=assignees action=assign auto=auto />
                {r.can.assign.then(|| view! { <UrgencyToggle id=r.id urgent=r.urgent action=urgency /> })}
            </aside>
        </div>
    }
}

/// In islands mode the page is the server's: a change of request `id` on the live stream brings
/// its parts that hold no form again.
fn live_regions(id: i64) -> impl IntoView {
    #[cfg(feature = "islands")]
    {
        let regions = [
            "request-head",
            "request-facts",
            "comments-list",
            "attachments-list",
            "sla-panel",
            "sla-explain",
            "timeline",
        ];
        let regions = regions.map(String::from).to_vec();
        view! { <crate::ui::islands::LiveRegions regions=regions request=id /> }
    }
    #[cfg(not(feature = "islands"))]
    let _ = id;
}

/// The answer of an action as a banner (errors) or nothing.
fn action_banner<T, V>(value: V) -> impl Fn() -> Option<AnyView>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(e)) => {
                let text = match e {
                    AppError::Validation { fields } => fields
                        .iter()
                        .map(|f| field_message(&f.code))
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => message(other),
                };
                Some(
                    view! { <div class="alert error" role="alert" data-code=e.code()>{text}</div> }
                        .into_any(),
                )
            }
            _ => None,
        })
    }
}

#[component]
fn StatusPanel(r: RequestDetail, action: ServerAction<ChangeStatus>) -> impl IntoView {
    let banner = action_banner(action.value());
    if !r.can.change_status {
        return view! { <span></span> }.into_any();
    }
    let needs_comment = r.next_statuses.iter().any(|s| s.requires_comment);
    view! {
        <section class="card">
            <h2>{move || tr!("detail-change-status")}</h2>
            {banner}
            {if r.next_statuses.is_empty() {
                view! { <p class="muted">{move || tr!("detail-no-transitions")}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=action attr:class="stack">
                        <input type="hidden" name="id" value=r.id.to_string() />
                        <input type="hidden" name="version" value=r.version.to_string() />
                        <label for="status_id" class="sr-only">{move || tr!("col-status")}</label>
                        <select id="status_id" name="status_id">
                            {r.next_statuses.iter().map(|s| {
                                let mut label = s.name.clone();
                                if s.requires_comment { label.push_str(" *"); }
                                view! { <option value=s.id.to_string()>{label}</option> }
                            }).collect_view()}
                        </select>
                        {needs_comment.then(|| view! {
                            <label for="status-comment">{move || tr!("detail-status-comment")}</label>
                            <textarea id="status-comment" name="comment" rows="2"></textarea>
                        })}
                        <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                            {move || tr!("detail-apply-status")}
                        </button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn AssignPanel(
    r: RequestDetail,
    assignees: Vec<AssigneeOption>,
    action: ServerAction<AssignRequest>,
    auto: ServerAction<AutoAssignRequest>,
) -> impl IntoView {
    let banner = action_banner(action.value());
    let auto_banner = action_banner(auto.value());
    let current = r.assignee.as_ref().map(|a| a.id);
    let can_auto = r.can.assign && r.assignee.is_none() && r.closed_at.is_none();
    let queued_at = r.queued_at.filter(|_| r.assignee.is_none());
    view! {
        <section class="card">
            <h2>{move || tr!("col-assignee")}</h2>
            <p class="assignee-now">
                {match &r.assignee {
                    Some(a) => view! { <strong>{a.name.clone()}</strong> }.into_any(),
                    None => view! { <span class="muted">{move || tr!("unassigned")}</span> }.into_any(),
                }}
            </p>
            {queued_at.map(|at| view! {
                <p class="alert warning" role="status" data-testid="queued">
                    {move || tr!("detail-queued")} " " <Time at=at />
                </p>
            })}
            {banner}
            {auto_banner}
            {can_auto.then(|| view! {
                <ActionForm action=auto attr:class="stack">
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <button type="submit" class="btn" data-testid="auto-assign" disabled=move || auto.pending().get()>
                        {move || tr!("detail-auto-assign")}
                    </button>
                </ActionForm>
            })}
            {r.can.assign.then(|| view! {
                <ActionForm action=action attr:class="stack">
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <input type="hidden" name="version" value=r.version.to_string() />
                    <label for="assignee_id" class="sr-only">{move || tr!("col-assignee")}</label>
                    <select id="assignee_id" name="assignee_id">
                        <option value="" selected=current.is_none()>{move || tr!("unassigned")}</option>
                        {assignees.iter().filter(|a| a.active || Some(a.id) == current).map(|a| {
                            let full = i64::from(a.max_load) <= a.open;
                            let label = format!(
                                "{} · {}/{}{}",
                                a.name,
                                a.open,
                                a.max_load,
                                a.team.as_ref().map(|t| format!(" · {t}")).unwrap_or_default()
                            );
                            view! { <option value=a.id.to_string() selected=Some(a.id) == current class:full=full>{label}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="btn" disabled=move || action.pending().get()>
                        {move || tr!("detail-assign")}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
pub(crate) fn Comments(r: RequestDetail, comment: ServerAction<AddComment>) -> impl IntoView {
    let banner = action_banner(comment.value());
    let count = r.comments.len();
    view! {
        <section class="card" id="comments">
            <div id="comments-list">
            <h2>{move || tr!("detail-comments")} <span class="muted">{format!(" {count}")}</span></h2>
            {if r.comments.is_empty() {
                view! { <p class="muted">{move || tr!("detail-no-comments")}</p> }.into_any()
            } else {
                view! {
                    <ul class="comments">
                        {r.comments.iter().map(|c| view! {
                            <li>
                                <div class="meta">
                                    <strong>{c.author.clone().unwrap_or_else(|| "—".into())}</strong>
                                    <span class="muted"><Time at=c.created_at /></span>
                                </div>
                                <p class="prewrap">{c.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            </div>
            {r.can.comment.then(|| view! {
                {banner}
                <ActionForm action=comment attr:class="stack">
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <label for="comment-body" class="sr-only">{move || tr!("detail-add-comment")}</label>
                    <textarea id="comment-body" name="body" rows="3" maxlength="5000"
                        placeholder=move || tr!("detail-comment-placeholder")></textarea>
                    <button type="submit" class="btn" disabled=move || comment.pending().get()>
                        {move || tr!("detail-add-comment")}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Attachments(r: RequestDetail) -> impl IntoView {
    let query = use_query_map();
    let upload_error = move || query.read().get("upload_error");
    let action = format!("/requests/{}/attachments", r.id);
    view! {
        <section class="card" id="attachments">
            <div id="attachments-list">
            <h2>{move || tr!("detail-attachments")}</h2>
            {if r.attachments.is_empty() {
                view! { <p class="muted">{move || tr!("detail-no-attachments")}</p> }.into_any()
            } else {
                view! {
                    <ul class="files">
                        {r.attachments.iter().map(|a| {
                            let href = format!("/files/{}", a.id);
                            let is_image = a.content_type.starts_with("image/");
                            view! {
                                <li>
                                    {is_image.then(|| view! { <img src=href.clone() alt="" loading="lazy" class="thumb" /> })}
                                    <a href=href rel="external" target="_blank">{a.file_name.clone()}</a>
                                    <span class="muted small">{file_size(a.size)} " · " <Time at=a.created_at /></span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            </div>
            {r.can.comment.then(|| view! {
                {move || upload_error().map(|code| view! { <div class="alert error" role="alert">{field_message(&code)}</div> })}
                <form method="post" action=action.clone() enctype="multipart/form-data" class="upload">
                    <label for="file" class="sr-only">{move || tr!("detail-attach")}</label>
                    <input id="file" type="file" name="file" required accept="image/*,application/pdf,.txt,.csv,.docx,.xlsx" />
                    <button type="submit" class="btn">{move || tr!("detail-attach")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Timeline(events: Vec<EventView>) -> impl IntoView {
    view! {
        <section class="card" id="timeline">
            <h2>{move || tr!("detail-timeline")}</h2>
            <ol class="timeline">
                {events.into_iter().rev().map(|e| {
                    let late = (e.recorded_at - e.at).num_minutes() > 5;
                    let recorded = local_time(e.recorded_at);
                    view! {
                        <li class=format!("ev {}", kind_class(&e.what))>
                            <div class="when"><Time at=e.at /></div>
                            <div class="what">
                                {describe(&e.what)}
                                {reason_of(&e.what).map(|r| view! { <Reason r=r /> })}
                                <span class="muted small block">
                                    {e.actor.clone().unwrap_or_else(|| tr!("actor-system"))}
                                    {late.then(|| view! { " · " <span class="late" title=recorded.clone()>{tr_arg("event-late", "at", recorded.clone())}</span> })}
                                </span>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

fn kind_class(w: &EventWhat) -> &'static str {
    match w {
        EventWhat::Created { .. } => "created",
        EventWhat::StatusChanged { .. } => "status",
        EventWhat::Assigned { .. } => "assigned",
        EventWhat::PriorityChanged { .. } | EventWhat::UrgencyChanged { .. } => "priority",
        EventWhat::Commented { .. } => "comment",
        EventWhat::Attached { .. } => "attached",
        EventWhat::Queued { .. } => "queued",
    }
}

fn reason_of(w: &EventWhat) -> Option<AutoReason> {
    match w {
        EventWhat::Assigned { auto, .. } => auto.clone(),
        EventWhat::Queued { reason } => reason.clone(),
        _ => None,
    }
}

/// The candidates of an automatic assignment: weight, load, chance, and why not.
#[component]
fn Reason(r: AutoReason) -> impl IntoView {
    let strategy = tr_dyn(&format!("strategy-{}", r.strategy));
    view! {
        <details class="reason">
            <summary>{tr_arg("event-auto-why", "strategy", strategy)}</summary>
            <table class="reason-table">
                <thead>
                    <tr>
                        <th>{tr!("field-name")}</th>
                        <th class="num">{tr!("distribution-weight")}</th>
                        <th class="num">{tr!("distribution-load")}</th>
                        <th class="num">{tr!("distribution-chance")}</th>
                    </tr>
                </thead>
                <tbody>
                    {r.candidates.into_iter().map(|c| {
                        let note = c.unavailable.as_deref().map(|u| tr_dyn(&format!("distribution-unavailable-{u}")));
                        view! {
                            <tr class:chosen=c.chosen>
                                <td>{c.name.clone()} {note.map(|n| view! { <span class="tag">{n}</span> })}</td>
                                <td class="num">{c.weight}</td>
                                <td class="num">{format!("{}/{}", c.load, c.max_load)}</td>
                                <td class="num">{format!("{:.0} %", c.share * 100.0)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

fn describe(w: &EventWhat) -> String {
    let dash = || "—".to_string();
    match w {
        EventWhat::Created { status } => tr_arg(
            "event-created",
            "status",
            status.clone().unwrap_or_else(dash),
        ),
        EventWhat::StatusChanged { from, to } => format!(
            "{} {} → {}",
            tr!("event-status"),
            from.clone().unwrap_or_else(dash),
            to.clone().unwrap_or_else(dash)
        ),
        EventWhat::Assigned {
            to: Some(to),
            auto: Some(_),
            ..
        } => tr_arg("event-auto-assigned", "name", to.clone()),
        EventWhat::Assigned { to: Some(to), .. } => tr_arg("event-assigned", "name", to.clone()),
        EventWhat::Assigned { to: None, .. } => tr!("event-unassigned"),
        EventWhat::PriorityChanged { to } => tr_arg(
            "event-priority",
            "priority",
            tr_dyn(&format!("priority-{}", to.as_str())),
        ),
        EventWhat::UrgencyChanged {
            urgent: true,
            rule: Some(rule),
        } => tr_arg("event-urgent-rule", "rule", rule.clone()),
        EventWhat::UrgencyChanged {
            urgent: true,
            rule: None,
        } => tr!("event-urgent-on"),
        EventWhat::UrgencyChanged { urgent: false, .. } => tr!("event-urgent-off"),
        EventWhat::Commented { excerpt } => format!("{}: «{excerpt}»", tr!("event-commented")),
        EventWhat::Attached { file_name } => tr_arg("event-attached", "file", file_name.clone()),
        EventWhat::Queued { .. } => tr!("event-queued"),
    }
}

/// A person marks the request urgent, or clears it (rules no longer decide after that).
#[component]
fn UrgencyToggle(id: i64, urgent: bool, action: ServerAction<SetUrgent>) -> impl IntoView {
    view! {
        <section class="card">
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="urgent" value=(!urgent).to_string() />
                <button type="submit" class="btn" class:danger=!urgent disabled=move || action.pending().get()>
                    {if urgent { tr!("urgency-clear") } else { tr!("urgency-mark") }}
                </button>
            </ActionForm>
        </section>
    }
}
