//! The kanban board (`/board`): a pipeline's statuses as columns under their stages, cards
//! moved by pointer (mouse, touch, pen), by keyboard or, without JavaScript, by a form on the
//! card. A move shows at once and is undone with the server's reason when it is refused.

mod card;
mod column;
mod moves;

use crate::api::board::{SetWipLimits, get_board};
use crate::api::requests::{BulkUpdate, ChangeStatus, get_dictionaries};
use crate::i18n::tr_dyn;
use crate::model::{BoardView, Lane, RequestFilter};
use crate::pages::requests::{BulkBar, BulkResult, Filters};
use crate::ui::error::ErrorBanner;
use column::Column;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use moves::Moves;

#[component]
pub fn BoardPage() -> impl IntoView {
    let location = use_location();
    let query = move || location.search.get().trim_start_matches('?').to_string();
    let params = use_query_map();
    let lane = Memo::new(move |_| params.read().get("lane").and_then(|l| Lane::parse(&l)));
    let live = crate::ui::live::use_live();
    let moves = Moves::new();
    let form_move = ServerAction::<ChangeStatus>::new();
    let limits = ServerAction::<SetWipLimits>::new();
    let bulk = ServerAction::<BulkUpdate>::new();
    // Other people's changes reload the board, but not under a card being dragged: they wait
    // until it is dropped.
    let live_tick = Memo::new(move |prev: Option<&u64>| match prev {
        Some(p) if moves.dragging() => *p,
        _ => live.map_or(0, |l| l.requests.get()),
    });
    // A bulk change done: the ticks have served.
    Effect::new(move |_| {
        if matches!(bulk.value().get(), Some(Ok(_))) {
            moves.selected.set(Default::default());
        }
    });
    let board = Resource::new(
        move || {
            (
                query(),
                live_tick.get(),
                moves.reload.get(),
                form_move.version().get(),
                limits.version().get(),
                bulk.version().get(),
            )
        },
        move |(q, ..)| async move {
            let b = get_board(q).await;
            // Fresh data renders the cards anew: not under a card being dragged (the pointer
            // would lose it), so a refresh already under way when a drag starts waits for the
            // drop (up to 10 s).
            for _ in 0..200 {
                if moves
                    .drag
                    .try_with_untracked(Option::is_none)
                    .unwrap_or(true)
                {
                    break;
                }
                pause(50).await;
            }
            b
        },
    );
    let dicts = Resource::new(|| (), |_| get_dictionaries());
    let can_bulk = crate::ui::format::use_me().is_some_and(|m| m.role.can_assign());
    let title = tr!("board-title");
    view! {
        <Title text=title />
        <div class="page-head">
            <h1>{move || tr!("board-title")}</h1>
            <LaneSwitch lane=lane />
        </div>
        <Suspense fallback=|| ()>
            {move || {
                let q = query();
                let f = RequestFilter::from_query(&q);
                let keep: Vec<(&'static str, String)> = ["pipeline", "lane"]
                    .into_iter()
                    .filter_map(|k| params.read().get(k).map(|v| (k, v)))
                    .collect();
                Suspend::new(async move {
                    dicts.await.ok().map(|d| view! {
                        <Filters filter=f dicts=d.clone() action="/board" keep=keep board=true />
                        {can_bulk.then(|| view! { <BulkBar action=bulk dicts=d /> })}
                    })
                })
            }}
        </Suspense>
        <BulkResult action=bulk />
        <p class="sr-only" role="status" aria-live="assertive" data-testid="board-announce">{move || moves.announce.get()}</p>
        {move || moves.error.get().map(|m| view! { <div class="alert error" role="alert" data-testid="board-error">{m}</div> })}
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(b) => {
                        moves.settle();
                        view! { <Board b=b lane=lane.get() moves=moves form_move=form_move limits=limits /> }.into_any()
                    }
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Resolves after `ms` milliseconds in the browser; at once on the server.
async fn pause(ms: u64) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::{Arc, Mutex};
        use std::task::{Poll, Waker};
        let state: Arc<Mutex<(bool, Option<Waker>)>> = Arc::default();
        let timer = state.clone();
        set_timeout(
            move || {
                if let Ok(mut s) = timer.lock() {
                    s.0 = true;
                    if let Some(w) = s.1.take() {
                        w.wake();
                    }
                }
            },
            std::time::Duration::from_millis(ms),
        );
        std::future::poll_fn(move |cx| match state.lock() {
            Ok(mut s) if !s.0 => {
                s.1 = Some(cx.waker().clone());
                Poll::Pending
            }
            _ => Poll::Ready(()),
        })
        .await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ms;
}

/// Swimlanes: none or by assignee, building, category, priority (a link each, kept in the URL).
#[component]
fn LaneSwitch(lane: Memo<Option<Lane>>) -> impl IntoView {
    let location = use_location();
    let href = move |l: Option<Lane>| {
        let q = location.search.get();
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q.trim_start_matches('?')).unwrap_or_default();
        pairs.retain(|(k, _)| k != "lane" && k != "more");
        if let Some(l) = l {
            pairs.push(("lane".into(), l.as_str().into()));
        }
        let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if q.is_empty() {
            "/board".to_string()
        } else {
            format!("/board?{q}")
        }
    };
    view! {
        <nav class="tabs lanes" aria-label=move || tr!("board-lanes")>
            <a href=move || href(None) aria-current=move || lane.get().is_none().then_some("page")>{move || tr!("board-lane-none")}</a>
            {Lane::ALL.into_iter().map(|l| view! {
                <a href=move || href(Some(l)) aria-current=move || (lane.get() == Some(l)).then_some("page")>
                    {move || tr_dyn(&format!("board-lane-{}", l.as_str()))}
                </a>
            }).collect_view()}
        </nav>
    }
}

#[component]
fn Board(
    b: BoardView,
    lane: Option<Lane>,
    moves: Moves,
    form_move: ServerAction<ChangeStatus>,
    limits: ServerAction<SetWipLimits>,
) -> impl IntoView {
    let b = StoredValue::new(b);
    let pipelines = b.with_value(|b| b.pipelines.clone());
    let current = b.with_value(|b| b.pipeline_id);
    // Lanes in order, from every card on the board (a move changes a card's column, not its lane).
    let lanes: Vec<(String, Option<String>)> = match lane {
        None => vec![(String::new(), None)],
        Some(l) => {
            let mut keys: Vec<(String, Option<String>)> = b.with_value(|b| {
                b.columns()
                    .flat_map(|c| c.cards.iter().map(|r| l.of(r)))
                    .collect()
            });
            keys.sort();
            keys.dedup();
            keys
        }
    };
    let stages = b.with_value(|b| b.stages.clone());
    view! {
        {(pipelines.len() > 1).then(|| view! {
            <nav class="tabs" aria-label=move || tr!("sla-pipelines")>
                {pipelines.iter().map(|p| view! {
                    <a href=format!("/board?pipeline={}", p.id) aria-current=(p.id == current).then_some("page")>{p.name.clone()}</a>
                }).collect_view()}
            </nav>
        })}
        <div class="board-wrap">
            <div class="board" role="list" aria-label=move || tr!("board-title")>
                <div class="board-stages" role="presentation">
                    {stages.iter().map(|s| view! {
                        <div class="board-stage" style=format!("--stage:{};grid-column:span {}", s.color, s.columns.len().max(1))>
                            {s.name.clone()}
                        </div>
                    }).collect_view()}
                </div>
                {lanes.into_iter().map(|(key, label)| {
                    let lane_key = lane.map(|_| key.clone());
                    view! {
                        {lane.map(|l| view! {
                            <div class="board-lane-head">
                                {match (l, label) {
                                    (Lane::Priority, Some(p)) => tr_dyn(&format!("priority-{p}")),
                                    (_, Some(name)) => name,
                                    (_, None) => tr!("board-lane-empty"),
                                }}
                            </div>
                        })}
                        <div class="board-row" role="presentation">
                            {stages.iter().flat_map(|s| s.columns.clone()).map(|c| view! {
                                <Column column=c board=b lane=lane lane_key=lane_key.clone() moves=moves form_move=form_move limits=limits />
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}
