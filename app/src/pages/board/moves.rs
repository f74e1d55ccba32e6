//! Moves on the board: shown at once (an override of the card's status), sent to the server,
//! undone with the server's reason when it refuses; announced for screen readers.

use crate::error::AppError;
use crate::i18n::tr_arg;
use crate::ui::error::detailed_message;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// A card being dragged: where the pointer started, how far it went, which column it is over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drag {
    pub id: i64,
    pub from: i64,
    pub start: (f64, f64),
    pub delta: (f64, f64),
    pub over: Option<i64>,
    /// Past a few pixels: a drag, not a click.
    pub active: bool,
}

/// What the user asked to move, and to where.
#[derive(Debug, Clone)]
pub struct Move {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub from: i64,
    pub to: i64,
    pub to_name: String,
}

#[derive(Clone, Copy)]
pub struct Moves {
    /// Request id → the status it shows in until the server has answered.
    overrides: RwSignal<HashMap<i64, i64>>,
    /// Requests whose move is on its way.
    pending: RwSignal<HashSet<i64>>,
    pub drag: RwSignal<Option<Drag>>,
    pub announce: RwSignal<String>,
    pub error: RwSignal<Option<String>>,
    /// Bumped to load the board again.
    pub reload: RwSignal<u32>,
    /// Cards ticked for a bulk change (kept while the board reloads under them).
    pub selected: RwSignal<HashSet<i64>>,
    /// The card whose handle had the keyboard focus last: a move renders it in its new
    /// column, and it takes the focus back there.
    pub focused: StoredValue<Option<i64>>,
    /// Request id → its version after this page's last move of it (the board may not have
    /// fetched it yet: the next move must not be taken for a conflict).
    versions: StoredValue<HashMap<i64, i64>>,
}

impl Moves {
    pub fn new() -> Self {
        Self {
            overrides: RwSignal::new(HashMap::new()),
            pending: RwSignal::new(HashSet::new()),
            drag: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            reload: RwSignal::new(0),
            selected: RwSignal::new(HashSet::new()),
            focused: StoredValue::new(None),
            versions: StoredValue::new(HashMap::new()),
        }
    }

    /// Whether a card is being dragged (past the click threshold).
    pub fn dragging(self) -> bool {
        self.drag.with(|d| d.is_some_and(|d| d.active))
    }

    /// The status a card shows in now.
    pub fn status_of(self, id: i64, loaded: i64) -> i64 {
        self.overrides
            .with(|o| o.get(&id).copied().unwrap_or(loaded))
    }

    /// The card's version: as fetched, or as this page's last move of it left it.
    pub fn version_of(self, id: i64, fetched: i64) -> i64 {
        self.versions
            .with_value(|v| v.get(&id).copied())
            .map_or(fetched, |v| v.max(fetched))
    }

    /// Whether a move of this card is on its way.
    pub fn is_pending(self, id: i64) -> bool {
        self.pending.with(|p| p.contains(&id))
    }

    /// Fresh board data has arrived: only moves still on their way keep their override.
    pub fn settle(self) {
        let pending = self.pending.get_untracked();
        self.overrides
            .update_untracked(|o| o.retain(|id, _| pending.contains(id)));
    }

    /// Moves a card: at once on screen, then on the server.
    pub fn go(self, m: Move) {
        if m.from == m.to {
            return;
        }
        self.error.set(None);
        self.overrides.update(|o| {
            o.insert(m.id, m.to);
        });
        self.pending.update(|p| {
            p.insert(m.id);
        });
        self.announce.set(format!("{} → {}", m.number, m.to_name));
        leptos::task::spawn_local(async move {
            let version = self.version_of(m.id, m.version);
            let res = crate::api::requests::change_status(m.id, m.to, None, Some(version)).await;
            self.pending.update(|p| {
                p.remove(&m.id);
            });
            match res {
                Ok(version) => {
                    self.versions.update_value(|v| {
                        v.insert(m.id, version);
                    });
                    self.announce.set(format!(
                        "{}: {}",
                        m.number,
                        tr_arg("board-moved", "status", m.to_name.clone())
                    ));
                    self.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    self.overrides.update(|o| {
                        o.remove(&m.id);
                    });
                    let text = format!("{}: {}", m.number, detailed_message(&e));
                    self.announce.set(text.clone());
                    self.error.set(Some(text));
                    if matches!(e, AppError::Conflict) {
                        // Someone else changed it: show the current state.
                        self.reload.update(|n| *n += 1);
                    }
                }
            }
        });
    }
}
