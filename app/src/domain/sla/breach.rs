//! When a target that is over reached its limit: the instant a breach is placed at on a
//! dashboard or in a report. A running target already carries it as its `deadline`; a
//! finished (or stopped) one is walked again over the spans it counted, on their calendars.

use super::calendar::Compiled;
use super::intervals::Interval;
use super::policy::{Point, Policy, SlaState, Target, TargetKind};
use chrono::{DateTime, Utc};

fn at_point(p: &Point, i: &Interval) -> bool {
    match *p {
        Point::Stage { stage_id } => i.stage_id == stage_id,
        Point::Status { status_id } => i.status_id == status_id,
    }
}

/// A counted stretch: where it starts, on which stage's calendar, how many working seconds.
type Span = (DateTime<Utc>, i64, i64);

fn span(i: &Interval) -> Span {
    (i.from, i.stage_id, i.working_seconds)
}

/// The spans `target` summed, as `policy::evaluate` counted them.
fn spans(
    target: &Target,
    policy: &Policy,
    created_at: DateTime<Utc>,
    intervals: &[Interval],
) -> Option<Vec<Span>> {
    Some(match target.kind {
        TargetKind::Stage => {
            let stage = target.stage_id?;
            intervals
                .iter()
                .filter(|i| i.stage_id == stage && i.counts())
                .map(span)
                .collect()
        }
        TargetKind::Reaction => {
            let first = intervals.first()?;
            vec![(created_at, first.stage_id, target.used_seconds)]
        }
        TargetKind::Cycle => {
            let cycle = policy.cycles.iter().find(|c| c.name == target.name)?;
            let start = intervals.iter().position(|i| at_point(&cycle.start, i))?;
            let end = intervals[start..]
                .iter()
                .position(|i| at_point(&cycle.end, i))
                .map_or(intervals.len(), |p| p + start);
            intervals[start..end]
                .iter()
                .filter(|i| i.counts())
                .map(span)
                .collect()
        }
    })
}

/// The instant `target` reached its limit; `None` when it is not over, or when the calendar
/// offers no working time to reach it in. `target` is one that `policy::evaluate` gave for a
/// request created at `created_at` with these `intervals`.
pub fn breach_instant<'c>(
    target: &Target,
    policy: &Policy,
    created_at: DateTime<Utc>,
    intervals: &[Interval],
    calendar: impl Fn(i64) -> &'c Compiled,
) -> Option<DateTime<Utc>> {
    if target.state != SlaState::Over {
        return None;
    }
    if target.running {
        return target.deadline;
    }
    let mut before = 0;
    for (from, stage_id, working) in spans(target, policy, created_at, intervals)? {
        if before + working >= target.limit_seconds {
            return calendar(stage_id).add_working(from, target.limit_seconds - before);
        }
        before += working;
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::sla::calendar::{Calendar, Preset};
    use crate::domain::sla::intervals::{StatusEvent, StatusInfo, build};
    use crate::domain::sla::policy::{RequestClock, evaluate};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    // Stage 10 «New» (status 1), stage 20 «Work» (2 in progress, 3 waiting: pauses),
    // stage 30 «Done» (4 done, 5 closed: closing).
    fn info(id: i64) -> Option<StatusInfo> {
        let (stage_id, pauses_sla, closing) = match id {
            1 => (10, false, false),
            2 => (20, false, false),
            3 => (20, true, false),
            4 => (30, false, false),
            5 => (30, false, true),
            _ => return None,
        };
        Some(StatusInfo {
            stage_id,
            pauses_sla,
            closing,
        })
    }

    const POLICY: &str = r#"{
        "stages": {"10": {"normal": "00:30"}, "20": {"normal": "04:00"}},
        "reaction": {"normal": "00:15"},
        "cycles": [{"name": "full", "start": {"stage_id": 10}, "end": {"status_id": 4},
                    "normal": "08:00"}]
    }"#;

    /// Every target of the log with its breach instant, by target name.
    fn breaches(
        events: &[(i64, &str)],
        assigned: Option<&str>,
        now: &str,
    ) -> Vec<(String, SlaState, bool, Option<DateTime<Utc>>)> {
        // Work follows office hours (Mon–Fri 09–18 Tashkent, UTC+5); the rest runs 24/7.
        let office = Preset::MonFri9to18.calendar("Asia/Tashkent").compile();
        let always = Calendar::always("Asia/Tashkent").compile();
        let cal = |stage: i64| if stage == 20 { &office } else { &always };
        let events: Vec<StatusEvent> = events
            .iter()
            .map(|(status_id, at)| StatusEvent {
                status_id: *status_id,
                at: utc(at),
            })
            .collect();
        let now = utc(now);
        let intervals = build(&events, info, cal, now);
        let policy: Policy = serde_json::from_str(POLICY).unwrap();
        let clock = RequestClock {
            created_at: events[0].at,
            first_assigned_at: assigned.map(utc),
            urgent: false,
            intervals: &intervals,
            now,
        };
        evaluate(&policy, &clock, cal)
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    t.state,
                    t.finished,
                    breach_instant(t, &policy, clock.created_at, &intervals, cal),
                )
            })
            .collect()
    }

    fn find(
        all: &[(String, SlaState, bool, Option<DateTime<Utc>>)],
        name: &str,
    ) -> (SlaState, bool, Option<DateTime<Utc>>) {
        let (_, state, finished, at) = all.iter().find(|(n, ..)| n == name).unwrap();
        (*state, *finished, *at)
    }

    #[test]
    fn finished_targets_are_placed_where_the_limit_was_reached() {
        // Monday 2026-03-02: created 10:00 local, work from 11:00 (1 h in «New»: over at
        // 10:30), assigned 10:40 (reaction over at 10:15), waiting 15:00–Tue 10:00 (paused),
        // done Wednesday 12:00 local.
        let all = breaches(
            &[
                (1, "2026-03-02T05:00:00Z"),
                (2, "2026-03-02T06:00:00Z"),
                (3, "2026-03-02T10:00:00Z"),
                (2, "2026-03-03T05:00:00Z"),
                (4, "2026-03-04T07:00:00Z"),
            ],
            Some("2026-03-02T05:40:00Z"),
            "2026-03-05T12:00:00Z",
        );
        assert_eq!(
            find(&all, "10"),
            (SlaState::Over, true, Some(utc("2026-03-02T05:30:00Z")))
        );
        assert_eq!(
            find(&all, "reaction"),
            (SlaState::Over, true, Some(utc("2026-03-02T05:15:00Z")))
        );
        // Work: Mon 11:00–15:00 (4 h) reaches the 4 h limit right before the pause.
        assert_eq!(
            find(&all, "20"),
            (SlaState::Over, true, Some(utc("2026-03-02T10:00:00Z")))
        );
        // Full cycle, 8 h: 1 h in «New» (24/7) + 4 h Monday + 3 h Tuesday from 10:00 → 13:00.
        assert_eq!(
            find(&all, "full"),
            (SlaState::Over, true, Some(utc("2026-03-03T08:00:00Z")))
        );
    }

    #[test]
    fn running_targets_use_their_deadline_and_targets_in_time_have_none() {
        // Created Monday 10:00 local, assigned at 10:05, in work since 10:10; now 12:00 local.
        let all = breaches(
            &[(1, "2026-03-02T05:00:00Z"), (2, "2026-03-02T05:10:00Z")],
            Some("2026-03-02T05:05:00Z"),
            "2026-03-02T07:00:00Z",
        );
        assert_eq!(find(&all, "reaction"), (SlaState::Ok, true, None));
        assert_eq!(find(&all, "10"), (SlaState::Ok, true, None));
        assert_eq!(find(&all, "20").2, None, "not over yet");

        // Never assigned, still new on Tuesday: reaction and «New» breached on Monday.
        let all = breaches(&[(1, "2026-03-02T05:00:00Z")], None, "2026-03-03T05:00:00Z");
        assert_eq!(
            find(&all, "reaction"),
            (SlaState::Over, false, Some(utc("2026-03-02T05:15:00Z")))
        );
        assert_eq!(
            find(&all, "10"),
            (SlaState::Over, false, Some(utc("2026-03-02T05:30:00Z")))
        );
        assert_eq!(
            find(&all, "full"),
            (SlaState::Over, false, Some(utc("2026-03-02T13:00:00Z")))
        );
    }

    #[test]
    fn a_closed_request_keeps_its_breaches() {
        // Closed straight from «New» after 2 h, never assigned: the clocks stopped, not finished.
        let all = breaches(
            &[(1, "2026-03-02T05:00:00Z"), (5, "2026-03-02T07:00:00Z")],
            None,
            "2026-03-03T05:00:00Z",
        );
        let (state, _, at) = find(&all, "10");
        assert_eq!(
            (state, at),
            (SlaState::Over, Some(utc("2026-03-02T05:30:00Z")))
        );
        let (state, _, at) = find(&all, "full");
        assert_eq!(state, SlaState::Ok, "2 h of 8");
        assert_eq!(at, None);
    }
}
