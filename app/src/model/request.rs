use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Priority of a request; stored as a small integer so it sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Critical,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn to_i16(self) -> i16 {
        match self {
            Priority::Low => 1,
            Priority::Normal => 2,
            Priority::High => 3,
            Priority::Critical => 4,
        }
    }

    pub fn from_i16(v: i16) -> Priority {
        match v {
            i16::MIN..=1 => Priority::Low,
            2 => Priority::Normal,
            3 => Priority::High,
            _ => Priority::Critical,
        }
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Telegram,
    Email,
    Api,
    Keycrm,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Web,
        Channel::Phone,
        Channel::Telegram,
        Channel::Email,
        Channel::Api,
        Channel::Keycrm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Phone => "phone",
            Channel::Telegram => "telegram",
            Channel::Email => "email",
            Channel::Api => "api",
            Channel::Keycrm => "keycrm",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A status as shown on a badge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRef {
    pub id: i64,
    pub name: String,
    pub color: String,
    pub stage_id: i64,
    pub stage_name: String,
    pub is_closing: bool,
    pub pauses_sla: bool,
    pub requires_assignee: bool,
    pub requires_comment: bool,
}

/// A named thing referenced by id (category, building, user...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// An executor on the assignee picker, with their load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneeOption {
    pub id: i64,
    pub name: String,
    pub team: Option<String>,
    /// Open requests assigned now.
    pub open: i64,
    pub max_load: i32,
    pub active: bool,
}

/// One line of the requests list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub category: Option<String>,
    pub priority: Priority,
    pub urgent: bool,
    pub status: StatusRef,
    #[serde(default)]
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub building: Option<String>,
    pub apartment: Option<String>,
    pub contact_phone: Option<String>,
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Changes with every change of the request: send it back to be told of a conflict.
    #[serde(default)]
    pub version: i64,
    /// The most pressing SLA target, when the pipeline has a policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<super::SlaBadge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestPage {
    pub rows: Vec<RequestRow>,
    /// Matching requests, counted up to [`COUNT_LIMIT`] (or ten pages past this one).
    pub total: u64,
    /// More requests match than `total`: the count stopped at its limit.
    #[serde(default)]
    pub capped: bool,
    pub page: u32,
    pub per_page: u32,
    /// Calendars of the stages whose clocks run on this page, by stage id.
    #[serde(default)]
    pub calendars: Vec<(i64, crate::domain::sla::calendar::Calendar)>,
}

/// The list counts matching requests up to this many; past it, it says "more than" (and a far
/// page counts ten pages past itself). Counting is a read of every matching index entry on
/// every page view: at 10,000 it was 1.6 ms of PostgreSQL's time per page of the unfiltered
/// list (0.5 ms of SQLite's); at 1,000 it is 0.17 ms (README, Decisions).
pub const COUNT_LIMIT: u64 = 1_000;

impl RequestPage {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as u64)).max(1) as u32
    }
}

/// Everything the list filters and the create form offer, for the caller's company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dictionaries {
    pub statuses: Vec<StatusRef>,
    pub stages: Vec<Named>,
    pub categories: Vec<Named>,
    pub buildings: Vec<Named>,
    pub assignees: Vec<AssigneeOption>,
}

/// What a dispatcher types into the create form. Parsed on the server into a valid request or
/// a list of field errors; nothing is written on invalid input.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewRequestInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category_id: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub urgent: Option<String>,
    #[serde(default)]
    pub building_id: Option<String>,
    #[serde(default)]
    pub apartment: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub assignee_id: Option<String>,
}

/// The request page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub description: String,
    pub category: Option<Named>,
    pub priority: Priority,
    pub urgent: bool,
    pub pipeline: Named,
    pub status: StatusRef,
    /// Statuses the pipeline allows moving to from the current one.
    pub next_statuses: Vec<StatusRef>,
    pub assignee: Option<Named>,
    pub building: Option<Named>,
    pub apartment: Option<String>,
    pub contact: Option<ContactView>,
    pub channel: Channel,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Since when automatic assignment has been waiting for an executor with capacity.
    #[serde(default)]
    pub queued_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub comments: Vec<CommentView>,
    pub attachments: Vec<AttachmentView>,
    pub events: Vec<EventView>,
    pub can: RequestPermissions,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RequestPermissions {
    pub change_status: bool,
    pub assign: bool,
    pub comment: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: DateTime<Utc>,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    /// When it happened at its source.
    pub at: DateTime<Utc>,
    /// When this server learned of it; differs from `at` for late events.
    pub recorded_at: DateTime<Utc>,
    pub actor: Option<String>,
    pub what: EventWhat,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventWhat {
    Created {
        status: Option<String>,
    },
    StatusChanged {
        from: Option<String>,
        to: Option<String>,
    },
    Assigned {
        from: Option<String>,
        to: Option<String>,
        /// Present when the distribution chose the assignee: the candidates and why.
        #[serde(default)]
        auto: Option<super::AutoReason>,
    },
    /// Automatic assignment found nobody with free capacity; the request waits.
    Queued {
        reason: Option<super::AutoReason>,
    },
    PriorityChanged {
        to: Priority,
    },
    UrgencyChanged {
        urgent: bool,
        /// The rule that decided it (`keyword: затоп`), or `None` for a person.
        rule: Option<String>,
    },
    Commented {
        excerpt: String,
    },
    Attached {
        file_name: String,
    },
}

/// One request a bulk change could not change, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkFailure {
    pub id: i64,
    pub number: String,
    pub error: crate::error::AppError,
}

/// What a bulk change did: each request changed on its own (its own events and checks); one
/// refusal does not undo the others.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub changed: Vec<String>,
    pub failed: Vec<BulkFailure>,
}

/// Event kinds as stored in `request_events.kind`.
pub mod event_kind {
    pub const CREATED: &str = "created";
    pub const STATUS_CHANGED: &str = "status_changed";
    pub const ASSIGNED: &str = "assigned";
    pub const PRIORITY_CHANGED: &str = "priority_changed";
    pub const URGENCY_CHANGED: &str = "urgency_changed";
    pub const COMMENTED: &str = "commented";
    pub const ATTACHED: &str = "attached";
    /// Automatic assignment found nobody with capacity; the request waits in the queue.
    pub const QUEUED: &str = "queued";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_orders_and_round_trips() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_i16(p.to_i16()), p);
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
        assert!(Priority::Critical > Priority::Low);
    }

    #[test]
    fn channel_round_trips() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        let page = |total| RequestPage {
            rows: vec![],
            total,
            capped: false,
            page: 1,
            per_page: 50,
            calendars: vec![],
        };
        assert_eq!(page(0).pages(), 1);
        assert_eq!(page(50).pages(), 1);
        assert_eq!(page(51).pages(), 2);
    }
}
