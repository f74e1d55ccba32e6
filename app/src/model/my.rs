//! The executor's "My requests": their open requests, most pressing first, and the outbox of
//! status changes made without a connection, sent in order when it comes back.

use super::RequestRow;
use crate::domain::sla::policy::SlaState;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};

/// Sorts by urgency: urgent first, then an SLA that is over before one that is near, then the
/// earliest deadline, the highest priority, and finally the oldest request.
pub fn by_urgency(rows: &mut [RequestRow]) {
    rows.sort_by(urgency_order);
}

fn urgency_order(a: &RequestRow, b: &RequestRow) -> Ordering {
    let state = |r: &RequestRow| match r.sla.as_ref().map(|s| s.target.state) {
        Some(SlaState::Over) => 2,
        Some(SlaState::Near) => 1,
        _ => 0,
    };
    // `None` sorts last among deadlines.
    let deadline = |r: &RequestRow| {
        r.sla
            .as_ref()
            .and_then(|s| s.target.deadline)
            .map_or((1, DateTime::<Utc>::MAX_UTC), |d| (0, d))
    };
    (Reverse(a.urgent), Reverse(state(a)), deadline(a))
        .cmp(&(Reverse(b.urgent), Reverse(state(b)), deadline(b)))
        .then_with(|| b.priority.cmp(&a.priority))
        .then_with(|| a.created_at.cmp(&b.created_at))
        .then_with(|| a.id.cmp(&b.id))
}

/// One request on the executor's phone: the request page's data and the upload limit, so a
/// photo too large is refused before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRequest {
    pub request: super::RequestDetail,
    pub max_upload_bytes: u64,
}

/// A status change waiting for the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub request_id: i64,
    /// The request's number, to name it in a message.
    pub number: String,
    pub status_id: i64,
    /// The target status's name, to show while it waits.
    pub status_name: String,
    pub comment: Option<String>,
    /// The version the executor saw (only on the first change queued for a request: the ones
    /// after it follow the executor's own change, whose version is not known yet).
    pub version: Option<i64>,
    pub queued_at: DateTime<Utc>,
}

/// Changes waiting to be sent, oldest first. Stored in the browser as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub items: Vec<Queued>,
}

impl Outbox {
    /// Parses a stored outbox; anything unreadable counts as empty (a newer format, say).
    pub fn parse(json: Option<&str>) -> Outbox {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"items\":[]}".into())
    }

    /// Queues a change of `request_id` seen at `version`; the version is kept only when no
    /// earlier change of the request waits.
    pub fn push(&mut self, mut q: Queued) {
        if self.pending(q.request_id).is_some() {
            q.version = None;
        }
        self.items.push(q);
    }

    /// The last change waiting for `request_id`: what its status will be once sent.
    pub fn pending(&self, request_id: i64) -> Option<&Queued> {
        self.items.iter().rev().find(|q| q.request_id == request_id)
    }

    /// The next change to send.
    pub fn first(&self) -> Option<&Queued> {
        self.items.first()
    }

    /// Drops the first change (sent, or refused for good).
    pub fn pop_first(&mut self) -> Option<Queued> {
        (!self.items.is_empty()).then(|| self.items.remove(0))
    }

    /// Drops every change of `request_id` (after one of them was refused: the ones after it
    /// assumed it had happened).
    pub fn drop_request(&mut self, request_id: i64) -> usize {
        let before = self.items.len();
        self.items.retain(|q| q.request_id != request_id);
        before - self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::policy::{Near, TargetKind};
    use crate::model::{Channel, Priority, SlaBadge, StatusRef, TargetView};
    use chrono::{Duration, TimeZone};

    fn at(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(h)
    }

    fn row(id: i64, urgent: bool, priority: Priority, sla: Option<(SlaState, i64)>) -> RequestRow {
        RequestRow {
            id,
            number: format!("R-{id}"),
            title: String::new(),
            category: None,
            priority,
            urgent,
            status: StatusRef::default(),
            assignee_id: None,
            assignee: None,
            building: None,
            apartment: None,
            contact_phone: None,
            channel: Channel::Phone,
            created_at: at(id),
            updated_at: at(id),
            version: 1,
            sla: sla.map(|(state, deadline)| SlaBadge {
                target: TargetView {
                    kind: TargetKind::Stage,
                    label: String::new(),
                    limit_seconds: 3600,
                    used_seconds: 0,
                    state,
                    deadline: Some(at(deadline)),
                    running: true,
                    finished: false,
                    clock_stage_id: None,
                },
                computed_at: at(0),
                near: Near::default(),
            }),
        }
    }

    #[test]
    fn most_pressing_first() {
        let mut rows = vec![
            row(1, false, Priority::Low, None),
            row(2, false, Priority::Critical, None),
            row(3, false, Priority::Normal, Some((SlaState::Ok, 30))),
            row(4, false, Priority::Normal, Some((SlaState::Ok, 10))),
            row(5, false, Priority::Low, Some((SlaState::Near, 40))),
            row(6, false, Priority::Low, Some((SlaState::Over, 50))),
            row(7, true, Priority::Low, None),
            row(8, false, Priority::Low, None),
        ];
        by_urgency(&mut rows);
        let order: Vec<i64> = rows.iter().map(|r| r.id).collect();
        // Urgent; over; near; deadlines 10 then 30; then no deadline by priority, then age.
        assert_eq!(order, vec![7, 6, 5, 4, 3, 2, 1, 8]);
    }

    fn q(request_id: i64, status_id: i64, version: Option<i64>) -> Queued {
        Queued {
            request_id,
            number: format!("R-{request_id}"),
            status_id,
            status_name: format!("S{status_id}"),
            comment: None,
            version,
            queued_at: at(0),
        }
    }

    #[test]
    fn outbox_keeps_order_and_the_first_version_only() {
        let mut o = Outbox::default();
        o.push(q(1, 10, Some(3)));
        o.push(q(2, 10, Some(7)));
        o.push(q(1, 11, Some(3)));
        assert_eq!(o.pending(1).map(|q| q.status_id), Some(11));
        assert_eq!(
            o.items[2].version, None,
            "follows the executor's own change"
        );
        assert_eq!(o.items[1].version, Some(7));
        let back = Outbox::parse(Some(&o.to_json()));
        assert_eq!(back, o);
        assert_eq!(
            o.pop_first().map(|q| (q.request_id, q.status_id)),
            Some((1, 10))
        );
        assert_eq!(o.drop_request(1), 1);
        assert_eq!(o.first().map(|q| q.request_id), Some(2));
        assert_eq!(Outbox::parse(Some("not json")), Outbox::default());
        assert_eq!(Outbox::parse(None), Outbox::default());
    }
}
