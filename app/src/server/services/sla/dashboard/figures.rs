//! The dashboard's figures from evaluated rows: heatmaps, the staff table, averages per window
//! and the near-breach list. No I/O.

use super::load::{Dataset, Lookups, Row};
use crate::domain::number;
use crate::domain::sla::policy::{SlaState, Target, TargetKind};
use crate::model::{HeatGrid, NearBreach, StaffRow, StaffSort, TargetView, WindowAverage};
use crate::server::services::sla::view::Names;
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use chrono_tz::Tz;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Entries of the near-breach list at most.
const NEAR_LIMIT: usize = 100;

/// The heatmap cell of `at`: (weekday from Monday, hour) in `tz`.
pub fn cell(at: DateTime<Utc>, tz: Tz) -> (usize, usize) {
    let local = at.with_timezone(&tz);
    (
        local.weekday().num_days_from_monday() as usize,
        local.hour() as usize,
    )
}

/// Breach instants and creation instants of `rows`, per weekday and hour.
pub fn heatmaps<'a>(rows: impl Iterator<Item = &'a Row>, tz: Tz) -> (HeatGrid, HeatGrid) {
    let mut breaches = [[0u32; 24]; 7];
    let mut arrivals = [[0u32; 24]; 7];
    for row in rows {
        let (d, h) = cell(row.r.created_at, tz);
        arrivals[d][h] += 1;
        for at in row.sla.breaches.iter().flatten() {
            let (d, h) = cell(*at, tz);
            breaches[d][h] += 1;
        }
    }
    (breaches, arrivals)
}

/// Working time from creation to the first assignment, once it happened.
pub fn reaction(targets: &[Target]) -> Option<i64> {
    targets
        .iter()
        .find(|t| t.kind == TargetKind::Reaction && t.finished)
        .map(|t| t.used_seconds)
}

/// Working time of the policy's first resolution cycle, once it ended.
pub fn resolution(targets: &[Target]) -> Option<i64> {
    targets
        .iter()
        .find(|t| t.kind == TargetKind::Cycle)
        .filter(|t| t.finished)
        .map(|t| t.used_seconds)
}

fn average(values: &[i64]) -> Option<i64> {
    (!values.is_empty()).then(|| values.iter().sum::<i64>() / values.len() as i64)
}

/// Finished targets and, of those, the ones within their limit.
pub fn finished(targets: &[Target]) -> (u32, u32) {
    targets
        .iter()
        .filter(|t| t.finished)
        .fold((0, 0), |(all, ok), t| {
            (all + 1, ok + u32::from(t.state != SlaState::Over))
        })
}

/// Average reaction and resolution of the requests created today, in 7 and in 30 days.
pub fn averages(ds: &Dataset) -> Vec<WindowAverage> {
    ds.bounds
        .windows
        .iter()
        .map(|(name, start)| {
            let (mut re, mut rs) = (vec![], vec![]);
            for row in ds.rows.iter().filter(|row| row.r.created_at >= *start) {
                re.extend(reaction(&row.sla.targets));
                rs.extend(resolution(&row.sla.targets));
            }
            WindowAverage {
                window: (*name).to_string(),
                reaction_seconds: average(&re),
                reactions: re.len() as u32,
                resolution_seconds: average(&rs),
                resolutions: rs.len() as u32,
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    assigned: u32,
    breached: u32,
    finished: u32,
    on_time: u32,
    reactions: Vec<i64>,
    resolutions: Vec<i64>,
}

/// One line per current assignee of `rows`, sorted; and the number of unassigned rows.
pub fn staff<'a>(
    rows: impl Iterator<Item = &'a Row>,
    lookups: &Lookups,
    sort: StaffSort,
    descending: bool,
) -> (Vec<StaffRow>, u32) {
    let mut by_user: HashMap<i64, Tally> = HashMap::new();
    let mut unassigned = 0;
    for row in rows {
        let Some(user) = row.r.assignee_id else {
            unassigned += 1;
            continue;
        };
        let t = by_user.entry(user).or_default();
        let (finished, on_time) = finished(&row.sla.targets);
        t.assigned += 1;
        t.breached += u32::from(row.breached());
        t.finished += finished;
        t.on_time += on_time;
        t.reactions.extend(reaction(&row.sla.targets));
        t.resolutions.extend(resolution(&row.sla.targets));
    }
    let mut out: Vec<StaffRow> = by_user
        .into_iter()
        .map(|(user_id, t)| StaffRow {
            user_id,
            name: lookups.users.get(&user_id).cloned().unwrap_or_default(),
            team: lookups.user_teams.get(&user_id).cloned(),
            assigned: t.assigned,
            breached: t.breached,
            finished_targets: t.finished,
            on_time_targets: t.on_time,
            reaction_seconds: average(&t.reactions),
            resolution_seconds: average(&t.resolutions),
        })
        .collect();
    sort_staff(&mut out, sort, descending);
    (out, unassigned)
}

/// Sorts by `sort`; rows without a figure go last either way, ties by name.
pub fn sort_staff(rows: &mut [StaffRow], sort: StaffSort, descending: bool) {
    let key = |r: &StaffRow| -> Option<f64> {
        match sort {
            StaffSort::Name => None,
            StaffSort::Assigned => Some(f64::from(r.assigned)),
            StaffSort::Breached => Some(f64::from(r.breached)),
            StaffSort::Violation => Some(r.violation_rate()),
            StaffSort::OnTime => r.on_time_share(),
            StaffSort::Reaction => r.reaction_seconds.map(|s| s as f64),
            StaffSort::Resolution => r.resolution_seconds.map(|s| s as f64),
        }
    };
    let flip = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by(|a, b| {
        let by_key = match (key(a), key(b)) {
            (Some(x), Some(y)) => flip(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let by_name = a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id));
        let by_name = if sort == StaffSort::Name {
            flip(by_name)
        } else {
            by_name
        };
        by_key.then(by_name)
    })
}

/// A target as the screens show it (stage names instead of ids).
pub fn target_view(t: &Target, names: &Names) -> TargetView {
    TargetView {
        kind: t.kind,
        label: match t.kind {
            TargetKind::Stage => t
                .stage_id
                .and_then(|s| names.stages.get(&s).cloned())
                .unwrap_or_default(),
            TargetKind::Cycle => t.name.clone(),
            TargetKind::Reaction => String::new(),
        },
        limit_seconds: t.limit_seconds,
        used_seconds: t.used_seconds,
        state: t.state,
        deadline: t.deadline,
        running: t.running,
        finished: t.finished,
        clock_stage_id: t.clock_stage_id,
    }
}

/// Open requests whose running target reaches its limit within `minutes` from `now`, the
/// soonest first (one entry per request: its first deadline).
pub fn near(ds: &Dataset, now: DateTime<Utc>, minutes: u32) -> Vec<NearBreach> {
    let until = now + Duration::minutes(i64::from(minutes));
    let mut out: Vec<NearBreach> = ds
        .rows
        .iter()
        .filter(|row| row.r.closed_at.is_none())
        .filter_map(|row| {
            let t = row
                .sla
                .targets
                .iter()
                .filter(|t| t.running && t.deadline.is_some_and(|d| d >= now && d <= until))
                .min_by_key(|t| t.deadline)?;
            Some(NearBreach {
                request_id: row.r.id,
                number: number::format(row.r.number),
                title: row.r.title.clone(),
                assignee: row
                    .r
                    .assignee_id
                    .and_then(|a| ds.lookups.users.get(&a).cloned()),
                target: target_view(t, &ds.names),
                near: ds
                    .ctx
                    .policy(row.r.pipeline_id)
                    .map(|p| p.near)
                    .unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by_key(|n| (n.target.deadline, n.request_id));
    out.truncate(NEAR_LIMIT);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(name: &str, assigned: u32, breached: u32, reaction: Option<i64>) -> StaffRow {
        StaffRow {
            user_id: i64::from(assigned) * 100 + i64::from(breached),
            name: name.into(),
            team: None,
            assigned,
            breached,
            finished_targets: assigned,
            on_time_targets: assigned - breached,
            reaction_seconds: reaction,
            resolution_seconds: None,
        }
    }

    fn names(rows: &[StaffRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn staff_sorts_by_violation_rate_with_missing_figures_last() {
        let mut rows = vec![
            row("Борис", 10, 1, Some(600)),
            row("Анна", 4, 2, None),
            row("Вера", 5, 0, Some(300)),
        ];
        sort_staff(&mut rows, StaffSort::Violation, true);
        assert_eq!(names(&rows), ["Анна", "Борис", "Вера"]);
        sort_staff(&mut rows, StaffSort::Violation, false);
        assert_eq!(names(&rows), ["Вера", "Борис", "Анна"]);
        sort_staff(&mut rows, StaffSort::Reaction, false);
        assert_eq!(names(&rows), ["Вера", "Борис", "Анна"]);
        sort_staff(&mut rows, StaffSort::Reaction, true);
        assert_eq!(names(&rows), ["Борис", "Вера", "Анна"], "no figure: last");
        sort_staff(&mut rows, StaffSort::Name, false);
        assert_eq!(names(&rows), ["Анна", "Борис", "Вера"]);
    }

    #[test]
    fn cells_follow_the_company_timezone() {
        // Sunday 2026-11-15 22:30 UTC is Monday 03:30 in Tashkent (UTC+5).
        let at = Utc
            .with_ymd_and_hms(2026, 11, 15, 22, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(cell(at, chrono_tz::Asia::Tashkent), (0, 3));
        assert_eq!(cell(at, chrono_tz::UTC), (6, 22));
    }
}
