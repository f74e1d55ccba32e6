//! When requests arrive: a weight per local weekday and hour, turned into `n` increasing
//! times over a period. The i-th arrival is computed on its own (inverse of the cumulative
//! weight), so requests can be generated chunk by chunk in number order with bounded memory.

use super::rand_util::local_weekday_hour;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// Arrival times over whole hours ending at the last full hour before `now`.
pub struct Arrivals {
    start: DateTime<Utc>,
    /// Cumulative share of arrivals at the end of each hour; the last is 1.
    cumulative: Vec<f64>,
}

impl Arrivals {
    /// `weight(weekday, hour)` in the company's timezone, `weekday` 0 = Monday.
    pub fn new(now: DateTime<Utc>, days: i64, tz: Tz, weight: impl Fn(u32, u32) -> f64) -> Self {
        let secs = now.timestamp();
        let last_full_hour = now - Duration::seconds(secs.rem_euclid(3600));
        let hours = (days * 24).max(1);
        let start = last_full_hour - Duration::hours(hours);
        let mut cumulative = Vec::with_capacity(hours as usize);
        let mut sum = 0.0;
        for h in 0..hours {
            let (wd, hour) = local_weekday_hour(start + Duration::hours(h), tz);
            sum += weight(wd, hour).max(0.0);
            cumulative.push(sum);
        }
        if sum > 0.0 {
            for c in &mut cumulative {
                *c /= sum;
            }
        }
        Self { start, cumulative }
    }

    /// The first moment arrivals may fall on.
    #[cfg(test)]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The time of arrival `i` of `n`; `jitter` in `[0, 1)` places it inside its share.
    /// Increasing in `i` for any jitters, whole seconds.
    pub fn at(&self, i: usize, n: usize, jitter: f64) -> DateTime<Utc> {
        let u = ((i as f64 + jitter.clamp(0.0, 0.999_999)) / n.max(1) as f64).min(0.999_999_999);
        let hour = self.cumulative.partition_point(|c| *c <= u);
        let hour = hour.min(self.cumulative.len().saturating_sub(1));
        let before = if hour == 0 {
            0.0
        } else {
            self.cumulative[hour - 1]
        };
        let width = self.cumulative[hour] - before;
        let frac = if width > 0.0 {
            ((u - before) / width).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let secs = (frac * 3599.0).floor() as i64;
        self.start + Duration::hours(hour as i64) + Duration::seconds(secs)
    }
}

/// Residents call during the working day on weekdays; nights and weekends are quiet.
pub fn property_weight(weekday: u32, hour: u32) -> f64 {
    let by_hour = match hour {
        0..=6 => 0.05,
        7 => 0.35,
        8 => 0.9,
        9..=11 => 1.3,
        12..=13 => 1.0,
        14..=17 => 1.1,
        18 => 0.8,
        19 => 0.5,
        20..=21 => 0.3,
        _ => 0.1,
    };
    let by_day = match weekday {
        0 => 1.2, // Monday: the weekend's problems
        1..=4 => 1.0,
        5 => 0.4,
        _ => 0.3,
    };
    by_hour * by_day
}

/// Online shoppers order all day long, evenings included, a little less at weekends.
pub fn shop_weight(weekday: u32, hour: u32) -> f64 {
    let by_hour = match hour {
        0..=6 => 0.1,
        7..=8 => 0.5,
        9..=12 => 1.0,
        13..=18 => 1.1,
        19..=22 => 1.3,
        _ => 0.4,
    };
    let by_day = if weekday >= 5 { 0.8 } else { 1.0 };
    by_hour * by_day
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn arrivals_increase_and_stay_inside_the_period() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 21, 10, 17, 3)
            .single()
            .unwrap_or_default();
        let a = Arrivals::new(now, 30, chrono_tz::Asia::Tashkent, property_weight);
        let n = 1000;
        let mut prev = a.start();
        for i in 0..n {
            let t = a.at(i, n, 0.5);
            assert!(t >= prev, "{i}");
            assert!(t < now);
            prev = t;
        }
        assert!(a.at(0, n, 0.0) >= a.start());
    }
}
