//! Status intervals derived from a request's event log: one interval per stay in a status,
//! ordered by the time each change happened at its source (a late event lands where it
//! belongs), with wall-clock and working seconds measured on the stage's calendar.

use super::calendar::Compiled;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the clock needs to know of a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    pub stage_id: i64,
    pub pauses_sla: bool,
    pub closing: bool,
}

/// A status change from the log: the status entered and when it happened at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    pub status_id: i64,
    pub at: DateTime<Utc>,
}

/// One stay in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub status_id: i64,
    pub stage_id: i64,
    pub from: DateTime<Utc>,
    /// `None` while the request is still in this status.
    pub to: Option<DateTime<Utc>>,
    pub wall_seconds: i64,
    pub working_seconds: i64,
    /// The status pauses the SLA clock (e.g. waiting for the resident).
    pub paused: bool,
    /// The status closes the request: the clock has stopped for good (its working time is
    /// not measured).
    pub closing: bool,
}

impl Interval {
    /// Counts toward SLA targets: neither paused nor after closing.
    pub fn counts(&self) -> bool {
        !self.paused && !self.closing
    }

    /// The end used for measuring: `to`, or `now` for the current interval.
    pub fn end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.to.unwrap_or(now).max(self.from)
    }
}

/// Builds the intervals. `events` may come in any order; they are sorted by source time
/// (stable, so equal times keep log order). A change to the status the request already has
/// continues the interval; a real re-entry after leaving opens a new one. `calendar(stage_id)`
/// gives each stage's working calendar; `now` closes the current interval for measuring.
pub fn build<'c>(
    events: &[StatusEvent],
    status: impl Fn(i64) -> Option<StatusInfo>,
    calendar: impl Fn(i64) -> &'c Compiled,
    now: DateTime<Utc>,
) -> Vec<Interval> {
    let mut sorted: Vec<StatusEvent> = events.to_vec();
    sorted.sort_by_key(|e| e.at);
    let mut out: Vec<Interval> = Vec::with_capacity(sorted.len());
    for e in sorted {
        let Some(info) = status(e.status_id) else {
            continue;
        };
        if out.last().is_some_and(|last| last.status_id == e.status_id) {
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.to = Some(e.at);
        }
        out.push(Interval {
            status_id: e.status_id,
            stage_id: info.stage_id,
            from: e.at,
            to: None,
            wall_seconds: 0,
            working_seconds: 0,
            paused: info.pauses_sla,
            closing: info.closing,
        });
    }
    for i in &mut out {
        let end = i.end(now);
        i.wall_seconds = (end - i.from).num_seconds().max(0);
        // After closing the clock has stopped for good: nothing to measure (and the span up
        // to now may be months long).
        if !i.closing {
            i.working_seconds = calendar(i.stage_id).working_seconds(i.from, end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::calendar::{Calendar, Preset};
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0)
            .single()
            .unwrap_or_default()
    }

    const NEW: i64 = 1;
    const WORK: i64 = 2;
    const WAIT: i64 = 3;
    const DONE: i64 = 4;

    fn info(id: i64) -> Option<StatusInfo> {
        Some(match id {
            NEW => StatusInfo {
                stage_id: 10,
                pauses_sla: false,
                closing: false,
            },
            WORK => StatusInfo {
                stage_id: 20,
                pauses_sla: false,
                closing: false,
            },
            WAIT => StatusInfo {
                stage_id: 20,
                pauses_sla: true,
                closing: false,
            },
            DONE => StatusInfo {
                stage_id: 30,
                pauses_sla: false,
                closing: true,
            },
            _ => return None,
        })
    }

    fn ev(status_id: i64, t: DateTime<Utc>) -> StatusEvent {
        StatusEvent { status_id, at: t }
    }

    #[test]
    fn a_late_event_is_placed_where_it_happened() {
        let cal = Calendar::always("UTC").compile();
        // The change to «in progress» at 10:00 arrives after the one to «waiting» at 11:00.
        let events = [ev(NEW, at(9, 0)), ev(WAIT, at(11, 0)), ev(WORK, at(10, 0))];
        let iv = build(&events, info, |_| &cal, at(12, 0));
        let seq: Vec<(i64, i64)> = iv
            .iter()
            .map(|i| (i.status_id, i.wall_seconds / 60))
            .collect();
        assert_eq!(seq, vec![(NEW, 60), (WORK, 60), (WAIT, 60)]);
        assert_eq!(iv[2].to, None, "still waiting");
        assert!(iv[2].paused);
    }

    #[test]
    fn re_entry_opens_a_new_interval_and_repeats_do_not() {
        let cal = Calendar::always("UTC").compile();
        let events = [
            ev(NEW, at(9, 0)),
            ev(WORK, at(9, 30)),
            ev(WORK, at(9, 45)),
            ev(WAIT, at(10, 0)),
            ev(WORK, at(11, 0)),
            ev(DONE, at(11, 30)),
        ];
        let iv = build(&events, info, |_| &cal, at(12, 0));
        let seq: Vec<i64> = iv.iter().map(|i| i.status_id).collect();
        assert_eq!(seq, vec![NEW, WORK, WAIT, WORK, DONE]);
        let in_work: i64 = iv
            .iter()
            .filter(|i| i.status_id == WORK)
            .map(|i| i.working_seconds)
            .sum();
        assert_eq!(in_work, 60 * 60, "30 + 30 minutes, summed over both stays");
        assert!(iv[4].closing && !iv[4].counts());
    }

    #[test]
    fn working_time_uses_each_stage_calendar() {
        let always = Calendar::always("Asia/Tashkent").compile();
        let office = Preset::MonFri9to18.calendar("Asia/Tashkent").compile();
        // 2026-03-02 is a Monday; 03:00 UTC is 08:00 in Tashkent, 05:00 UTC is 10:00.
        let events = [ev(NEW, at(3, 0)), ev(WORK, at(5, 0))];
        let iv = build(
            &events,
            info,
            |stage| if stage == 20 { &office } else { &always },
            at(14, 0),
        );
        assert_eq!(iv[0].working_seconds, 2 * 3600, "24/7 stage: all of it");
        assert_eq!(iv[1].wall_seconds, 9 * 3600);
        assert_eq!(iv[1].working_seconds, 8 * 3600, "10:00 to 18:00 local");
    }

    #[test]
    fn unknown_statuses_are_skipped() {
        let cal = Calendar::always("UTC").compile();
        let iv = build(
            &[ev(99, at(9, 0)), ev(NEW, at(10, 0))],
            info,
            |_| &cal,
            at(11, 0),
        );
        assert_eq!(iv.len(), 1);
    }
}
