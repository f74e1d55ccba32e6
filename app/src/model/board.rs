//! The kanban board: one pipeline, its statuses as columns grouped under their stages.

use super::{Named, RequestRow, StatusRef};
use serde::{Deserialize, Serialize};

/// Cards shown per column before "show more".
pub const COLUMN_CARDS: u32 = 30;
/// Cards of a column after "show more".
pub const COLUMN_CARDS_MORE: u32 = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: StatusRef,
    pub wip_limit: Option<u32>,
    pub lane_wip_limit: Option<u32>,
    /// Every request of the column under the filter (the cards are the first of them).
    pub total: u64,
    pub cards: Vec<RequestRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardStage {
    pub id: i64,
    pub name: String,
    pub color: String,
    pub columns: Vec<BoardColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardView {
    pub pipeline_id: i64,
    pub pipelines: Vec<Named>,
    pub stages: Vec<BoardStage>,
    /// Allowed moves: (from status, to status).
    pub transitions: Vec<(i64, i64)>,
    /// Calendars of the stages whose clocks run on the cards, by stage id.
    pub calendars: Vec<(i64, crate::domain::sla::calendar::Calendar)>,
    pub can_move: bool,
    pub can_set_limits: bool,
    /// Select cards for a bulk change (assign, status).
    #[serde(default)]
    pub can_assign: bool,
}

impl BoardView {
    pub fn columns(&self) -> impl Iterator<Item = &BoardColumn> {
        self.stages.iter().flat_map(|s| s.columns.iter())
    }

    pub fn allowed(&self, from: i64, to: i64) -> bool {
        self.transitions.contains(&(from, to))
    }
}

/// What swimlanes group cards by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    Assignee,
    Building,
    Category,
    Priority,
}

impl Lane {
    pub const ALL: [Lane; 4] = [
        Lane::Assignee,
        Lane::Building,
        Lane::Category,
        Lane::Priority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Assignee => "assignee",
            Lane::Building => "building",
            Lane::Category => "category",
            Lane::Priority => "priority",
        }
    }

    pub fn parse(s: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Whether the card's lane key (the first part of [`Lane::of`]) is `key`, without
    /// building it: a swimlane cell asks this of every card on the board.
    pub fn key_is(self, r: &RequestRow, key: &str) -> bool {
        match self {
            Lane::Assignee => r.assignee.as_deref().unwrap_or_default() == key,
            Lane::Building => r.building.as_deref().unwrap_or_default() == key,
            Lane::Category => r.category.as_deref().unwrap_or_default() == key,
            Lane::Priority => key
                .parse::<i16>()
                .is_ok_and(|k| k == 9 - r.priority.to_i16()),
        }
    }

    /// The card's lane: a sort key and a label (`None` label: "—", nobody / none).
    pub fn of(self, r: &RequestRow) -> (String, Option<String>) {
        match self {
            Lane::Assignee => (r.assignee.clone().unwrap_or_default(), r.assignee.clone()),
            Lane::Building => (r.building.clone().unwrap_or_default(), r.building.clone()),
            Lane::Category => (r.category.clone().unwrap_or_default(), r.category.clone()),
            // Highest priority first.
            Lane::Priority => (
                (9 - r.priority.to_i16()).to_string(),
                Some(r.priority.as_str().to_string()),
            ),
        }
    }
}

/// Whether `n` cards exceed `limit`.
pub fn over_limit(n: usize, limit: Option<u32>) -> bool {
    limit.is_some_and(|l| n > l as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Priority, StatusRef};

    fn card(assignee: Option<&str>, priority: Priority) -> RequestRow {
        RequestRow {
            id: 1,
            number: "R-1".into(),
            title: String::new(),
            category: Some("Сантехника".into()),
            priority,
            urgent: false,
            status: StatusRef::default(),
            assignee_id: None,
            assignee: assignee.map(String::from),
            building: None,
            apartment: None,
            contact_phone: None,
            channel: Channel::Phone,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            version: 1,
            sla: None,
        }
    }

    #[test]
    fn a_lane_key_matches_exactly_what_lane_of_builds() {
        let cards = [
            card(Some("Сергей Иванов"), Priority::High),
            card(None, Priority::Low),
            card(Some("Алексей Петров"), Priority::Critical),
        ];
        for lane in Lane::ALL {
            for a in &cards {
                for b in &cards {
                    let key = lane.of(b).0;
                    assert_eq!(lane.key_is(a, &key), lane.of(a).0 == key, "{lane:?}");
                }
            }
        }
    }
}
