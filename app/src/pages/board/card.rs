//! A card: number, title, category, place, assignee, priority, urgency, age and SLA clock.
//! Its handle drags it (pointer events: mouse, touch and pen alike) or moves it with the arrow
//! keys; without JavaScript a small form on the card moves it.

use super::moves::{Drag, Move, Moves};
use crate::api::requests::ChangeStatus;
use crate::model::{BoardView, RequestRow};
use crate::pages::requests::FORM_ID;
use crate::ui::badge::{PriorityBadge, UrgentBadge};
use crate::ui::sla::{SlaClock, duration};
use leptos::prelude::*;
use leptos_fluent::tr;
use std::sync::Arc;

/// Pixels the pointer must travel before a press becomes a drag.
const DRAG_START: f64 = 5.0;

#[component]
pub fn Card(
    r: RequestRow,
    /// The board the card was fetched with (read once: a changed card is a new card).
    board: Signal<Arc<BoardView>>,
    moves: Moves,
    form_move: ServerAction<ChangeStatus>,
) -> impl IntoView {
    let board = board.get_untracked();
    let id = r.id;
    let from = r.status.id;
    let number = r.number.clone();
    let version = r.version;
    let can_move = board.can_move;
    let can_select = board.can_assign;
    let href = format!("/requests/{id}");
    let place = match (&r.building, &r.apartment) {
        (Some(b), Some(a)) => Some(format!("{b}, {} {a}", tr!("apartment-short"))),
        (Some(b), None) => Some(b.clone()),
        _ => None,
    };
    let age = duration((chrono::Utc::now() - r.created_at).num_seconds());
    // The columns in board order, and the allowed next statuses (for the form).
    let columns: Vec<(i64, String)> = board
        .columns()
        .map(|c| (c.status.id, c.status.name.clone()))
        .collect();
    let next: Vec<(i64, String)> = columns
        .iter()
        .filter(|(to, _)| board.allowed(from, *to))
        .cloned()
        .collect();
    let name_of = {
        let columns = columns.clone();
        move |s: i64| {
            columns
                .iter()
                .find(|(id, _)| *id == s)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        }
    };
    let go = {
        let number = number.clone();
        let name_of = name_of.clone();
        move |to: i64| {
            moves.go(Move {
                id,
                number: number.clone(),
                version,
                from: moves.status_of(id, from),
                to,
                to_name: name_of(to),
            })
        }
    };

    let dragging = move || {
        moves
            .drag
            .with(|d| d.is_some_and(|d| d.id == id && d.active))
    };
    let style = move || {
        moves.drag.with(|d| match d {
            Some(d) if d.id == id && d.active => {
                format!("transform:translate({}px,{}px)", d.delta.0, d.delta.1)
            }
            _ => String::new(),
        })
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if !can_move || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        capture(&ev);
        let start = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        moves.drag.set(Some(Drag {
            id,
            from: moves.status_of(id, from),
            start,
            delta: (0.0, 0.0),
            over: None,
            active: false,
        }));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        moves.drag.update(|d| {
            if let Some(d) = d.as_mut().filter(|d| d.id == id) {
                d.delta = (x - d.start.0, y - d.start.1);
                d.active |= d.delta.0.hypot(d.delta.1) > DRAG_START;
                d.over = column_at(x, y);
            }
        });
    };
    let on_up = {
        let go = go.clone();
        move |_ev: leptos::ev::PointerEvent| {
            let Some(d) = moves.drag.get_untracked().filter(|d| d.id == id) else {
                return;
            };
            moves.drag.set(None);
            if let (true, Some(to)) = (d.active, d.over) {
                go(to);
            }
        }
    };
    let on_cancel = move |_ev: leptos::ev::PointerEvent| moves.drag.set(None);
    // The pointer let go without an `up` here (the window lost it, say): no drag holds the
    // board's updates any more.
    let on_lost = move |_ev: leptos::ev::PointerEvent| {
        if moves.drag.with_untracked(|d| d.is_some_and(|d| d.id == id)) {
            moves.drag.set(None);
        }
    };
    let on_key = {
        let go = go.clone();
        let columns = columns.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let step = match ev.key().as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => -1,
                _ => return,
            };
            ev.prevent_default();
            let now = moves.status_of(id, from);
            let Some(i) = columns.iter().position(|(s, _)| *s == now) else {
                return;
            };
            let j = i as i64 + step;
            if let Some((to, _)) = usize::try_from(j).ok().and_then(|j| columns.get(j)) {
                go(*to);
            }
        }
    };
    // A card rendered anew (moved to another column, or changed) whose handle had the focus
    // takes it back when nothing else has it.
    let handle = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(el) = handle.get()
            && moves.focused.get_value() == Some(id)
            && document()
                .active_element()
                .is_none_or(|a| a.tag_name() == "BODY")
        {
            let _ = el.focus();
        }
    });
    let handle_label = format!("{} {number}", tr!("board-move"));
    view! {
        <li class="card board-card" class:dragging=dragging class:pending=move || moves.is_pending(id)
            class:urgent=r.urgent style=style data-request=id.to_string()>
            <div class="card-top">
                {can_select.then(|| view! {
                    <input type="checkbox" class="select" form=FORM_ID name=format!("form[sel_{id}]") value="on"
                        aria-label=format!("{} {number}", tr!("bulk-select"))
                        prop:checked=move || moves.selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            moves.selected.update(|s| {
                                if on { s.insert(id); } else { s.remove(&id); }
                            });
                        } />
                })}
                <a class="num" href=href.clone()>{number.clone()}</a>
                // The badges wrap among themselves, so the handle keeps its place on the first line.
                <span class="card-badges">
                    {r.urgent.then(|| view! { <UrgentBadge /> })}
                    <PriorityBadge priority=r.priority />
                </span>
                {can_move.then(|| view! {
                    <button type="button" class="handle" node_ref=handle aria-label=handle_label.clone()
                        on:focus=move |_| moves.focused.set_value(Some(id))
                        title=move || tr!("board-move-hint")
                        on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                        on:pointercancel=on_cancel on:lostpointercapture=on_lost on:keydown=on_key>"⠿"</button>
                })}
            </div>
            <a class="title" href=href>{r.title.clone()}</a>
            <p class="meta muted small">
                {[r.category.clone(), place].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
            </p>
            <div class="card-bottom">
                <span class="assignee">
                    {match r.assignee.clone() {
                        Some(a) => view! { <span>{a}</span> }.into_any(),
                        None => view! { <span class="muted">{move || tr!("unassigned")}</span> }.into_any(),
                    }}
                </span>
                <span class="age muted small" title=move || tr!("board-age")>{age}</span>
            </div>
            {r.sla.clone().map(|b| view! {
                <div class="card-sla">
                    <SlaClock target=b.target computed_at=b.computed_at near=b.near />
                </div>
            })}
            {(can_move && !next.is_empty()).then(|| view! {
                <details class="move">
                    <summary>{move || tr!("board-move")}</summary>
                    <ActionForm action=form_move attr:class="stack">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="version" value=version.to_string() />
                        <select name="status_id" aria-label=move || tr!("col-status")>
                            {next.iter().map(|(s, n)| view! { <option value=s.to_string()>{n.clone()}</option> }).collect_view()}
                        </select>
                        <input name="comment" maxlength="2000" placeholder=move || tr!("bulk-comment") aria-label=move || tr!("bulk-comment") />
                        <button type="submit" class="btn">{move || tr!("board-move-apply")}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// Keeps the pointer's events on the handle while dragging (also when it leaves the card).
fn capture(ev: &leptos::ev::PointerEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

/// The status of the column under the point, if any.
fn column_at(x: f64, y: f64) -> Option<i64> {
    use wasm_bindgen::JsCast;
    let doc = web_sys::window()?.document()?;
    let cols = doc.query_selector_all(".board-col[data-status]").ok()?;
    (0..cols.length()).find_map(|i| {
        let el = cols.item(i)?.dyn_into::<web_sys::Element>().ok()?;
        let r = el.get_bounding_client_rect();
        (x >= r.left() && x <= r.right() && y >= r.top() && y <= r.bottom())
            .then(|| el.get_attribute("data-status")?.parse().ok())
            .flatten()
    })
}
