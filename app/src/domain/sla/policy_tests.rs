//! Table-driven SLA fixtures: a calendar, a log, a policy, and what the targets must say.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::domain::sla::calendar::{Calendar, Exception, Hm, Preset, Window};
use crate::domain::sla::intervals::{StatusEvent, StatusInfo, build};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

// One pipeline: stage 10 «New» (status 1), stage 20 «Work» (2 in progress, 3 waiting — pauses),
// stage 30 «Done» (4 done, 5 closed — closing).
fn info(id: i64) -> Option<StatusInfo> {
    Some(match id {
        1 => StatusInfo {
            stage_id: 10,
            pauses_sla: false,
            closing: false,
        },
        2 => StatusInfo {
            stage_id: 20,
            pauses_sla: false,
            closing: false,
        },
        3 => StatusInfo {
            stage_id: 20,
            pauses_sla: true,
            closing: false,
        },
        4 => StatusInfo {
            stage_id: 30,
            pauses_sla: false,
            closing: false,
        },
        5 => StatusInfo {
            stage_id: 30,
            pauses_sla: false,
            closing: true,
        },
        _ => return None,
    })
}

fn office(tz: &str) -> Calendar {
    let mut c = Preset::MonFri9to18.calendar(tz);
    let w = |a: &str, b: &str| Window(Hm::parse(a).unwrap(), Hm::parse(b).unwrap());
    for i in 0..5 {
        *c.week.day_mut(i) = vec![w("09:00", "13:00"), w("14:00", "18:00")];
    }
    c
}

fn policy(json: &str) -> Policy {
    serde_json::from_str(json).unwrap()
}

/// (kind, name, used minutes, state, running, deadline)
type Expected = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    bool,
    Option<&'static str>,
);

struct Case {
    name: &'static str,
    calendar: Calendar,
    events: Vec<(i64, &'static str)>,
    first_assigned: Option<&'static str>,
    urgent: bool,
    now: &'static str,
    policy: &'static str,
    /// (kind, name, used minutes, state, running, deadline)
    expect: Vec<Expected>,
}

fn run(case: &Case) -> Vec<Target> {
    let cal = case.calendar.compile();
    let events: Vec<StatusEvent> = case
        .events
        .iter()
        .map(|(s, t)| StatusEvent {
            status_id: *s,
            at: utc(t),
        })
        .collect();
    let now = utc(case.now);
    let intervals = build(&events, info, |_| &cal, now);
    let clock = RequestClock {
        created_at: events[0].at,
        first_assigned_at: case.first_assigned.map(utc),
        urgent: case.urgent,
        intervals: &intervals,
        now,
    };
    evaluate(&policy(case.policy), &clock, |_| &cal)
}

#[test]
fn fixtures() {
    let cases = vec![
        Case {
            name: "stage limit counts working time only, across lunch; deadline after lunch",
            calendar: office("Asia/Tashkent"),
            // Mon 2026-03-02 10:00 local (05:00 UTC) → in progress at 11:00 local; now 14:30 local.
            events: vec![(1, "2026-03-02T05:00:00Z"), (2, "2026-03-02T06:00:00Z")],
            first_assigned: Some("2026-03-02T05:30:00Z"),
            urgent: false,
            now: "2026-03-02T09:30:00Z",
            policy: r#"{"stages":{"20":{"normal":"04:00","urgent":"01:00"}}}"#,
            // 11:00–13:00 + 14:00–14:30 = 2 h 30 m of 4 h; 1 h 30 m left → 16:00 local = 11:00 UTC.
            expect: vec![("stage", "20", 150, "ok", true, Some("2026-03-02T11:00:00Z"))],
        },
        Case {
            name: "urgent requests use the urgent grid and breach earlier",
            calendar: office("Asia/Tashkent"),
            events: vec![(1, "2026-03-02T05:00:00Z"), (2, "2026-03-02T06:00:00Z")],
            first_assigned: Some("2026-03-02T05:30:00Z"),
            urgent: true,
            now: "2026-03-02T09:30:00Z",
            policy: r#"{"stages":{"20":{"normal":"04:00","urgent":"01:00"}}}"#,
            // Reached one working hour after 11:00 local = 12:00 local = 07:00 UTC.
            expect: vec![(
                "stage",
                "20",
                150,
                "over",
                true,
                Some("2026-03-02T07:00:00Z"),
            )],
        },
        Case {
            name: "weekend stops the clock",
            calendar: office("Asia/Tashkent"),
            // Fri 17:00 local into «work»; now Mon 10:00 local.
            events: vec![(1, "2026-03-06T11:00:00Z"), (2, "2026-03-06T12:00:00Z")],
            first_assigned: Some("2026-03-06T11:30:00Z"),
            urgent: false,
            now: "2026-03-09T05:00:00Z",
            policy: r#"{"stages":{"20":{"normal":"08:00"}},"near":{"minutes":60}}"#,
            // 6 h left from Mon 10:00 local: 10–13 and 14–17 → 17:00 local.
            expect: vec![("stage", "20", 120, "ok", true, Some("2026-03-09T12:00:00Z"))],
        },
        Case {
            name: "a pause across midnight is not counted; re-entry sums the stays",
            calendar: Calendar::always("Asia/Tashkent"),
            events: vec![
                (1, "2026-03-02T10:00:00Z"),
                (2, "2026-03-02T11:00:00Z"),
                (3, "2026-03-02T17:00:00Z"), // waiting from 22:00 local…
                (2, "2026-03-03T03:00:00Z"), // …until 08:00 next day
                (4, "2026-03-03T05:00:00Z"),
            ],
            first_assigned: Some("2026-03-02T10:10:00Z"),
            urgent: false,
            now: "2026-03-03T06:00:00Z",
            policy: r#"{"stages":{"20":{"normal":"10:00"}},"reaction":{"normal":"00:30"},"cycles":[{"name":"full","start":{"stage_id":10},"end":{"status_id":5},"normal":"24:00"}]}"#,
            expect: vec![
                ("stage", "20", 8 * 60, "near", false, None), // 80 % of 10 h
                ("reaction", "reaction", 10, "ok", false, None),
                // 1 h new + 6 h work + 2 h work + 1 h done; the 10 h pause is not counted.
                (
                    "cycle",
                    "full",
                    10 * 60,
                    "ok",
                    true,
                    Some("2026-03-03T20:00:00Z"),
                ),
            ],
        },
        Case {
            name: "a late event is placed where it belongs",
            calendar: Calendar::always("UTC"),
            // The move to «waiting» at 12:00 arrived after the later move back to work at 13:00.
            events: vec![
                (1, "2026-03-02T09:00:00Z"),
                (2, "2026-03-02T10:00:00Z"),
                (2, "2026-03-02T13:00:00Z"),
                (3, "2026-03-02T12:00:00Z"),
            ],
            first_assigned: Some("2026-03-02T09:00:00Z"),
            urgent: false,
            now: "2026-03-02T14:00:00Z",
            policy: r#"{"stages":{"20":{"normal":"04:00"}}}"#,
            // Work 10–12 and 13–14: 3 h, near (80 %) of 4 h.
            expect: vec![("stage", "20", 180, "ok", true, Some("2026-03-02T15:00:00Z"))],
        },
        Case {
            name: "near by share and reaction over while nobody is assigned",
            calendar: Calendar::always("UTC"),
            events: vec![(1, "2026-03-02T09:00:00Z")],
            first_assigned: None,
            urgent: false,
            now: "2026-03-02T09:50:00Z",
            policy: r#"{"stages":{"10":{"normal":"01:00"}},"reaction":{"normal":"00:30"},"near":{"share":0.8}}"#,
            expect: vec![
                (
                    "stage",
                    "10",
                    50,
                    "near",
                    true,
                    Some("2026-03-02T10:00:00Z"),
                ),
                (
                    "reaction",
                    "reaction",
                    50,
                    "over",
                    true,
                    Some("2026-03-02T09:30:00Z"),
                ),
            ],
        },
        Case {
            name: "closed requests stop every clock",
            calendar: Calendar::always("UTC"),
            events: vec![
                (1, "2026-03-02T09:00:00Z"),
                (2, "2026-03-02T09:30:00Z"),
                (5, "2026-03-02T10:00:00Z"),
            ],
            first_assigned: Some("2026-03-02T09:10:00Z"),
            urgent: false,
            now: "2026-03-05T00:00:00Z",
            policy: r#"{"stages":{"20":{"normal":"01:00"}},"cycles":[{"name":"full","start":{"stage_id":10},"end":{"stage_id":30},"normal":"02:00"}]}"#,
            expect: vec![
                ("stage", "20", 30, "ok", false, None),
                ("cycle", "full", 60, "ok", false, None),
            ],
        },
    ];
    for case in &cases {
        let got: Vec<(String, String, i64, String, bool, Option<String>)> = run(case)
            .into_iter()
            .map(|t| {
                (
                    serde_json::to_value(t.kind)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string(),
                    t.name,
                    t.used_seconds / 60,
                    t.state.as_str().to_string(),
                    t.running,
                    t.deadline.map(|d| d.to_rfc3339().replace("+00:00", "Z")),
                )
            })
            .collect();
        let want: Vec<(String, String, i64, String, bool, Option<String>)> = case
            .expect
            .iter()
            .map(|(k, n, u, s, r, d)| {
                (
                    k.to_string(),
                    n.to_string(),
                    *u,
                    s.to_string(),
                    *r,
                    d.map(String::from),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", case.name);
    }
}

#[test]
fn editing_the_calendar_after_the_fact_changes_the_figures() {
    let mut case = Case {
        name: "holiday added later",
        calendar: office("Europe/Kyiv"),
        events: vec![(1, "2026-03-09T07:00:00Z"), (2, "2026-03-09T08:00:00Z")],
        first_assigned: Some("2026-03-09T07:30:00Z"),
        urgent: false,
        now: "2026-03-09T14:00:00Z",
        policy: r#"{"stages":{"20":{"normal":"08:00"}}}"#,
        expect: vec![],
    };
    let before = run(&case)[0].used_seconds;
    assert_eq!(before, 5 * 3600, "10:00–13:00 and 14:00–16:00 local");
    case.calendar.exceptions.push(Exception {
        date: chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
        windows: vec![],
        name: None,
    });
    let after = run(&case);
    assert_eq!(
        after[0].used_seconds, 0,
        "the same log, recomputed: nothing counted on a holiday"
    );
}

#[test]
fn policy_json_matches_the_api_and_is_validated() {
    let json = r#"{"stages":{"7":{"normal":"08:00","urgent":"02:00"}},"reaction":{"normal":"00:30","urgent":"00:10"},"cycles":[{"name":"full","start":{"stage_id":7},"end":{"status_id":9},"normal":"48:00","urgent":"12:00"}],"near":{"share":0.8}}"#;
    let p: Policy = serde_json::from_str(json).unwrap();
    assert_eq!(p.stages[&7].urgent, Some(Limit(120)));
    assert_eq!(p.cycles[0].limits.normal, Some(Limit(48 * 60)));
    assert_eq!(p.cycles[0].end, Point::Status { status_id: 9 });
    let back = serde_json::to_string(&p).unwrap();
    assert_eq!(
        back,
        json.replace(
            r#"{"share":0.8}}"#,
            r#"{"share":0.8},"auto_escalation":false}"#
        )
    );
    assert!(p.validate(&[7], &[9]).is_ok());
    let errors: Vec<String> = p
        .validate(&[8], &[])
        .unwrap_err()
        .into_iter()
        .map(|e| format!("{} {}", e.field, e.code))
        .collect();
    assert_eq!(
        errors,
        vec![
            "stages.7 unknown_stage",
            "cycles.0.start unknown_point",
            "cycles.0.end unknown_point"
        ]
    );
    assert!(serde_json::from_str::<Policy>(r#"{"stages":{"7":{"normal":"8h"}}}"#).is_err());
    assert_eq!(Limit::parse("100:05"), Some(Limit(6005)));
    assert_eq!(Limit::parse("1:60"), None);
}
