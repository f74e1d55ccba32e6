//! The life of one resident's request: who calls about what, how fast the dispatcher assigns
//! it, how long the executor takes, and where the recent ones are still stuck.

use super::property::{ASSIGNED, CLOSED, DONE, IN_PROGRESS, NEW, REJECTED, WAITING};
use super::rand_util::{hours, minutes, phrase, pick, weighted, working};
use super::texts::{self, CATEGORIES};
use super::timeline::Timeline;
use super::write::Plan;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rand::Rng;

/// An apartment with its building and resident.
pub struct Home {
    pub building_id: i64,
    pub apartment_id: i64,
    pub contact_id: i64,
    pub floor: i32,
}

/// Everything a request's life depends on.
pub struct World<'a> {
    pub tz: Tz,
    pub now: DateTime<Utc>,
    pub homes: &'a [Home],
    /// Category ids in the order of [`CATEGORIES`].
    pub categories: &'a [i64],
    /// Per team: (user id, left the company) of its executors.
    pub teams: &'a [Vec<(i64, bool)>],
    pub dispatcher: i64,
    /// When the executor who left stopped getting requests.
    pub left_at: DateTime<Utc>,
}

/// Share of status changes (that have a later one) arriving late.
const LATE_SHARE: f64 = 0.01;
/// Working day of the dispatcher and the executors, local hours.
const DAY: (u32, u32) = (8, 20);

impl World<'_> {
    /// A request created at `created_at`, with its whole history up to `now`.
    pub fn plan(&self, rng: &mut impl Rng, created_at: DateTime<Utc>) -> Plan {
        let weights: Vec<u32> = CATEGORIES.iter().map(|c| c.weight).collect();
        let cat_index = weighted(rng, &weights);
        let cat = &CATEGORIES[cat_index.min(CATEGORIES.len() - 1)];
        let home = pick(rng, self.homes);
        let entrance = rng.random_range(1..=3);
        let (title, description) = texts::request_text(rng, cat, entrance, home.floor);
        let priority = [1i16, 2, 3, 4][weighted(rng, &[8, 67, 20, 5])];
        let urgent = rng.random_bool(match priority {
            4 => 0.6,
            3 => 0.15,
            _ => 0.04,
        });
        let channel = ["phone", "telegram", "web", "email"][weighted(rng, &[40, 30, 20, 10])];

        let d = Some(self.dispatcher);
        let mut tl = Timeline::new(created_at, NEW, d);
        let fast = urgent || priority >= 3;
        let team = self.teams.get(cat.team).map(Vec::as_slice).unwrap_or(&[]);
        let rejected = rng.random_bool(0.03) || team.is_empty();
        if rejected {
            if !team.is_empty() && rng.random_bool(0.3) {
                self.assign(rng, &mut tl, team, fast);
            }
            let t = tl.last() + minutes(rng, 10.0, 240.0);
            let t = self.day(rng, t, fast);
            let t = tl.comment(t, phrase(rng, texts::REJECT_REASONS), d);
            tl.status(t + Duration::minutes(1), REJECTED, d);
        } else {
            self.resolve(rng, &mut tl, team, fast, cat.work_hours);
            self.leave_open(rng, &mut tl, created_at);
        }

        Plan {
            title,
            description,
            category_id: self.categories.get(cat_index).copied(),
            priority,
            urgent,
            channel,
            external_id: None,
            building_id: Some(home.building_id),
            apartment_id: Some(home.apartment_id),
            contact_id: Some(home.contact_id),
            created_by: d,
            events: tl.finish(rng, self.now, LATE_SHARE),
        }
    }

    /// `t`, or the next morning for what can wait.
    fn day(&self, rng: &mut impl Rng, t: DateTime<Utc>, fast: bool) -> DateTime<Utc> {
        if fast {
            t
        } else {
            working(rng, t, self.tz, DAY.0, DAY.1, 60)
        }
    }

    /// An executor of `team` who still works at `t`, not `except` if there is another.
    fn executor(
        &self,
        rng: &mut impl Rng,
        team: &[(i64, bool)],
        t: DateTime<Utc>,
        except: Option<i64>,
    ) -> Option<i64> {
        let available: Vec<i64> = team
            .iter()
            .filter(|(id, left)| !(*left && t > self.left_at) && Some(*id) != except)
            .map(|(id, _)| *id)
            .collect();
        if available.is_empty() {
            return except.or_else(|| team.first().map(|(id, _)| *id));
        }
        Some(*pick(rng, &available))
    }

    /// The dispatcher assigns an executor and the request becomes "Назначена"; sometimes
    /// someone else takes it over. Returns the executor.
    fn assign(
        &self,
        rng: &mut impl Rng,
        tl: &mut Timeline,
        team: &[(i64, bool)],
        fast: bool,
    ) -> Option<i64> {
        let d = Some(self.dispatcher);
        let delay = if fast {
            minutes(rng, 3.0, 30.0)
        } else {
            minutes(rng, 5.0, 180.0)
        };
        let t = self.day(rng, tl.last() + delay, fast);
        let mut exec = self.executor(rng, team, t, None)?;
        let t = tl.assign(t, exec, d);
        tl.status(
            t + Duration::seconds(rng.random_range(60..600)),
            ASSIGNED,
            d,
        );
        if rng.random_bool(0.05) {
            let t = tl.last() + minutes(rng, 10.0, 120.0);
            if let Some(other) = self.executor(rng, team, t, Some(exec)) {
                tl.assign(t, other, d);
                exec = other;
            }
        }
        if rng.random_bool(0.06) {
            let t = tl.last() + minutes(rng, 5.0, 60.0);
            tl.comment(t, phrase(rng, texts::DISPATCHER_NOTES), d);
        }
        Some(exec)
    }

    /// Assigned, in progress (maybe waiting for the resident), done, closed, maybe re-opened.
    fn resolve(
        &self,
        rng: &mut impl Rng,
        tl: &mut Timeline,
        team: &[(i64, bool)],
        fast: bool,
        work: (f64, f64),
    ) {
        let d = Some(self.dispatcher);
        let exec = self.assign(rng, tl, team, fast);
        let start = if fast {
            minutes(rng, 5.0, 60.0)
        } else {
            minutes(rng, 20.0, 18.0 * 60.0)
        };
        let t = self.day(rng, tl.last() + start, fast);
        tl.status(t, IN_PROGRESS, exec);
        if rng.random_bool(0.12) {
            let t = tl.last() + minutes(rng, 30.0, 360.0);
            let t = if rng.random_bool(0.5) {
                tl.comment(t, phrase(rng, texts::WAITING_NOTES), exec) + Duration::minutes(1)
            } else {
                t
            };
            tl.status(t, WAITING, exec);
            let t = tl.last() + hours(rng, 2.0, 72.0);
            let t = self.day(rng, t, false);
            tl.status(t, IN_PROGRESS, exec);
        }
        self.finish_work(rng, tl, exec, work);
        if rng.random_bool(0.02) {
            // The dispatcher checks with the resident before closing: not fixed yet.
            let t = tl.last() + hours(rng, 2.0, 24.0);
            let t = tl.comment(t, phrase(rng, texts::REOPEN_NOTES), d);
            tl.status(t + Duration::minutes(1), IN_PROGRESS, exec);
            self.finish_work(rng, tl, exec, work);
        }
        let t = tl.last() + hours(rng, 1.0, 72.0);
        let t = self.day(rng, t, false);
        tl.status(t, CLOSED, d);
        if rng.random_bool(0.04) {
            // The problem came back after closing.
            let t = tl.last() + hours(rng, 24.0, 120.0);
            let t = tl.comment(t, phrase(rng, texts::REOPEN_NOTES), d);
            tl.status(t + Duration::minutes(1), IN_PROGRESS, exec);
            self.finish_work(rng, tl, exec, (1.0, 24.0));
            let t = tl.last() + hours(rng, 2.0, 48.0);
            let t = self.day(rng, t, false);
            tl.status(t, CLOSED, d);
        }
    }

    fn finish_work(
        &self,
        rng: &mut impl Rng,
        tl: &mut Timeline,
        exec: Option<i64>,
        work: (f64, f64),
    ) {
        let mut t = tl.last() + hours(rng, work.0, work.1);
        if rng.random_bool(0.1) {
            t = tl.comment(t, phrase(rng, texts::EXECUTOR_NOTES), exec) + Duration::minutes(1);
        }
        tl.status(t, DONE, exec);
    }

    /// Recent requests are mostly still open, old ones rarely. Sized so that the open requests
    /// assigned to each executor stay around their max load (8–12), as in a real service.
    fn leave_open(&self, rng: &mut impl Rng, tl: &mut Timeline, created_at: DateTime<Utc>) {
        let age_days = (self.now - created_at).num_minutes() as f64 / 1440.0;
        let p_open = if age_days < 5.0 {
            0.9 - 0.5 * age_days / 5.0
        } else {
            0.004
        };
        if !rng.random_bool(p_open.clamp(0.0, 1.0)) {
            return;
        }
        let weights: &[u32] = if age_days < 1.0 {
            &[30, 30, 30, 5, 5]
        } else {
            &[2, 20, 45, 13, 20]
        };
        let stop = [NEW, ASSIGNED, IN_PROGRESS, WAITING, DONE][weighted(rng, weights)];
        if !tl.stop_at(stop) {
            tl.stop_at(IN_PROGRESS);
        }
    }
}
