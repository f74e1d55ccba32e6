//! Times are stored in UTC and shown in the company's timezone.

use super::zone::Zone;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Parses an IANA timezone name (server side); unknown names fall back to UTC so a page always
/// renders.
#[cfg(feature = "ssr")]
pub fn tz(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::Tz::UTC)
}

/// The zone named `name`, or UTC.
pub fn zone(name: &str) -> Zone {
    Zone::parse(name).unwrap_or_else(Zone::utc)
}

/// A timestamp for people: `21.11.2026 14:05` (ru, uk) or `2026-11-21 14:05` (en), in `zone`.
pub fn format_local(at: DateTime<Utc>, zone: &str, lang: &str) -> String {
    use chrono::{Datelike, Timelike};
    // Written field by field: a `format` string is parsed again on every call, and a list
    // page shows a hundred times.
    let t = self::zone(zone).local(at);
    let (y, m, d, h, min) = (t.year(), t.month(), t.day(), t.hour(), t.minute());
    match lang {
        "ru" | "uk" => format!("{d:02}.{m:02}.{y:04} {h:02}:{min:02}"),
        _ => format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}"),
    }
}

/// The UTC instant at which `day` begins in `zone` (midnight, or the first valid instant after
/// it on a DST jump).
pub fn day_start_utc(day: NaiveDate, zone: &str) -> DateTime<Utc> {
    let zone = self::zone(zone);
    let mut t = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..4 {
        if let Some(dt) = zone.instants(t).earliest() {
            return dt;
        }
        t += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_the_company_zone() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 12, 5, 0).single();
        let Some(at) = at else { panic!("valid date") };
        assert_eq!(format_local(at, "Europe/Kyiv", "ru"), "21.11.2026 14:05");
        assert_eq!(format_local(at, "Asia/Tashkent", "en"), "2026-11-21 17:05");
        assert_eq!(format_local(at, "Not/AZone", "en"), "2026-11-21 12:05");
    }

    #[test]
    fn day_start_respects_the_offset() {
        let Some(day) = NaiveDate::from_ymd_opt(2026, 3, 29) else {
            panic!("valid date")
        };
        // Kyiv is UTC+2 until 03:00 local on the last Sunday of March.
        assert_eq!(
            day_start_utc(day, "Europe/Kyiv").to_rfc3339(),
            "2026-03-28T22:00:00+00:00"
        );
    }
}
