//! Small random helpers over any `Rng` (the loader always passes a seeded ChaCha8).

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rand::Rng;

/// A uniformly chosen element. `items` must not be empty (all callers pass constant lists).
pub fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A uniformly chosen phrase of a constant list.
pub fn phrase(rng: &mut impl Rng, items: &[&'static str]) -> &'static str {
    items[rng.random_range(0..items.len())]
}

/// An index chosen with probability proportional to its weight.
pub fn weighted(rng: &mut impl Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

/// A duration between `lo` and `hi` minutes, log-uniform: short waits are common, long ones
/// happen. Whole seconds, at least one minute.
pub fn minutes(rng: &mut impl Rng, lo: f64, hi: f64) -> Duration {
    let (lo, hi) = (lo.max(1.0), hi.max(lo.max(1.0) + 1.0));
    let m = (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp();
    Duration::seconds((m * 60.0).round() as i64)
}

/// `hours` as minutes for [`minutes`].
pub fn hours(rng: &mut impl Rng, lo: f64, hi: f64) -> Duration {
    minutes(rng, lo * 60.0, hi * 60.0)
}

/// `t` if it falls inside the working day (`from`..`to` local hours, any weekday), else the
/// start of the next working day plus up to `spread` minutes: staff do not react at night.
pub fn working(
    rng: &mut impl Rng,
    t: DateTime<Utc>,
    tz: Tz,
    from: u32,
    to: u32,
    spread: i64,
) -> DateTime<Utc> {
    let local = t.with_timezone(&tz);
    if (from..to).contains(&local.hour()) {
        return t;
    }
    let day = if local.hour() >= to {
        local.date_naive() + Duration::days(1)
    } else {
        local.date_naive()
    };
    let start = NaiveTime::from_hms_opt(from, 0, 0)
        .and_then(|time| tz.from_local_datetime(&day.and_time(time)).earliest())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(t);
    start.max(t) + Duration::seconds(rng.random_range(0..spread.max(1) * 60))
}

/// Local weekday (0 = Monday) and hour of `t`.
pub fn local_weekday_hour(t: DateTime<Utc>, tz: Tz) -> (u32, u32) {
    let local = t.with_timezone(&tz);
    (local.weekday().num_days_from_monday(), local.hour())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn working_moves_night_to_the_morning() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let tz: Tz = chrono_tz::Asia::Tashkent;
        // 23:30 in Tashkent (UTC+5) is 18:30 UTC.
        let night = Utc
            .with_ymd_and_hms(2026, 3, 10, 18, 30, 0)
            .single()
            .unwrap_or_default();
        let moved = working(&mut rng, night, tz, 8, 20, 30);
        let local = moved.with_timezone(&tz);
        assert_eq!(local.hour(), 8);
        assert_eq!(local.day(), 11);
        let day = Utc
            .with_ymd_and_hms(2026, 3, 10, 6, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(working(&mut rng, day, tz, 8, 20, 30), day);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for _ in 0..1000 {
            assert_ne!(weighted(&mut rng, &[3, 0, 5]), 1);
        }
    }
}
