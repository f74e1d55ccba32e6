//! Working calendars: for each weekday zero or more windows (09:00–13:00, 14:00–18:00), dated
//! exceptions (a holiday, a short day, a working Saturday), in an IANA timezone, DST-correct.
//!
//! A window belongs to its local day; `24:00` ends a day. Instants are UTC; the calendar turns
//! its local windows into UTC intervals day by day, so a 23- or 25-hour day is measured as it
//! really was.

use crate::domain::zone::Zone;
use crate::error::FieldError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;

/// A local time of day as minutes after midnight, `00:00`..=`24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hm(u16);

impl Hm {
    pub const MIDNIGHT: Hm = Hm(0);
    pub const END_OF_DAY: Hm = Hm(24 * 60);

    pub fn new(hours: u16, minutes: u16) -> Option<Hm> {
        let m = hours.checked_mul(60)?.checked_add(minutes)?;
        (minutes < 60 && m <= 24 * 60).then_some(Hm(m))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// `"09:00"`, `"9:30"`, `"24:00"`.
    pub fn parse(s: &str) -> Option<Hm> {
        let (h, m) = s.trim().split_once(':')?;
        if m.len() != 2 || h.is_empty() || h.len() > 2 {
            return None;
        }
        Hm::new(h.parse().ok()?, m.parse().ok()?)
    }
}

impl std::fmt::Display for Hm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for Hm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Hm::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a time like 09:00")))
    }
}

/// One working window of a day, `["09:00","13:00"]` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window(pub Hm, pub Hm);

/// Windows per weekday, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Week {
    #[serde(default)]
    pub mon: Vec<Window>,
    #[serde(default)]
    pub tue: Vec<Window>,
    #[serde(default)]
    pub wed: Vec<Window>,
    #[serde(default)]
    pub thu: Vec<Window>,
    #[serde(default)]
    pub fri: Vec<Window>,
    #[serde(default)]
    pub sat: Vec<Window>,
    #[serde(default)]
    pub sun: Vec<Window>,
}

impl Week {
    pub const DAYS: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// Windows of day `i` (0 = Monday).
    pub fn day(&self, i: usize) -> &[Window] {
        match i {
            0 => &self.mon,
            1 => &self.tue,
            2 => &self.wed,
            3 => &self.thu,
            4 => &self.fri,
            5 => &self.sat,
            _ => &self.sun,
        }
    }

    pub fn day_mut(&mut self, i: usize) -> &mut Vec<Window> {
        match i {
            0 => &mut self.mon,
            1 => &mut self.tue,
            2 => &mut self.wed,
            3 => &mut self.thu,
            4 => &mut self.fri,
            5 => &mut self.sat,
            _ => &mut self.sun,
        }
    }

    fn uniform(days: usize, windows: &[Window]) -> Week {
        let mut w = Week::default();
        for i in 0..days {
            *w.day_mut(i) = windows.to_vec();
        }
        w
    }
}

/// A dated exception: a holiday (no windows), a short day, a working weekend day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub date: NaiveDate,
    #[serde(default)]
    pub windows: Vec<Window>,
    /// What the day is ("New Year"), for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A working calendar as stored and sent over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub timezone: String,
    pub week: Week,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// Ready-made calendars offered by the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Around the clock.
    AlwaysOn,
    /// Monday to Friday, 09:00–18:00.
    MonFri9to18,
    /// Monday to Saturday, 08:00–20:00.
    MonSat8to20,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::AlwaysOn, Preset::MonFri9to18, Preset::MonSat8to20];

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::AlwaysOn => "always_on",
            Preset::MonFri9to18 => "mon_fri_9_18",
            Preset::MonSat8to20 => "mon_sat_8_20",
        }
    }

    pub fn parse(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn calendar(self, timezone: &str) -> Calendar {
        let hm = |h: u16| Hm(h * 60);
        let week = match self {
            Preset::AlwaysOn => Week::uniform(7, &[Window(Hm::MIDNIGHT, Hm::END_OF_DAY)]),
            Preset::MonFri9to18 => Week::uniform(5, &[Window(hm(9), hm(18))]),
            Preset::MonSat8to20 => Week::uniform(6, &[Window(hm(8), hm(20))]),
        };
        Calendar {
            timezone: timezone.to_string(),
            week,
            exceptions: vec![],
        }
    }
}

impl Calendar {
    /// Around the clock in `timezone`: working time equals wall time.
    pub fn always(timezone: &str) -> Calendar {
        Preset::AlwaysOn.calendar(timezone)
    }

    /// Every problem at once, with field paths such as `week.mon.1` or `exceptions.0.date`.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = vec![];
        if Zone::parse(&self.timezone).is_none() {
            errors.push(FieldError::new("timezone", "invalid_timezone"));
        }
        let check = |errors: &mut Vec<FieldError>, path: String, windows: &[Window]| {
            let mut sorted = windows.to_vec();
            sorted.sort_by_key(|w| w.0);
            for (i, w) in windows.iter().enumerate() {
                if w.0 >= w.1 {
                    errors.push(FieldError::new(format!("{path}.{i}"), "window_order"));
                }
            }
            if sorted.windows(2).any(|p| p[1].0 < p[0].1) {
                errors.push(FieldError::new(path, "windows_overlap"));
            }
        };
        for (i, day) in Week::DAYS.iter().enumerate() {
            check(&mut errors, format!("week.{day}"), self.week.day(i));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, e) in self.exceptions.iter().enumerate() {
            check(&mut errors, format!("exceptions.{i}.windows"), &e.windows);
            if !seen.insert(e.date) {
                errors.push(FieldError::new(
                    format!("exceptions.{i}.date"),
                    "duplicate_date",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The fast form used for arithmetic. An unknown timezone falls back to UTC (a stored
    /// calendar was validated when saved).
    pub fn compile(&self) -> Compiled {
        let tz = crate::domain::time::zone(&self.timezone);
        let spans = |ws: &[Window]| {
            let mut v: Vec<(u16, u16)> = ws
                .iter()
                .filter(|w| w.0 < w.1)
                .map(|w| (w.0.0, w.1.0))
                .collect();
            v.sort_unstable();
            v
        };
        let week: [Vec<(u16, u16)>; 7] = std::array::from_fn(|i| spans(self.week.day(i)));
        let exceptions: HashMap<NaiveDate, Vec<(u16, u16)>> = self
            .exceptions
            .iter()
            .map(|e| (e.date, spans(&e.windows)))
            .collect();
        let always = exceptions.is_empty() && week.iter().all(|d| d.as_slice() == [(0, 24 * 60)]);
        let never = exceptions.values().all(Vec::is_empty) && week.iter().all(Vec::is_empty);
        Compiled {
            tz,
            week,
            exceptions,
            always,
            never,
            blocks: Default::default(),
        }
    }
}

/// A calendar ready for arithmetic. Cheap to clone; build once per calendar, reuse for every
/// request.
#[derive(Debug, Clone)]
pub struct Compiled {
    tz: Zone,
    week: [Vec<(u16, u16)>; 7],
    exceptions: HashMap<NaiveDate, Vec<(u16, u16)>>,
    always: bool,
    never: bool,
    /// Blocks of `BLOCK_DAYS` local days with their UTC spans and running totals, computed on
    /// first use and shared by clones: a long interval costs one lookup per block, not per day.
    blocks: std::sync::Arc<std::sync::RwLock<HashMap<i64, std::sync::Arc<Block>>>>,
}

/// Local days per block of the span table.
const BLOCK_DAYS: i64 = 32;

/// Blocks kept before the table starts over (about 20 years).
const BLOCK_CACHE: usize = 256;

/// How far the arithmetic looks ahead for the next working minute (a calendar whose only
/// working day is years away is treated as having none).
const HORIZON_DAYS: i64 = 3 * 366;

/// The working spans of `BLOCK_DAYS` consecutive local days, in UTC and in order (spans of a
/// day lie inside that day, so they never overlap across days), with running totals.
#[derive(Debug)]
struct Block {
    spans: Box<[(DateTime<Utc>, DateTime<Utc>)]>,
    /// `prefix[k]`: working milliseconds of `spans[..k]`; one longer than `spans`.
    prefix: Box<[i64]>,
}

impl Block {
    fn total_ms(&self) -> i64 {
        self.prefix.last().copied().unwrap_or(0)
    }

    /// Working milliseconds of the block before `t`.
    fn before_ms(&self, t: DateTime<Utc>) -> i64 {
        let k = self.spans.partition_point(|&(_, e)| e <= t);
        let done = self.prefix.get(k).copied().unwrap_or(0);
        match self.spans.get(k) {
            Some(&(s, _)) if s < t => done + (t - s).num_milliseconds(),
            _ => done,
        }
    }

    fn contains(&self, t: DateTime<Utc>) -> bool {
        let k = self.spans.partition_point(|&(_, e)| e <= t);
        self.spans.get(k).is_some_and(|&(s, _)| s <= t)
    }
}

impl Compiled {
    pub fn timezone(&self) -> &Zone {
        &self.tz
    }

    /// True when every instant is working time.
    pub fn is_always(&self) -> bool {
        self.always
    }

    fn windows_on(&self, date: NaiveDate) -> &[(u16, u16)] {
        match self.exceptions.get(&date) {
            Some(w) => w,
            None => &self.week[date.weekday().num_days_from_monday() as usize],
        }
    }

    /// The UTC instant of local `date` + `minute` (a time skipped by a DST jump moves to the
    /// first instant after the jump; a repeated time takes its first or last occurrence).
    fn instant(&self, date: NaiveDate, minute: u16, last: bool) -> DateTime<Utc> {
        let (date, minute) = if minute >= 24 * 60 {
            (date.succ_opt().unwrap_or(date), 0)
        } else {
            (date, minute)
        };
        let mut local: NaiveDateTime = date
            .and_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)
            .unwrap_or_default();
        for _ in 0..(4 * 60) {
            match self.tz.instants(local) {
                chrono::LocalResult::Single(t) => return t,
                chrono::LocalResult::Ambiguous(a, b) => {
                    return if last { b } else { a };
                }
                chrono::LocalResult::None => local += Duration::minutes(1),
            }
        }
        Utc.from_utc_datetime(&local)
    }

    /// The number of the block holding local `date`.
    fn block_no(date: NaiveDate) -> i64 {
        i64::from(date.num_days_from_ce()).div_euclid(BLOCK_DAYS)
    }

    /// The block holding the local date of `t`.
    fn block_of(&self, t: DateTime<Utc>) -> i64 {
        Self::block_no(self.local_date(t))
    }

    /// Block `no` from the table (computed on first use).
    fn block(&self, no: i64) -> std::sync::Arc<Block> {
        if let Ok(table) = self.blocks.read()
            && let Some(b) = table.get(&no)
        {
            return b.clone();
        }
        let first = i32::try_from(no * BLOCK_DAYS)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or_default();
        let mut spans = vec![];
        for date in first.iter_days().take(BLOCK_DAYS as usize) {
            spans.extend(self.day_spans(date));
        }
        let mut prefix = Vec::with_capacity(spans.len() + 1);
        let mut total = 0;
        prefix.push(0);
        for &(s, e) in &spans {
            total += (e - s).num_milliseconds();
            prefix.push(total);
        }
        let block = std::sync::Arc::new(Block {
            spans: spans.into(),
            prefix: prefix.into(),
        });
        if let Ok(mut table) = self.blocks.write() {
            if table.len() >= BLOCK_CACHE {
                table.clear();
            }
            table.insert(no, block.clone());
        }
        block
    }

    /// The UTC offset in force at `t`, in seconds.
    fn offset_at(&self, t: DateTime<Utc>) -> i64 {
        i64::from(self.tz.offset_seconds(t))
    }

    /// The day's working intervals in UTC, in order: every instant whose local wall-clock
    /// time falls inside a window of `date`. The day is cut where the UTC offset changes
    /// (a DST switch), so a repeated hour counts twice and a skipped hour not at all.
    fn day_spans(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let windows = self.windows_on(date);
        if windows.is_empty() {
            return vec![];
        }
        let day_start = self.instant(date, 0, false);
        let day_end = self.instant(date, 24 * 60, false);
        // Segments of constant offset: at most one switch a day in practice.
        let mut segments = vec![];
        let mut a = day_start;
        while a < day_end {
            let off = self.offset_at(a);
            let last = day_end - Duration::seconds(1);
            let b = if self.offset_at(last) == off {
                day_end
            } else {
                // Whole seconds: switches happen on the second.
                let (mut lo, mut hi) = (a.timestamp(), last.timestamp());
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    let at = DateTime::from_timestamp(mid, 0).unwrap_or(a);
                    if self.offset_at(at) == off {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                DateTime::from_timestamp(hi, 0).unwrap_or(day_end)
            };
            segments.push((a, b, off));
            a = b;
        }
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let mut out = vec![];
        for &(ws, we) in windows {
            for &(a, b, off) in &segments {
                let local =
                    |m: u16| midnight + Duration::minutes(i64::from(m)) - Duration::seconds(off);
                let s = Utc.from_utc_datetime(&local(ws)).max(a);
                let e = Utc.from_utc_datetime(&local(we)).min(b);
                if s < e {
                    out.push((s, e));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        self.tz.local(t).date()
    }

    /// Working seconds in `[from, to)`.
    pub fn working_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from || self.never {
            return 0;
        }
        if self.always {
            return (to - from).num_seconds();
        }
        // A window of the previous local day may end after `from` when the window spans a DST
        // shift; start one block early to be safe.
        let mut ms = 0;
        for no in self.block_of(from) - 1..=self.block_of(to) {
            let b = self.block(no);
            ms += b.before_ms(to) - b.before_ms(from);
        }
        ms / 1000
    }

    /// The instant at which `seconds` of working time have passed since `from`; `None` when
    /// the calendar has no working time within the horizon.
    pub fn add_working(&self, from: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        if self.always {
            return Some(from + Duration::seconds(seconds));
        }
        if self.never {
            return None;
        }
        let mut left = seconds.max(0);
        let first = self.block_of(from) - 1;
        let last = Self::block_no(self.local_date(from) + Duration::days(HORIZON_DAYS));
        for no in first..=last {
            let b = self.block(no);
            // A block wholly after `from` is skipped by its total unless the instant is in it.
            if b.spans.first().is_none_or(|&(s, _)| from <= s) {
                let total = b.total_ms() / 1000;
                if total == 0 || left > total {
                    left -= total;
                    continue;
                }
            }
            for &(s, e) in b.spans.iter() {
                let a = s.max(from);
                if e <= a {
                    continue;
                }
                let span = (e - a).num_seconds();
                if left <= span {
                    return Some(a + Duration::seconds(left));
                }
                left -= span;
            }
        }
        None
    }

    /// Whether `t` is inside a working window.
    pub fn is_working(&self, t: DateTime<Utc>) -> bool {
        if self.always {
            return true;
        }
        let no = self.block_of(t);
        [no - 1, no].into_iter().any(|n| self.block(n).contains(t))
    }

    /// The next instant at or after `t` when working time runs (`t` itself when it does).
    pub fn next_working(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_working(t) {
            return Some(t);
        }
        self.add_working(t, 0)
    }
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
