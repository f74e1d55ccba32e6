//! One column of the board (one status; in swimlane view, one cell of a lane).

use super::card::Card;
use super::moves::Moves;
use crate::api::board::SetWipLimits;
use crate::api::requests::ChangeStatus;
use crate::i18n::tr_arg;
use crate::model::{BoardView, Lane, RequestRow, over_limit};
use leptos::prelude::*;
use leptos_fluent::tr;
use std::sync::Arc;

#[component]
pub fn Column(
    status_id: i64,
    name: String,
    color: String,
    /// The board as last fetched: the cards, totals and limits follow it.
    data: Signal<Arc<BoardView>>,
    lane: Option<Lane>,
    /// This cell's lane key (`None`: no swimlanes).
    lane_key: Option<String>,
    moves: Moves,
    form_move: ServerAction<ChangeStatus>,
    limits: ServerAction<SetWipLimits>,
) -> impl IntoView {
    let in_lane = {
        let lane_key = lane_key.clone();
        move |r: &RequestRow| match (lane, &lane_key) {
            (Some(l), Some(k)) => l.key_is(r, k),
            _ => true,
        }
    };
    // Whether a loaded card shows here now (a card moved from another column included).
    let here = move |r: &RequestRow| moves.status_of(r.id, r.status.id) == status_id && in_lane(r);
    let cards = {
        let here = here.clone();
        move || -> Vec<RequestRow> {
            data.with(|b| {
                b.columns()
                    .flat_map(|c| c.cards.iter())
                    .filter(|r| here(r))
                    .cloned()
                    .collect()
            })
        }
    };
    // This column as last fetched: its total under the filter, cards loaded, limits.
    let fetched = move || {
        data.with(|b| {
            b.columns()
                .find(|c| c.status.id == status_id)
                .map(|c| (c.total, c.cards.len() as u64, c.wip_limit, c.lane_wip_limit))
                .unwrap_or_default()
        })
    };
    // The column's total, with the cards moved in or out since fetching.
    let total = move || {
        let base = fetched().0 as i64;
        data.with(|b| {
            let (mut into, mut out) = (0i64, 0i64);
            for r in b.columns().flat_map(|c| c.cards.iter()) {
                let now = moves.status_of(r.id, r.status.id);
                if now == status_id && r.status.id != status_id {
                    into += 1;
                } else if now != status_id && r.status.id == status_id {
                    out += 1;
                }
            }
            (base + into - out).max(0) as u64
        })
    };
    let cell_count = move || {
        data.with(|b| {
            b.columns()
                .flat_map(|c| c.cards.iter())
                .filter(|r| here(r))
                .count()
        })
    };
    let over = {
        let cell_count = cell_count.clone();
        move || {
            let (_, _, wip, lane_wip) = fetched();
            match lane {
                None => over_limit(total() as usize, wip),
                Some(_) => over_limit(cell_count(), lane_wip),
            }
        }
    };
    let limit_text = move || {
        let (_, _, wip, lane_wip) = fetched();
        match lane {
            None => wip,
            Some(_) => lane_wip,
        }
        .map(|l| format!(" / {l}"))
    };
    let drop_class = move || {
        moves.drag.with(|d| match d {
            Some(d) if d.active && d.over == Some(status_id) && d.from != status_id => {
                if data.with(|b| b.allowed(d.from, status_id)) {
                    "drop-ok"
                } else {
                    "drop-no"
                }
            }
            _ => "",
        })
    };
    let more = move || {
        let (total, shown, ..) = fetched();
        (lane.is_none() && total > shown).then_some(total - shown)
    };
    // The board's URL, showing all of this column's cards.
    let more_href = {
        let q = use_context::<super::BoardQuery>()
            .map(|q| q.0)
            .unwrap_or_default();
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q.trim_start_matches('?')).unwrap_or_default();
        pairs.retain(|(k, _)| k != "more");
        pairs.push(("more".into(), status_id.to_string()));
        format!(
            "/board?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let can_set_limits = data.with_untracked(|b| b.can_set_limits) && lane.is_none();
    let (wip, lane_wip) = untrack(move || {
        let (_, _, wip, lane_wip) = fetched();
        (wip, lane_wip)
    });
    let over_for_count = over.clone();
    let over_for_warning = over.clone();
    view! {
        <section class=move || format!("board-col {}", drop_class()) class:over=over
            data-status=status_id.to_string() aria-label=name.clone()>
            <header class="board-col-head">
                <span class="dot" style=format!("background:{color}")></span>
                <span class="name">{name.clone()}</span>
                <span class="count" class:over=over_for_count data-testid="wip">
                    {move || match lane {
                        None => total().to_string(),
                        Some(_) => cell_count().to_string(),
                    }}
                    {limit_text}
                </span>
            </header>
            {move || over_for_warning().then(|| view! {
                <p class="wip-warning" role="status">{tr!("board-wip-over")}</p>
            })}
            <ul class="cards">
                <For each=cards key=|r| (r.id, r.version) let:r>
                    <Card r=r board=data moves=moves form_move=form_move />
                </For>
            </ul>
            {move || more().map(|n| view! {
                <a class="more" href=more_href.clone()>{tr_arg("board-more", "count", n as i64)}</a>
            })}
            {can_set_limits.then(|| view! {
                <details class="wip-form">
                    <summary>{move || tr!("board-wip")}</summary>
                    <ActionForm action=limits attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="status_id" value=status_id.to_string() />
                        <label>
                            <span>{move || tr!("board-wip-column")}</span>
                            <input type="number" name="wip_limit" min="1" max="999" value=wip.map(|l| l.to_string()).unwrap_or_default() />
                        </label>
                        <label>
                            <span>{move || tr!("board-wip-lane")}</span>
                            <input type="number" name="lane_wip_limit" min="1" max="999" value=lane_wip.map(|l| l.to_string()).unwrap_or_default() />
                        </label>
                        <button type="submit" class="btn">{move || tr!("distribution-save")}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
    // Type-erased: the board's view type, nested this deep, is past the compiler's query depth
    // in the browser build.
    .into_any()
}
