//! Timezones in the browser without chrono-tz's tables of every zone (130 KB of the app
//! shell): the server sends the offsets of the zones a company uses as [`ZoneRules`], a list
//! of transitions, and the browser looks them up by name. The server keeps chrono-tz.
//!
//! [`Zone`] is the one type the shared code (times on screen, working calendars) uses: a
//! chrono-tz zone on the server, a registered [`ZoneRules`] in the browser. Both answer the
//! same two questions — the local time of an instant, and the instants of a local time.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// First and last year whose transitions are sent; outside them the nearest offset holds.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2060;

/// A zone's UTC offsets from [`FIRST_YEAR`] to [`LAST_YEAR`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneRules {
    /// IANA name, e.g. `Europe/Kyiv`.
    pub name: String,
    /// Seconds east of UTC before the first transition.
    pub initial: i32,
    /// `(unix seconds, offset from then on)`, in time order.
    pub transitions: Vec<(i64, i32)>,
}

impl ZoneRules {
    /// Offset (seconds east of UTC) at unix second `t`.
    pub fn offset_at(&self, t: i64) -> i32 {
        let k = self.transitions.partition_point(|&(at, _)| at <= t);
        match k {
            0 => self.initial,
            k => self.transitions[k - 1].1,
        }
    }

    /// The wall-clock time of `t` in this zone.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc() + chrono::Duration::seconds(i64::from(self.offset_at(t.timestamp())))
    }

    /// The instants whose wall-clock time is `local`: one, two in a repeated hour, none in a
    /// skipped one.
    pub fn instants(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let wall = local.and_utc().timestamp();
        // Offsets in force within two days of the wall time read as UTC: every candidate.
        let (from, to) = (wall - 2 * 86_400, wall + 2 * 86_400);
        let first = self.transitions.partition_point(|&(at, _)| at <= from);
        let mut offsets = vec![self.offset_at(from)];
        offsets.extend(
            self.transitions[first..]
                .iter()
                .take_while(|&&(at, _)| at <= to)
                .map(|&(_, o)| o),
        );
        offsets.sort_unstable();
        offsets.dedup();
        let mut found: Vec<i64> = offsets
            .into_iter()
            .map(|o| wall - i64::from(o))
            .filter(|&t| i64::from(self.offset_at(t)) == wall - t)
            .collect();
        found.sort_unstable();
        found.dedup();
        let at = |t: i64| Utc.timestamp_opt(t, 0).single();
        match found.as_slice() {
            [t] => at(*t).map_or(LocalResult::None, LocalResult::Single),
            [a, .., b] => match (at(*a), at(*b)) {
                (Some(a), Some(b)) => LocalResult::Ambiguous(a, b),
                _ => LocalResult::None,
            },
            [] => LocalResult::None,
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::{FIRST_YEAR, LAST_YEAR, ZoneRules};
    use chrono::{Offset, TimeZone, Utc};
    use chrono_tz::Tz;

    fn offset(tz: Tz, t: i64) -> i32 {
        tz.offset_from_utc_datetime(
            &Utc.timestamp_opt(t, 0)
                .single()
                .unwrap_or_default()
                .naive_utc(),
        )
        .fix()
        .local_minus_utc()
    }

    impl ZoneRules {
        /// The transitions of `tz`: found by stepping a day at a time and narrowing each
        /// change down to its second (zones change their offset at most a few times a year).
        pub fn of(tz: Tz) -> ZoneRules {
            let day = |y: i32| {
                Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0)
                    .single()
                    .map_or(0, |d| d.timestamp())
            };
            let (start, end) = (day(FIRST_YEAR), day(LAST_YEAR + 1));
            let initial = offset(tz, start);
            let (mut transitions, mut current, mut t) = (vec![], initial, start);
            while t < end {
                let next = t + 86_400;
                if offset(tz, next) != current {
                    // The first second in (t, next] with another offset.
                    let (mut lo, mut hi) = (t, next);
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        if offset(tz, mid) == current {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    current = offset(tz, hi);
                    transitions.push((hi, current));
                    t = hi;
                } else {
                    t = next;
                }
            }
            ZoneRules {
                name: tz.name().to_string(),
                initial,
                transitions,
            }
        }
    }
}

/// A timezone the shared code can compute with (see the module's notes).
#[derive(Debug, Clone, PartialEq)]
pub struct Zone(Inner);

#[cfg(feature = "ssr")]
type Inner = chrono_tz::Tz;
#[cfg(not(feature = "ssr"))]
type Inner = std::sync::Arc<ZoneRules>;

impl Zone {
    pub fn utc() -> Zone {
        #[cfg(feature = "ssr")]
        return Zone(chrono_tz::Tz::UTC);
        #[cfg(not(feature = "ssr"))]
        Zone(std::sync::Arc::new(ZoneRules {
            name: "UTC".into(),
            initial: 0,
            transitions: vec![],
        }))
    }

    /// The zone named `name`: any IANA zone on the server; in the browser one the server has
    /// sent ([`register`]), or `UTC`.
    pub fn parse(name: &str) -> Option<Zone> {
        #[cfg(feature = "ssr")]
        return name.parse().ok().map(Zone);
        #[cfg(not(feature = "ssr"))]
        {
            if name == "UTC" {
                return Some(Zone::utc());
            }
            browser::get(name).map(Zone)
        }
    }

    pub fn name(&self) -> &str {
        #[cfg(feature = "ssr")]
        return self.0.name();
        #[cfg(not(feature = "ssr"))]
        &self.0.name
    }

    /// The wall-clock time of `t` in this zone.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        #[cfg(feature = "ssr")]
        return t.with_timezone(&self.0).naive_local();
        #[cfg(not(feature = "ssr"))]
        self.0.local(t)
    }

    /// Seconds east of UTC at `t`.
    pub fn offset_seconds(&self, t: DateTime<Utc>) -> i32 {
        #[cfg(feature = "ssr")]
        return chrono::Offset::fix(&self.0.offset_from_utc_datetime(&t.naive_utc()))
            .local_minus_utc();
        #[cfg(not(feature = "ssr"))]
        self.0.offset_at(t.timestamp())
    }

    /// The instants whose wall-clock time is `local`.
    pub fn instants(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        #[cfg(feature = "ssr")]
        return self
            .0
            .from_local_datetime(&local)
            .map(|t| t.with_timezone(&Utc));
        #[cfg(not(feature = "ssr"))]
        self.0.instants(local)
    }

    /// What the browser needs to compute with this zone (worked out once per zone).
    #[cfg(feature = "ssr")]
    pub fn rules(&self) -> std::sync::Arc<ZoneRules> {
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex, OnceLock};
        static KNOWN: OnceLock<Mutex<HashMap<chrono_tz::Tz, Arc<ZoneRules>>>> = OnceLock::new();
        let known = KNOWN.get_or_init(Default::default);
        if let Some(r) = known.lock().ok().and_then(|k| k.get(&self.0).cloned()) {
            return r;
        }
        let rules = Arc::new(ZoneRules::of(self.0));
        if let Ok(mut k) = known.lock() {
            k.insert(self.0, rules.clone());
        }
        rules
    }
}

/// Makes zones the server sent known to [`Zone::parse`] in the browser (no-op on the server).
pub fn register(zones: &[ZoneRules]) {
    #[cfg(not(feature = "ssr"))]
    browser::put(zones);
    #[cfg(feature = "ssr")]
    let _ = zones;
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use super::ZoneRules;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::Arc;

    thread_local! {
        static ZONES: RefCell<HashMap<String, Arc<ZoneRules>>> = RefCell::new(HashMap::new());
    }

    pub fn get(name: &str) -> Option<Arc<ZoneRules>> {
        ZONES.with(|z| z.borrow().get(name).cloned())
    }

    pub fn put(zones: &[ZoneRules]) {
        ZONES.with(|z| {
            let mut z = z.borrow_mut();
            for rules in zones {
                if z.get(&rules.name).is_none_or(|r| **r != *rules) {
                    z.insert(rules.name.clone(), Arc::new(rules.clone()));
                }
            }
        });
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use chrono::{Duration, NaiveDate};
    use chrono_tz::Tz;

    /// Zones with DST, half-hour and 45-minute offsets, southern-hemisphere DST, 30-minute
    /// DST (Lord Howe), a zone that changed its standard offset (Kyiv, Moscow), and none.
    const ZONES: [&str; 10] = [
        "Europe/Kyiv",
        "Europe/Moscow",
        "Asia/Tashkent",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "Pacific/Chatham",
        "America/Sao_Paulo",
        "Asia/Kolkata",
        "UTC",
    ];

    /// The rules give chrono-tz's local time for every quarter hour of 2000-2040.
    #[test]
    fn local_times_match_chrono_tz() {
        for name in ZONES {
            let tz: Tz = name.parse().unwrap();
            let rules = ZoneRules::of(tz);
            assert_eq!(rules.name, name);
            let mut t = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
            let end = Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).unwrap();
            while t < end {
                assert_eq!(
                    rules.local(t),
                    t.with_timezone(&tz).naive_local(),
                    "{name} at {t}"
                );
                t += Duration::minutes(15);
            }
        }
    }

    /// Every local quarter hour (including skipped and repeated ones) maps to the instants
    /// chrono-tz gives.
    #[test]
    fn instants_of_local_times_match_chrono_tz() {
        for name in ZONES {
            let tz: Tz = name.parse().unwrap();
            let rules = ZoneRules::of(tz);
            let mut local = NaiveDate::from_ymd_opt(2005, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            let end = NaiveDate::from_ymd_opt(2035, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            while local < end {
                let want = tz
                    .from_local_datetime(&local)
                    .map(|t| t.with_timezone(&Utc));
                assert_eq!(rules.instants(local), want, "{name} at {local}");
                local += Duration::minutes(15);
            }
        }
    }

    #[test]
    fn a_dst_zone_has_two_changes_a_year_and_a_fixed_one_none() {
        let kyiv = ZoneRules::of(chrono_tz::Europe::Kyiv);
        let in_2026: Vec<_> = kyiv
            .transitions
            .iter()
            .filter(|(t, _)| (1_767_225_600..1_798_761_600).contains(t))
            .collect();
        // 2026-03-29 01:00 UTC to +3 h, 2026-10-25 01:00 UTC back to +2 h.
        assert_eq!(
            in_2026,
            [&(1_774_746_000, 3 * 3600), &(1_792_890_000, 2 * 3600)]
        );
        let tashkent = ZoneRules::of(chrono_tz::Asia::Tashkent);
        // Tashkent has kept +5 since 1992.
        assert!(tashkent.transitions.iter().all(|(t, _)| *t < 725_846_400));
        assert_eq!(tashkent.offset_at(1_774_746_000), 5 * 3600);
    }

    #[test]
    fn rules_travel_as_json() {
        let rules = Zone::parse("Europe/Kyiv").unwrap().rules();
        let back: ZoneRules =
            serde_json::from_str(&serde_json::to_string(&*rules).unwrap()).unwrap();
        assert_eq!(back, *rules);
    }
}
