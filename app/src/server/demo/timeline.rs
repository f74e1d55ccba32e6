//! Building one request's history in source-time order, then cutting it at "now", leaving it
//! open part-way, and letting some status events arrive late.

use super::rand_util::{hours, minutes};
use super::write::{Ev, What};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;

/// Events of one request in source-time order, each at least a minute after the previous one
/// (so no two status events of a request ever share a time).
pub struct Timeline {
    events: Vec<Ev>,
}

impl Timeline {
    pub fn new(at: DateTime<Utc>, status: usize, actor: Option<i64>) -> Self {
        Self {
            events: vec![Ev {
                at,
                recorded_at: at,
                what: What::Created(status),
                actor,
            }],
        }
    }

    /// The time of the latest event.
    pub fn last(&self) -> DateTime<Utc> {
        self.events.last().map(|e| e.at).unwrap_or_default()
    }

    fn push(&mut self, at: DateTime<Utc>, what: What, actor: Option<i64>) -> DateTime<Utc> {
        let at = at.max(self.last() + Duration::minutes(1));
        self.events.push(Ev {
            at,
            recorded_at: at,
            what,
            actor,
        });
        at
    }

    pub fn status(
        &mut self,
        at: DateTime<Utc>,
        status: usize,
        actor: Option<i64>,
    ) -> DateTime<Utc> {
        self.push(at, What::StatusChanged(status), actor)
    }

    pub fn assign(&mut self, at: DateTime<Utc>, to: i64, actor: Option<i64>) -> DateTime<Utc> {
        self.push(at, What::Assigned(to), actor)
    }

    pub fn comment(&mut self, at: DateTime<Utc>, body: &str, actor: Option<i64>) -> DateTime<Utc> {
        self.push(at, What::Commented(body.to_string()), actor)
    }

    /// Leaves the request open in `status`: drops everything after the first time it got
    /// there. False (and nothing changes) if it never did.
    pub fn stop_at(&mut self, status: usize) -> bool {
        let pos = self.events.iter().position(
            |e| matches!(e.what, What::Created(s) | What::StatusChanged(s) if s == status),
        );
        match pos {
            Some(p) => {
                self.events.truncate(p + 1);
                true
            }
            None => false,
        }
    }

    /// The events as they reached the server: nothing after `now`; recorded a few seconds
    /// after they happened; with probability `late_share` per status change that has a later
    /// one (at most one per request) the change arrives hours late, after the later change.
    pub fn finish(mut self, rng: &mut impl Rng, now: DateTime<Utc>, late_share: f64) -> Vec<Ev> {
        self.events.retain(|e| e.at <= now);
        for e in &mut self.events {
            e.recorded_at = (e.at + Duration::seconds(rng.random_range(0..4))).min(now);
        }
        let status_positions: Vec<usize> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.what, What::StatusChanged(_)))
            .map(|(i, _)| i)
            .collect();
        for pair in status_positions.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            if !rng.random_bool(late_share) {
                continue;
            }
            let next_recorded = self.events[q].recorded_at;
            if next_recorded + Duration::minutes(1) > now {
                break;
            }
            let late_by = self.events[p].at + hours(rng, 1.0, 8.0);
            let after_next = next_recorded + minutes(rng, 1.0, 30.0);
            let mut late = self.events.remove(p);
            late.recorded_at = late_by.max(after_next).min(now);
            // After removing `p`, the later change sits at `q - 1`: insert right after it.
            self.events.insert(q, late);
            break;
        }
        self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rand::SeedableRng;

    #[test]
    fn a_late_event_comes_after_the_next_change_but_keeps_its_time() {
        let t0 = Utc
            .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .unwrap_or_default();
        let mut tl = Timeline::new(t0, 0, None);
        tl.status(t0 + Duration::hours(1), 1, None);
        tl.status(t0 + Duration::hours(2), 2, None);
        tl.status(t0 + Duration::hours(3), 3, None);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let events = tl.finish(&mut rng, t0 + Duration::days(10), 1.0);
        let statuses: Vec<usize> = events
            .iter()
            .filter_map(|e| match e.what {
                What::StatusChanged(s) | What::Created(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(statuses, vec![0, 2, 1, 3]);
        assert!(events[2].recorded_at > events[1].recorded_at);
        assert!(events.iter().all(|e| e.recorded_at >= e.at));
    }

    #[test]
    fn nothing_after_now_and_times_strictly_increase() {
        let t0 = Utc
            .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .unwrap_or_default();
        let mut tl = Timeline::new(t0, 0, None);
        let a = tl.status(t0, 1, None);
        assert_eq!(a, t0 + Duration::minutes(1));
        tl.status(t0 + Duration::days(3), 2, None);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let events = tl.finish(&mut rng, t0 + Duration::days(1), 0.0);
        assert_eq!(events.len(), 2);
    }
}
