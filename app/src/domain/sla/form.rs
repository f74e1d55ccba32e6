//! The settings forms as flat fields (they work without JavaScript), parsed into a calendar or
//! a policy with every problem named by its field.
//!
//! Calendar: `timezone`; `mon_0_from`/`mon_0_to` … `sun_2_to` (three windows a day, empty
//! slots ignored); exceptions `ex_N_date`, `ex_N_name`, `ex_N_from`/`ex_N_to` (a short day;
//! empty: a day off), `ex_N_delete`.
//! Policy: `stage_ID_normal`/`_urgent` (`hh:mm`), `reaction_normal`/`_urgent`,
//! `near_share` (percent), `near_minutes`, `auto_escalation`, cycles `cycle_N_name`,
//! `_start`/`_end` (`stage:ID` or `status:ID`), `_normal`, `_urgent`, `_delete`.

use super::calendar::{Calendar, Exception, Hm, Week, Window};
use super::policy::{Cycle, Limit, Limits, Near, Point, Policy};
use crate::error::FieldError;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Window slots per weekday in the editor.
pub const SLOTS: usize = 3;

fn get<'a>(form: &'a HashMap<String, String>, key: &str) -> &'a str {
    form.get(key).map(|v| v.trim()).unwrap_or("")
}

fn checked(form: &HashMap<String, String>, key: &str) -> bool {
    matches!(get(form, key), "on" | "true" | "1")
}

/// A window from two time fields; both empty is no window.
fn window(
    form: &HashMap<String, String>,
    from: &str,
    to: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Window> {
    match (get(form, from), get(form, to)) {
        ("", "") => None,
        (a, b) => match (Hm::parse(a), Hm::parse(b)) {
            (Some(a), Some(b)) if a < b => Some(Window(a, b)),
            (Some(_), Some(_)) => {
                errors.push(FieldError::new(to, "window_order"));
                None
            }
            (None, _) => {
                errors.push(FieldError::new(from, "invalid_time"));
                None
            }
            (_, None) => {
                errors.push(FieldError::new(to, "invalid_time"));
                None
            }
        },
    }
}

/// Exception rows present in the form (`ex_0_…`, `ex_1_…`).
fn exception_rows(form: &HashMap<String, String>, prefix: &str) -> Vec<usize> {
    let mut rows: Vec<usize> = form
        .keys()
        .filter_map(|k| k.strip_prefix(prefix)?.split('_').next()?.parse().ok())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

pub fn calendar(form: &HashMap<String, String>) -> Result<Calendar, Vec<FieldError>> {
    let mut errors = vec![];
    let mut week = Week::default();
    for (i, day) in Week::DAYS.iter().enumerate() {
        for slot in 0..SLOTS {
            if let Some(w) = window(
                form,
                &format!("{day}_{slot}_from"),
                &format!("{day}_{slot}_to"),
                &mut errors,
            ) {
                week.day_mut(i).push(w);
            }
        }
    }
    let mut exceptions = vec![];
    for row in exception_rows(form, "ex_") {
        let p = |f: &str| format!("ex_{row}_{f}");
        if checked(form, &p("delete")) {
            continue;
        }
        let date = get(form, &p("date"));
        let windows = window(form, &p("from"), &p("to"), &mut errors)
            .into_iter()
            .collect();
        if date.is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(date) => exceptions.push(Exception {
                date,
                windows,
                name: Some(get(form, &p("name")).chars().take(80).collect::<String>())
                    .filter(|n| !n.is_empty()),
            }),
            Err(_) => errors.push(FieldError::new(p("date"), "invalid_date")),
        }
    }
    exceptions.sort_by_key(|e| e.date);
    let cal = Calendar {
        timezone: get(form, "timezone").to_string(),
        week,
        exceptions,
    };
    if let Err(more) = cal.validate() {
        errors.extend(more);
    }
    if errors.is_empty() {
        Ok(cal)
    } else {
        Err(errors)
    }
}

fn limit(form: &HashMap<String, String>, key: &str, errors: &mut Vec<FieldError>) -> Option<Limit> {
    match get(form, key) {
        "" => None,
        v => Limit::parse(v).or_else(|| {
            errors.push(FieldError::new(key, "invalid_duration"));
            None
        }),
    }
}

fn point(v: &str) -> Option<Point> {
    let (kind, id) = v.split_once(':')?;
    let id = id.parse().ok()?;
    match kind {
        "stage" => Some(Point::Stage { stage_id: id }),
        "status" => Some(Point::Status { status_id: id }),
        _ => None,
    }
}

/// The policy from the form; `stage_ids` are the pipeline's stages (their grid rows).
pub fn policy(
    form: &HashMap<String, String>,
    stage_ids: &[i64],
) -> Result<Policy, Vec<FieldError>> {
    let mut errors = vec![];
    let mut stages = BTreeMap::new();
    for id in stage_ids {
        let l = Limits {
            normal: limit(form, &format!("stage_{id}_normal"), &mut errors),
            urgent: limit(form, &format!("stage_{id}_urgent"), &mut errors),
        };
        if l.normal.is_some() || l.urgent.is_some() {
            stages.insert(*id, l);
        }
    }
    let reaction = Limits {
        normal: limit(form, "reaction_normal", &mut errors),
        urgent: limit(form, "reaction_urgent", &mut errors),
    };
    let share = match get(form, "near_share") {
        "" => None,
        v => match v.trim_end_matches('%').parse::<f64>() {
            Ok(p) if p > 0.0 && p < 100.0 => Some(p / 100.0),
            _ => {
                errors.push(FieldError::new("near_share", "share_range"));
                None
            }
        },
    };
    let minutes = match get(form, "near_minutes") {
        "" => None,
        v => v.parse::<u32>().ok().or_else(|| {
            errors.push(FieldError::new("near_minutes", "invalid"));
            None
        }),
    };
    let mut cycles = vec![];
    for row in exception_rows(form, "cycle_") {
        let p = |f: &str| format!("cycle_{row}_{f}");
        let name = get(form, &p("name"));
        if checked(form, &p("delete")) || (name.is_empty() && get(form, &p("normal")).is_empty()) {
            continue;
        }
        let start = point(get(form, &p("start")));
        let end = point(get(form, &p("end")));
        if start.is_none() {
            errors.push(FieldError::new(p("start"), "required"));
        }
        if end.is_none() {
            errors.push(FieldError::new(p("end"), "required"));
        }
        if name.is_empty() {
            errors.push(FieldError::new(p("name"), "required"));
        }
        let limits = Limits {
            normal: limit(form, &p("normal"), &mut errors),
            urgent: limit(form, &p("urgent"), &mut errors),
        };
        if let (Some(start), Some(end)) = (start, end) {
            cycles.push(Cycle {
                name: name.chars().take(60).collect(),
                start,
                end,
                limits,
            });
        }
    }
    let policy = Policy {
        stages,
        reaction: (reaction.normal.is_some() || reaction.urgent.is_some()).then_some(reaction),
        cycles,
        near: Near { share, minutes },
        auto_escalation: checked(form, "auto_escalation"),
    };
    if errors.is_empty() {
        Ok(policy)
    } else {
        Err(errors)
    }
}

/// The value of a point field (`stage:12`).
pub fn point_value(p: &Point) -> String {
    match p {
        Point::Stage { stage_id } => format!("stage:{stage_id}"),
        Point::Status { status_id } => format!("status:{status_id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn calendar_fields_become_windows_and_exceptions() {
        let f = form(&[
            ("timezone", "Asia/Tashkent"),
            ("mon_0_from", "09:00"),
            ("mon_0_to", "13:00"),
            ("mon_1_from", "14:00"),
            ("mon_1_to", "18:00"),
            ("mon_2_from", ""),
            ("mon_2_to", ""),
            ("ex_0_date", "2026-03-21"),
            ("ex_0_name", "Навруз"),
            ("ex_1_date", "2026-03-07"),
            ("ex_1_from", "10:00"),
            ("ex_1_to", "15:00"),
            ("ex_2_date", "2026-01-01"),
            ("ex_2_delete", "on"),
            ("ex_3_date", ""),
        ]);
        let c = match calendar(&f) {
            Ok(c) => c,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(c.week.mon.len(), 2);
        assert!(c.week.tue.is_empty());
        let dates: Vec<String> = c.exceptions.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(
            dates,
            vec!["2026-03-07", "2026-03-21"],
            "sorted, the deleted row gone"
        );
        assert_eq!(c.exceptions[1].name.as_deref(), Some("Навруз"));
        assert_eq!(c.exceptions[0].windows.len(), 1, "a short working Saturday");
    }

    #[test]
    fn calendar_errors_name_their_fields() {
        let f = form(&[
            ("timezone", "Nowhere"),
            ("tue_0_from", "18:00"),
            ("tue_0_to", "09:00"),
            ("wed_0_from", "9am"),
            ("wed_0_to", "13:00"),
            ("ex_0_date", "31.12.2026"),
        ]);
        let mut fields: Vec<String> = calendar(&f)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            vec![
                "ex_0_date invalid_date",
                "timezone invalid_timezone",
                "tue_0_to window_order",
                "wed_0_from invalid_time"
            ]
        );
    }

    #[test]
    fn policy_fields_become_a_policy() {
        let f = form(&[
            ("stage_7_normal", "08:00"),
            ("stage_7_urgent", "02:00"),
            ("stage_8_normal", ""),
            ("reaction_normal", "00:30"),
            ("near_share", "80"),
            ("auto_escalation", "on"),
            ("cycle_0_name", "Полный цикл"),
            ("cycle_0_start", "stage:7"),
            ("cycle_0_end", "status:12"),
            ("cycle_0_normal", "48:00"),
            ("cycle_1_name", ""),
        ]);
        let p = match policy(&f, &[7, 8]) {
            Ok(p) => p,
            Err(e) => panic!("{e:?}"),
        };
        assert_eq!(p.stages.len(), 1);
        assert_eq!(p.stages[&7].urgent, Limit::parse("02:00"));
        assert_eq!(p.reaction.and_then(|r| r.normal), Limit::parse("00:30"));
        assert_eq!(p.near.share, Some(0.8));
        assert!(p.auto_escalation);
        assert_eq!(p.cycles.len(), 1);
        assert_eq!(p.cycles[0].end, Point::Status { status_id: 12 });
    }

    #[test]
    fn policy_errors_name_their_fields() {
        let f = form(&[
            ("stage_7_normal", "8 hours"),
            ("near_share", "120"),
            ("cycle_0_name", "x"),
            ("cycle_0_normal", "01:00"),
        ]);
        let mut fields: Vec<String> = policy(&f, &[7])
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            vec![
                "cycle_0_end required",
                "cycle_0_start required",
                "near_share share_range",
                "stage_7_normal invalid_duration"
            ]
        );
    }
}
