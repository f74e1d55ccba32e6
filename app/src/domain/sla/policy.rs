//! SLA policies and their targets: a limit per stage (normal and urgent grids), a reaction
//! target (created → first assignment), resolution targets over named cycles (start
//! stage/status → end stage/status), a "near" threshold; each evaluated to ok / near / over
//! with the deadline instant.

use super::calendar::Compiled;
use super::intervals::Interval;
use crate::error::FieldError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A limit of working time as `hh:mm` (hours may exceed 24: `48:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Limit(pub u32);

impl Limit {
    pub fn minutes(self) -> u32 {
        self.0
    }

    pub fn seconds(self) -> i64 {
        i64::from(self.0) * 60
    }

    pub fn parse(s: &str) -> Option<Limit> {
        let (h, m) = s.trim().split_once(':')?;
        if m.len() != 2 || h.is_empty() || h.len() > 4 {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60).then_some(Limit(h * 60 + m))
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Limit::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a duration like 08:00")))
    }
}

/// The two grids: which limit applies depends on the request's urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Limits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal: Option<Limit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<Limit>,
}

impl Limits {
    /// The urgent grid for urgent requests (falling back to normal when it has no entry).
    pub fn for_request(&self, urgent: bool) -> Option<Limit> {
        if urgent {
            self.urgent.or(self.normal)
        } else {
            self.normal
        }
    }
}

/// Where a cycle starts or ends: entering a stage or a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Point {
    Stage { stage_id: i64 },
    Status { status_id: i64 },
}

impl Point {
    fn matches(&self, i: &Interval) -> bool {
        match *self {
            Point::Stage { stage_id } => i.stage_id == stage_id,
            Point::Status { status_id } => i.status_id == status_id,
        }
    }
}

/// A resolution target over a named cycle ("to delivery", "full cycle").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    pub name: String,
    pub start: Point,
    pub end: Point,
    #[serde(flatten)]
    pub limits: Limits,
}

/// When a target turns "near": a share of the limit used, or minutes left, whichever first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Near {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
}

impl Default for Near {
    fn default() -> Self {
        Near {
            share: Some(0.8),
            minutes: None,
        }
    }
}

/// The SLA policy of a pipeline, stored as JSON and sent as is over the REST API.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Policy {
    /// Per stage id.
    #[serde(default)]
    pub stages: BTreeMap<i64, Limits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Limits>,
    #[serde(default)]
    pub cycles: Vec<Cycle>,
    #[serde(default)]
    pub near: Near,
    /// On a breach, raise the priority and reassign to the team lead.
    #[serde(default)]
    pub auto_escalation: bool,
}

impl Policy {
    /// Every problem at once. `stage_ids` / `status_ids` are the pipeline's own.
    pub fn validate(&self, stage_ids: &[i64], status_ids: &[i64]) -> Result<(), Vec<FieldError>> {
        let mut errors = vec![];
        for id in self.stages.keys() {
            if !stage_ids.contains(id) {
                errors.push(FieldError::new(format!("stages.{id}"), "unknown_stage"));
            }
        }
        let point_ok = |p: &Point| match p {
            Point::Stage { stage_id } => stage_ids.contains(stage_id),
            Point::Status { status_id } => status_ids.contains(status_id),
        };
        let mut names = std::collections::HashSet::new();
        for (i, c) in self.cycles.iter().enumerate() {
            if c.name.trim().is_empty() {
                errors.push(FieldError::new(format!("cycles.{i}.name"), "required"));
            } else if !names.insert(c.name.trim().to_lowercase()) {
                errors.push(FieldError::new(
                    format!("cycles.{i}.name"),
                    "duplicate_name",
                ));
            }
            if !point_ok(&c.start) {
                errors.push(FieldError::new(
                    format!("cycles.{i}.start"),
                    "unknown_point",
                ));
            }
            if !point_ok(&c.end) {
                errors.push(FieldError::new(format!("cycles.{i}.end"), "unknown_point"));
            }
            if c.start == c.end {
                errors.push(FieldError::new(format!("cycles.{i}.end"), "same_as_start"));
            }
        }
        if let Some(share) = self.near.share
            && !(share > 0.0 && share < 1.0)
        {
            errors.push(FieldError::new("near.share", "share_range"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    Ok,
    Near,
    Over,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Ok => "ok",
            SlaState::Near => "near",
            SlaState::Over => "over",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Stage,
    Reaction,
    Cycle,
}

/// One evaluated target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub kind: TargetKind,
    /// The cycle's name; for stage targets the stage id as text; `reaction`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<i64>,
    pub limit_seconds: i64,
    pub used_seconds: i64,
    pub state: SlaState,
    /// When the limit is (or was) reached, while the clock runs; `None` when stopped or
    /// finished.
    pub deadline: Option<DateTime<Utc>>,
    /// The clock is running now (not paused, not finished, not closed).
    pub running: bool,
    /// The measured span has ended (stage left for good, assigned, cycle end reached).
    pub finished: bool,
    /// The stage whose calendar the running clock uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_stage_id: Option<i64>,
}

impl Target {
    /// The state for `used` of `limit` under `near`.
    pub fn state_of(used: i64, limit: i64, near: &Near) -> SlaState {
        if used >= limit {
            return SlaState::Over;
        }
        let by_share = near.share.is_some_and(|s| used as f64 >= s * limit as f64);
        let by_minutes = near
            .minutes
            .is_some_and(|m| limit - used <= i64::from(m) * 60);
        if by_share || by_minutes {
            SlaState::Near
        } else {
            SlaState::Ok
        }
    }
}

/// What the targets are computed from.
pub struct RequestClock<'a> {
    pub created_at: DateTime<Utc>,
    pub first_assigned_at: Option<DateTime<Utc>>,
    pub urgent: bool,
    pub intervals: &'a [Interval],
    pub now: DateTime<Utc>,
}

/// Evaluates every target of `policy` for one request. `calendar(stage_id)` is the stage's
/// working calendar.
pub fn evaluate<'c>(
    policy: &Policy,
    clock: &RequestClock<'_>,
    calendar: impl Fn(i64) -> &'c Compiled,
) -> Vec<Target> {
    let now = clock.now;
    let current = clock.intervals.last();
    let closed = current.is_some_and(|c| c.closing);
    let mut out = vec![];

    // Per stage: the working time of every stay summed; the clock runs in the current stage.
    let mut visited: Vec<i64> = vec![];
    for i in clock.intervals {
        if !visited.contains(&i.stage_id) {
            visited.push(i.stage_id);
        }
    }
    for stage_id in visited {
        let Some(limit) = policy
            .stages
            .get(&stage_id)
            .and_then(|l| l.for_request(clock.urgent))
        else {
            continue;
        };
        let spans: Vec<Span> = clock
            .intervals
            .iter()
            .filter(|i| i.stage_id == stage_id && i.counts())
            .map(|i| Span::of(i, now))
            .collect();
        let here = current.is_some_and(|c| c.stage_id == stage_id);
        let running = here && current.is_some_and(Interval::counts);
        out.push(target(
            TargetKind::Stage,
            stage_id.to_string(),
            Some(stage_id),
            limit,
            &spans,
            running,
            !here,
            stage_id,
            &policy.near,
            now,
            &calendar,
        ));
    }

    // Reaction: created → first assignment, on the calendar of the first stage.
    if let (Some(limits), Some(first)) = (&policy.reaction, clock.intervals.first())
        && let Some(limit) = limits.for_request(clock.urgent)
    {
        let cal = calendar(first.stage_id);
        let end = clock.first_assigned_at.unwrap_or(now).max(clock.created_at);
        let spans = [Span {
            from: clock.created_at,
            stage_id: first.stage_id,
            working: cal.working_seconds(clock.created_at, end),
        }];
        let finished = clock.first_assigned_at.is_some();
        let running = !finished && !closed;
        out.push(target(
            TargetKind::Reaction,
            "reaction".into(),
            None,
            limit,
            &spans,
            running,
            finished,
            first.stage_id,
            &policy.near,
            now,
            &calendar,
        ));
    }

    // Cycles: from the first entry into `start` to the first entry into `end` after it.
    for c in &policy.cycles {
        let Some(limit) = c.limits.for_request(clock.urgent) else {
            continue;
        };
        let Some(start_idx) = clock.intervals.iter().position(|i| c.start.matches(i)) else {
            continue;
        };
        let end_idx = clock.intervals[start_idx..]
            .iter()
            .position(|i| c.end.matches(i))
            .map(|p| p + start_idx);
        let span = &clock.intervals[start_idx..end_idx.unwrap_or(clock.intervals.len())];
        let spans: Vec<Span> = span
            .iter()
            .filter(|i| i.counts())
            .map(|i| Span::of(i, now))
            .collect();
        let finished = end_idx.is_some();
        let running = !finished && current.is_some_and(Interval::counts);
        let clock_stage = current.map_or(clock.intervals[start_idx].stage_id, |i| i.stage_id);
        out.push(target(
            TargetKind::Cycle,
            c.name.clone(),
            None,
            limit,
            &spans,
            running,
            finished,
            clock_stage,
            &policy.near,
            now,
            &calendar,
        ));
    }
    out
}

/// A counted stretch of working time: where it starts, on which stage's calendar, how much.
struct Span {
    from: DateTime<Utc>,
    stage_id: i64,
    working: i64,
}

impl Span {
    fn of(i: &Interval, _now: DateTime<Utc>) -> Span {
        Span {
            from: i.from,
            stage_id: i.stage_id,
            working: i.working_seconds,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn target<'c>(
    kind: TargetKind,
    name: String,
    stage_id: Option<i64>,
    limit: Limit,
    spans: &[Span],
    running: bool,
    finished: bool,
    clock_stage: i64,
    near: &Near,
    now: DateTime<Utc>,
    calendar: &impl Fn(i64) -> &'c Compiled,
) -> Target {
    let limit_seconds = limit.seconds();
    let used: i64 = spans.iter().map(|s| s.working).sum();
    let deadline = if !running {
        None
    } else if used < limit_seconds {
        // The rest of the limit from now, on the running stage's calendar.
        calendar(clock_stage).add_working(now, limit_seconds - used)
    } else {
        // Already over: the instant the limit was reached, inside the span that crossed it.
        let mut before = 0;
        spans.iter().find_map(|s| {
            if before + s.working >= limit_seconds {
                calendar(s.stage_id).add_working(s.from, limit_seconds - before)
            } else {
                before += s.working;
                None
            }
        })
    };
    Target {
        kind,
        name,
        stage_id,
        limit_seconds,
        used_seconds: used,
        state: Target::state_of(used, limit_seconds, near),
        deadline,
        running,
        finished,
        clock_stage_id: running.then_some(clock_stage),
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
