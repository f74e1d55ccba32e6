//! Table-driven fixtures for the calendar, and property tests against a naive minute-by-minute
//! reference.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use chrono_tz::Tz;
use proptest::prelude::*;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn hm(s: &str) -> Hm {
    Hm::parse(s).unwrap()
}

fn office(tz: &str) -> Calendar {
    let mut c = Preset::MonFri9to18.calendar(tz);
    for i in 0..5 {
        *c.week.day_mut(i) = vec![
            Window(hm("09:00"), hm("13:00")),
            Window(hm("14:00"), hm("18:00")),
        ];
    }
    c
}

struct Case {
    name: &'static str,
    calendar: Calendar,
    from: &'static str,
    to: &'static str,
    working_seconds: i64,
}

#[test]
fn fixtures() {
    let kyiv_holiday = {
        let mut c = office("Europe/Kyiv");
        c.exceptions.push(Exception {
            date: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
            windows: vec![],
            name: Some("holiday".into()),
        });
        c.exceptions.push(Exception {
            date: NaiveDate::from_ymd_opt(2026, 3, 7).unwrap(),
            windows: vec![Window(hm("10:00"), hm("15:00"))],
            name: Some("working Saturday".into()),
        });
        c
    };
    let cases = [
        Case {
            name: "24/7 equals wall time",
            calendar: Calendar::always("Europe/Kyiv"),
            from: "2026-03-02T07:00:00Z",
            to: "2026-03-03T07:30:00Z",
            working_seconds: 24 * 3600 + 1800,
        },
        Case {
            name: "lunch break is not counted",
            calendar: office("Asia/Tashkent"),
            from: "2026-03-02T07:00:00Z", /* 12:00 local */
            to: "2026-03-02T10:00:00Z",   /* 15:00 */
            working_seconds: 2 * 3600,
        },
        Case {
            name: "night is not counted",
            calendar: office("Asia/Tashkent"),
            from: "2026-03-02T12:00:00Z", /* 17:00 Mon */
            to: "2026-03-03T05:00:00Z",   /* 10:00 Tue */
            working_seconds: 2 * 3600,
        },
        Case {
            name: "weekend is not counted",
            calendar: office("Asia/Tashkent"),
            from: "2026-03-06T12:00:00Z", /* Fri 17:00 */
            to: "2026-03-09T05:00:00Z",   /* Mon 10:00 */
            working_seconds: 2 * 3600,
        },
        Case {
            name: "holiday counts nothing",
            calendar: kyiv_holiday.clone(),
            from: "2026-03-08T22:00:00Z", /* Mon 00:00 local */
            to: "2026-03-09T22:00:00Z",
            working_seconds: 0,
        },
        Case {
            name: "working Saturday counts its short window",
            calendar: kyiv_holiday,
            from: "2026-03-07T06:00:00Z",
            to: "2026-03-07T20:00:00Z",
            working_seconds: 5 * 3600,
        },
        // Kyiv moves from UTC+2 to UTC+3 on 2026-03-29 at 03:00 local: that Sunday has 23 hours.
        Case {
            name: "spring DST day in Kyiv has 23 hours",
            calendar: Calendar::always("Europe/Kyiv"),
            from: "2026-03-28T22:00:00Z",
            to: "2026-03-29T21:00:00Z",
            working_seconds: 23 * 3600,
        },
        // Monday after the switch: 09:00 local is 06:00 UTC, not 07:00.
        Case {
            name: "windows follow local time after DST",
            calendar: office("Europe/Kyiv"),
            from: "2026-03-30T05:00:00Z",
            to: "2026-03-30T07:00:00Z",
            working_seconds: 3600,
        },
        // Kyiv goes back to UTC+2 on 2026-10-25 at 04:00 local: that Sunday has 25 hours.
        Case {
            name: "autumn DST day in Kyiv has 25 hours",
            calendar: Calendar::always("Europe/Kyiv"),
            from: "2026-10-24T21:00:00Z",
            to: "2026-10-25T22:00:00Z",
            working_seconds: 25 * 3600,
        },
        // Tashkent has no DST: 09:00 local is 04:00 UTC all year.
        Case {
            name: "Tashkent has no DST",
            calendar: office("Asia/Tashkent"),
            from: "2026-10-26T04:00:00Z",
            to: "2026-10-26T05:00:00Z",
            working_seconds: 3600,
        },
        Case {
            name: "a pause across midnight on a 24/7 stage is wall time",
            calendar: Calendar::always("Asia/Tashkent"),
            from: "2026-03-02T18:30:00Z",
            to: "2026-03-02T19:30:00Z",
            working_seconds: 3600,
        },
        Case {
            name: "empty calendar never works",
            calendar: Calendar {
                timezone: "UTC".into(),
                week: Week::default(),
                exceptions: vec![],
            },
            from: "2026-03-02T00:00:00Z",
            to: "2026-04-02T00:00:00Z",
            working_seconds: 0,
        },
    ];
    for c in cases {
        let compiled = c.calendar.compile();
        assert_eq!(
            compiled.working_seconds(utc(c.from), utc(c.to)),
            c.working_seconds,
            "{}",
            c.name
        );
    }
}

#[test]
fn deadlines_skip_non_working_time() {
    let cal = office("Asia/Tashkent").compile();
    // Friday 17:00 local + 2 working hours → Monday 10:00 local.
    assert_eq!(
        cal.add_working(utc("2026-03-06T12:00:00Z"), 2 * 3600),
        Some(utc("2026-03-09T05:00:00Z"))
    );
    // 12:30 + 1 h → 14:30 (lunch skipped).
    assert_eq!(
        cal.add_working(utc("2026-03-02T07:30:00Z"), 3600),
        Some(utc("2026-03-02T09:30:00Z"))
    );
    // Zero from outside hours is the next window's start.
    assert_eq!(
        cal.add_working(utc("2026-03-07T10:00:00Z"), 0),
        Some(utc("2026-03-09T04:00:00Z"))
    );
    assert!(!cal.is_working(utc("2026-03-02T08:30:00Z")), "lunch");
    assert!(cal.is_working(utc("2026-03-02T09:30:00Z")));
    assert_eq!(
        cal.next_working(utc("2026-03-02T08:30:00Z")),
        Some(utc("2026-03-02T09:00:00Z"))
    );
    let never = Calendar {
        timezone: "UTC".into(),
        week: Week::default(),
        exceptions: vec![],
    }
    .compile();
    assert_eq!(never.add_working(utc("2026-03-02T00:00:00Z"), 60), None);
}

#[test]
fn json_matches_the_api() {
    let json = r#"{"timezone":"Europe/Kyiv","week":{"mon":[["09:00","13:00"],["14:00","18:00"]],"tue":[],"wed":[],"thu":[],"fri":[],"sat":[],"sun":[]},"exceptions":[{"date":"2026-03-09","windows":[]},{"date":"2026-03-07","windows":[["10:00","15:00"]]}]}"#;
    let c: Calendar = serde_json::from_str(json).unwrap();
    assert_eq!(
        c.week.mon,
        vec![
            Window(hm("09:00"), hm("13:00")),
            Window(hm("14:00"), hm("18:00"))
        ]
    );
    assert_eq!(c.exceptions.len(), 2);
    assert_eq!(serde_json::to_string(&c).unwrap(), json);
    assert!(
        serde_json::from_str::<Calendar>(r#"{"timezone":"UTC","week":{"mon":[["9am","13:00"]]}}"#)
            .is_err()
    );
}

#[test]
fn validation_names_every_problem() {
    let mut c = office("Mars/Olympus");
    c.week.tue = vec![Window(hm("13:00"), hm("09:00"))];
    c.week.wed = vec![
        Window(hm("09:00"), hm("13:00")),
        Window(hm("12:00"), hm("18:00")),
    ];
    let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    c.exceptions = vec![
        Exception {
            date: d,
            windows: vec![],
            name: None,
        },
        Exception {
            date: d,
            windows: vec![],
            name: None,
        },
    ];
    let errors: Vec<(String, String)> = c
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        errors,
        vec![
            ("timezone".into(), "invalid_timezone".into()),
            ("week.tue.0".into(), "window_order".into()),
            ("week.wed".into(), "windows_overlap".into()),
            ("exceptions.1.date".into(), "duplicate_date".into()),
        ]
    );
    assert!(office("Europe/Kyiv").validate().is_ok());
}

/// The reference: a UTC minute is working when its local wall-clock time falls inside a
/// window of its local date.
fn naive_minutes(cal: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let tz: Tz = cal.timezone.parse().unwrap();
    let exceptions: HashMap<NaiveDate, &Vec<Window>> = cal
        .exceptions
        .iter()
        .map(|e| (e.date, &e.windows))
        .collect();
    let mut t = from;
    let mut n = 0;
    while t < to {
        let local = t.with_timezone(&tz);
        let date = local.date_naive();
        let minute = (local.time().hour() * 60 + local.time().minute()) as u16;
        let windows = exceptions
            .get(&date)
            .map(|w| w.as_slice())
            .unwrap_or_else(|| cal.week.day(date.weekday().num_days_from_monday() as usize));
        if windows.iter().any(|w| w.0.0 <= minute && minute < w.1.0) {
            n += 1;
        }
        t += Duration::minutes(1);
    }
    n
}

use chrono::Timelike;

fn window_strategy() -> impl Strategy<Value = Vec<Window>> {
    proptest::collection::vec((0u16..=96, 1u16..=24), 0..3).prop_map(|raw| {
        // Non-overlapping windows on a 15-minute grid.
        let mut out = vec![];
        let mut at = 0u16;
        for (gap, len) in raw {
            let s = at + gap * 15 % (24 * 60);
            let e = s + len * 15;
            if s >= 24 * 60 || e > 24 * 60 || s < at {
                break;
            }
            out.push(Window(Hm(s), Hm(e)));
            at = e;
        }
        out
    })
}

fn calendar_strategy() -> impl Strategy<Value = Calendar> {
    (
        prop::sample::select(vec![
            "Europe/Kyiv",
            "Asia/Tashkent",
            "UTC",
            "America/New_York",
        ]),
        proptest::collection::vec(window_strategy(), 7),
        proptest::collection::vec((0i64..14, window_strategy()), 0..3),
    )
        .prop_map(|(tz, days, exceptions)| {
            let mut week = Week::default();
            for (i, d) in days.into_iter().enumerate() {
                *week.day_mut(i) = d;
            }
            let base = NaiveDate::from_ymd_opt(2026, 3, 25).unwrap();
            let mut seen = std::collections::HashSet::new();
            let exceptions = exceptions
                .into_iter()
                .filter(|(d, _)| seen.insert(*d))
                .map(|(d, windows)| Exception {
                    date: base + Duration::days(d),
                    windows,
                    name: None,
                })
                .collect();
            Calendar {
                timezone: tz.to_string(),
                week,
                exceptions,
            }
        })
}

/// Minute-aligned instants around the March and October DST changes.
fn instant_strategy() -> impl Strategy<Value = DateTime<Utc>> {
    (prop::bool::ANY, 0i64..(10 * 24 * 60)).prop_map(|(autumn, m)| {
        let base = if autumn {
            utc("2026-10-22T00:00:00Z")
        } else {
            utc("2026-03-25T00:00:00Z")
        };
        base + Duration::minutes(m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn matches_the_minute_by_minute_reference(cal in calendar_strategy(), a in instant_strategy(), len in 0i64..(3 * 24 * 60)) {
        let b = a + Duration::minutes(len);
        let fast = cal.compile().working_seconds(a, b);
        prop_assert_eq!(fast, naive_minutes(&cal, a, b) * 60);
    }

    #[test]
    fn additive_bounded_and_invertible(cal in calendar_strategy(), a in instant_strategy(), x in 0i64..(4 * 24 * 60), y in 0i64..(4 * 24 * 60)) {
        let c = cal.compile();
        let b = a + Duration::minutes(x);
        let d = b + Duration::minutes(y);
        let whole = c.working_seconds(a, d);
        prop_assert_eq!(whole, c.working_seconds(a, b) + c.working_seconds(b, d));
        prop_assert!(whole <= (d - a).num_seconds());
        prop_assert!(whole >= 0);
        if let Some(deadline) = c.add_working(a, whole) {
            prop_assert_eq!(c.working_seconds(a, deadline), whole);
            // The first instant with that much working time is never later than `d`
            // (with none, it is the next window's start, which may be later).
            prop_assert!(whole == 0 || deadline <= d);
        }
    }

    #[test]
    fn zero_outside_windows(cal in calendar_strategy(), a in instant_strategy(), len in 1i64..600) {
        let c = cal.compile();
        let b = a + Duration::minutes(len);
        if naive_minutes(&cal, a, b) == 0 {
            prop_assert_eq!(c.working_seconds(a, b), 0);
        }
    }
}
