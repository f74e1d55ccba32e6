//! Holidays from an iCalendar (.ics) file: every all-day event (or the days a timed event
//! covers) becomes a day off in the calendar, unless that date already has an exception.

use crate::domain::sla::calendar::{Calendar, Exception};
use chrono::{Duration, NaiveDate};
use icalendar::{CalendarComponent, Component, DatePerhapsTime};

/// Dates (with the event's summary) listed in an .ics text. Multi-day events cover every day
/// up to their exclusive end; at most 400 days per event.
pub fn holidays(text: &str) -> Result<Vec<(NaiveDate, Option<String>)>, &'static str> {
    let cal: icalendar::Calendar = text.parse().map_err(|_| "ics_invalid")?;
    let mut out = vec![];
    for c in &cal.components {
        let CalendarComponent::Event(e) = c else {
            continue;
        };
        let date = |d: DatePerhapsTime| match d {
            DatePerhapsTime::Date(d) => Some(d),
            DatePerhapsTime::DateTime(dt) => Some(match dt {
                icalendar::CalendarDateTime::Floating(n) => n.date(),
                icalendar::CalendarDateTime::Utc(t) => t.date_naive(),
                icalendar::CalendarDateTime::WithTimezone { date_time, .. } => date_time.date(),
            }),
        };
        let Some(start) = e.get_start().and_then(date) else {
            continue;
        };
        let end = e
            .get_end()
            .and_then(date)
            .filter(|d| *d > start)
            .unwrap_or(start + Duration::days(1));
        let name = e
            .get_summary()
            .map(|s| s.chars().take(80).collect::<String>());
        let mut d = start;
        while d < end && (d - start).num_days() < 400 {
            out.push((d, name.clone()));
            d += Duration::days(1);
        }
    }
    if out.is_empty() {
        return Err("ics_no_events");
    }
    Ok(out)
}

/// Adds the holidays to `cal`; returns how many dates were new.
pub fn merge(cal: &mut Calendar, days: Vec<(NaiveDate, Option<String>)>) -> usize {
    let mut added = 0;
    for (date, name) in days {
        if cal.exceptions.iter().any(|e| e.date == date) {
            continue;
        }
        cal.exceptions.push(Exception {
            date,
            windows: vec![],
            name,
        });
        added += 1;
    }
    cal.exceptions.sort_by_key(|e| e.date);
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20260321\r\nDTEND;VALUE=DATE:20260324\r\nSUMMARY:Навруз\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260509\r\nSUMMARY:День памяти\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn all_day_events_become_days_off() {
        let days = holidays(ICS).unwrap_or_default();
        let dates: Vec<String> = days.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(
            dates,
            vec!["2026-03-21", "2026-03-22", "2026-03-23", "2026-05-09"]
        );
        assert_eq!(days[0].1.as_deref(), Some("Навруз"));
        let mut cal = Calendar::always("Asia/Tashkent");
        assert_eq!(merge(&mut cal, days.clone()), 4);
        assert_eq!(merge(&mut cal, days), 0, "importing twice adds nothing");
        assert!(cal.validate().is_ok());
    }

    #[test]
    fn garbage_is_refused() {
        assert_eq!(holidays("hello"), Err("ics_invalid"));
        assert_eq!(
            holidays("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
            Err("ics_no_events")
        );
    }
}
