use crate::domain::sla::calendar::Calendar;
use crate::domain::sla::policy::{Near, SlaState, TargetKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One stay in a status, for the explanation on the request page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalView {
    pub status: String,
    pub stage: String,
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
    pub wall_seconds: i64,
    pub working_seconds: i64,
    pub paused: bool,
    pub closing: bool,
}

/// One SLA target as shown: what it measures, how much is used, and a clock the browser can
/// keep ticking without asking the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    pub kind: TargetKind,
    /// Stage or cycle name; empty for the reaction target.
    pub label: String,
    pub limit_seconds: i64,
    pub used_seconds: i64,
    pub state: SlaState,
    pub deadline: Option<DateTime<Utc>>,
    pub running: bool,
    pub finished: bool,
    /// The stage whose calendar the running clock follows (a key of `SlaView::calendars`).
    pub clock_stage_id: Option<i64>,
}

/// A request's SLA at `computed_at`: intervals, targets and the calendars that running clocks
/// need, so the browser computes the same figures as the server as time passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaView {
    pub computed_at: DateTime<Utc>,
    pub intervals: Vec<IntervalView>,
    pub targets: Vec<TargetView>,
    pub near: Near,
    pub calendars: Vec<(i64, Calendar)>,
}

/// The most pressing target of a request, for a list row or a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaBadge {
    pub target: TargetView,
    pub computed_at: DateTime<Utc>,
    pub near: Near,
}

/// The SLA settings page: one pipeline's policy and one calendar (the company's or a stage's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaSettingsView {
    pub pipelines: Vec<super::Named>,
    pub pipeline_id: i64,
    pub stages: Vec<super::Named>,
    pub statuses: Vec<super::StatusRef>,
    /// `None`: the company's default calendar; `Some(stage)`: that stage's.
    pub scope: Option<i64>,
    pub calendar: Calendar,
    /// `stage`, `company` or `default` (nothing set: around the clock).
    pub calendar_source: String,
    /// Stages that have a calendar of their own.
    pub own_calendars: Vec<i64>,
    pub policy: crate::domain::sla::policy::Policy,
    pub urgency_rules: Vec<crate::domain::urgency::Rule>,
    pub categories: Vec<super::Named>,
}
