//! The kanban board (`/board`): a pipeline's statuses as columns under their stages, cards
//! moved by pointer (mouse, touch, pen), by keyboard or, without JavaScript, by a form on the
//! card. A move shows at once and is undone with the server's reason when it is refused.

mod card;
mod column;
mod moves;

use crate::api::board::{SetWipLimits, get_board};
use crate::api::requests::{BulkUpdate, ChangeStatus};
use crate::i18n::tr_dyn;
use crate::model::{BoardView, Dictionaries, Lane, RequestFilter};
use crate::pages::requests::{BulkForm, Filters, Outcomes};
use crate::ui::error::ErrorBanner;
use crate::ui::error::detailed_message;
use crate::ui::sla::WithCalendars;
use column::Column;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};
use moves::Moves;
use std::sync::Arc;

#[component]
pub fn BoardPage() -> impl IntoView {
    let location = use_location();
    let query = move || location.search.get().trim_start_matches('?').to_string();
    let params = use_query_map();
    let lane = Memo::new(move |_| params.read().get("lane").and_then(|l| Lane::parse(&l)));
    // The URL (pipeline, filters, lanes) loads a board; the server renders it.
    let board = Resource::new(query, get_board);
    let dicts = crate::pages::requests::dictionaries();
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
                        <Filters filter=f dicts=d action="/board" keep=keep board=true />
                    })
                })
            }}
        </Suspense>
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || {
                let q = query();
                Suspend::new(async move {
                    match board.await {
                        Ok(b) => {
                            let bulk = if can_bulk { dicts.await.ok() } else { None };
                            view! { <LiveBoard board=b query=q lane=lane.get_untracked() bulk=bulk /> }.into_any()
                        }
                        Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The URL's query the board was loaded with (its links keep it).
#[derive(Clone)]
struct BoardQuery(String);

/// The board as it changes (in islands mode, an island): other people's changes, this page's
/// own moves and forms fetch the board again and update the cards in place. The board is not
/// rendered anew, so a focused card or a card being dragged stays what it is. With `bulk`'s
/// pickers, the bulk form for the ticked cards.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn LiveBoard(
    board: BoardView,
    query: String,
    lane: Option<Lane>,
    bulk: Option<Dictionaries>,
) -> impl IntoView {
    provide_context(BoardQuery(query.clone()));
    let live = crate::ui::live::use_live();
    let moves = Moves::new();
    let form_move = ServerAction::<ChangeStatus>::new();
    let limits = ServerAction::<SetWipLimits>::new();
    let bulk_action = ServerAction::<BulkUpdate>::new();
    // A bulk change done: the ticks have served.
    Effect::new(move |_| {
        if matches!(bulk_action.value().get(), Some(Ok(_))) {
            moves.selected.set(Default::default());
        }
    });
    let fresh = Fresh::follow(
        move || {
            if let Some(l) = live {
                l.requests.track();
            }
            moves.reload.track();
            form_move.version().track();
            limits.version().track();
            bulk_action.version().track();
        },
        query,
        moves,
    );
    moves.settle();
    let calendars = board.calendars.clone();
    let data = fresh.over(board);
    view! {
        {bulk.map(|d| view! { <BulkForm action=bulk_action assignees=d.assignees statuses=d.statuses /> })}
        <Outcomes action=bulk_action />
        <p class="sr-only" role="status" aria-live="assertive" data-testid="board-announce">{move || moves.announce.get()}</p>
        {move || moves.error.get().map(|m| view! { <div class="alert error" role="alert" data-testid="board-error">{m}</div> })}
        <WithCalendars calendars=calendars>
            <Board data=data lane=lane moves=moves form_move=form_move limits=limits />
        </WithCalendars>
    }
}

/// A board fetched again after the page loaded it, by the order it was asked for in.
#[derive(Clone)]
struct Fetched {
    seq: u64,
    board: Arc<BoardView>,
}

impl PartialEq for Fetched {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}

/// The newest board fetched since the page's load, as the cards show it: held while a card is
/// being dragged, so nothing changes under the pointer until the drop.
#[derive(Clone, Copy)]
struct Fresh {
    shown: Memo<Option<Fetched>>,
}

impl Fresh {
    /// Fetches the board (for `query`) each time `trigger` changes after its first run; a
    /// slower answer never replaces a newer one.
    fn follow(trigger: impl Fn() + Send + Sync + 'static, query: String, moves: Moves) -> Self {
        let newest = RwSignal::new(None::<Fetched>);
        let asked = StoredValue::new(0u64);
        Effect::new(move |first: Option<()>| {
            trigger();
            if first.is_none() {
                return;
            }
            let seq = asked.with_value(|n| n + 1);
            asked.set_value(seq);
            let q = query.clone();
            leptos::task::spawn_local(async move {
                let res = get_board(q).await;
                // Not when the board has left the page meanwhile, nor over a newer answer.
                let current = newest
                    .try_with_untracked(|n| n.as_ref().is_none_or(|n| n.seq < seq))
                    .unwrap_or(false);
                match res {
                    Ok(b) if current => newest.set(Some(Fetched {
                        seq,
                        board: Arc::new(b),
                    })),
                    Err(e) if current => moves.error.set(Some(detailed_message(&e))),
                    _ => {}
                }
            });
        });
        let shown = Memo::new(move |prev: Option<&Option<Fetched>>| match prev {
            Some(p) if moves.drag.with(Option::is_some) => p.clone(),
            _ => newest.get(),
        });
        // Fresh data: the moves it shows need no override any more.
        Effect::new(move |_| {
            shown.track();
            moves.settle();
        });
        Self { shown }
    }

    /// The board the cards show: the page's load `b` or what was fetched after it.
    fn over(self, b: BoardView) -> Signal<Arc<BoardView>> {
        let loaded = Arc::new(b);
        let shown = self.shown;
        Signal::derive(move || {
            shown.with(|s| match s {
                Some(f) => f.board.clone(),
                None => loaded.clone(),
            })
        })
    }
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

/// The board's structure (pipelines, stages, columns) as loaded; the cards, the lanes and the
/// counts follow `data`.
#[component]
fn Board(
    data: Signal<Arc<BoardView>>,
    lane: Option<Lane>,
    moves: Moves,
    form_move: ServerAction<ChangeStatus>,
    limits: ServerAction<SetWipLimits>,
) -> impl IntoView {
    let loaded = data.get_untracked();
    let current = loaded.pipeline_id;
    // Lanes in order, from every card on the board (a move changes a card's column, not its lane).
    let lanes = move || -> Vec<(String, Option<String>)> {
        match lane {
            None => vec![(String::new(), None)],
            Some(l) => {
                let mut keys: Vec<(String, Option<String>)> = data.with(|b| {
                    b.columns()
                        .flat_map(|c| c.cards.iter().map(|r| l.of(r)))
                        .collect()
                });
                keys.sort();
                keys.dedup();
                keys
            }
        }
    };
    let columns: Vec<(i64, String, String)> = loaded
        .columns()
        .map(|c| (c.status.id, c.status.name.clone(), c.status.color.clone()))
        .collect();
    view! {
        {(loaded.pipelines.len() > 1).then(|| view! {
            <nav class="tabs" aria-label=move || tr!("sla-pipelines")>
                {loaded.pipelines.iter().map(|p| view! {
                    <a href=format!("/board?pipeline={}", p.id) aria-current=(p.id == current).then_some("page")>{p.name.clone()}</a>
                }).collect_view()}
            </nav>
        })}
        <div class="board-wrap">
            <div class="board" role="list" aria-label=move || tr!("board-title")>
                <div class="board-stages" role="presentation">
                    {loaded.stages.iter().map(|s| view! {
                        <div class="board-stage" style=format!("--stage:{};grid-column:span {}", s.color, s.columns.len().max(1))>
                            {s.name.clone()}
                        </div>
                    }).collect_view()}
                </div>
                <For each=lanes key=|(key, _)| key.clone() children=move |(key, label)| view! {
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
                        {columns.iter().map(|(id, name, color)| view! {
                            <Column status_id=*id name=name.clone() color=color.clone() data=data lane=lane
                                lane_key=lane.map(|_| key.clone()) moves=moves form_move=form_move limits=limits />
                        }).collect_view()}
                    </div>
                } />
            </div>
        </div>
    }
}
