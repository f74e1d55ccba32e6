#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn c(user_id: i64, weight: u32, load: u32, max_load: u32) -> Candidate {
    Candidate {
        user_id,
        weight,
        load,
        max_load,
        active: true,
    }
}

/// Picks `n` times with a seeded generator; counts per candidate, in candidate order.
fn simulate(strategy: Strategy, cands: &[Candidate], n: usize, seed: u64) -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts = vec![0u64; cands.len()];
    for _ in 0..n {
        let d = pick(strategy, cands, rng.random::<f64>(), None);
        let i = cands
            .iter()
            .position(|c| Some(c.user_id) == d.chosen)
            .expect("someone is available");
        counts[i] += 1;
    }
    counts
}

/// Pearson's chi-square statistic of observed counts against expected shares (shares > 0).
fn chi_square(counts: &[u64], shares: &[f64]) -> f64 {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .zip(shares)
        .filter(|(_, s)| **s > 0.0)
        .map(|(o, s)| {
            let e = *s * n as f64;
            (*o as f64 - e).powi(2) / e
        })
        .sum()
}

/// Critical values of chi-square at p = 0.01 by degrees of freedom (1..=5).
const CHI2_P01: [f64; 5] = [6.635, 9.210, 11.345, 13.277, 15.086];

#[test]
fn the_seed_example_gives_25_75_and_0_percent() {
    // Weights 10/30/20, loads 2/5, 9/10, 5/5: C is full.
    let cands = [c(1, 10, 2, 5), c(2, 30, 9, 10), c(3, 20, 5, 5)];
    assert_eq!(shares(&cands), vec![0.25, 0.75, 0.0]);
    let counts = simulate(Strategy::Weighted, &cands, 10_000, 1);
    assert_eq!(counts[2], 0, "a full executor is never picked");
    let stat = chi_square(&counts[..2], &[0.25, 0.75]);
    assert!(stat < CHI2_P01[0], "chi-square {stat} for {counts:?}");
}

#[test]
fn observed_shares_match_the_weights_over_10_000_picks() {
    let cands = [
        c(11, 1, 0, 100),
        c(12, 2, 0, 100),
        c(13, 3, 0, 100),
        c(14, 4, 0, 100),
        c(15, 10, 0, 100),
    ];
    let expected = shares(&cands);
    for seed in [2, 3, 4] {
        let counts = simulate(Strategy::Weighted, &cands, 10_000, seed);
        let stat = chi_square(&counts, &expected);
        assert!(
            stat < CHI2_P01[cands.len() - 2],
            "seed {seed}: chi-square {stat} for {counts:?}"
        );
    }
}

#[test]
fn the_chi_square_check_rejects_a_biased_picker() {
    // The check itself can fail: ignoring the weights (uniform choice) is caught.
    let cands = [c(1, 1, 0, 9), c(2, 3, 0, 9)];
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut counts = [0u64; 2];
    for _ in 0..10_000 {
        counts[usize::from(rng.random::<bool>())] += 1;
    }
    assert!(chi_square(&counts, &shares(&cands)) > CHI2_P01[0]);
}

#[test]
fn inactive_full_and_zero_weight_executors_are_never_picked() {
    let mut inactive = c(1, 50, 0, 10);
    inactive.active = false;
    let cands = [inactive, c(2, 50, 10, 10), c(3, 0, 0, 10), c(4, 1, 3, 10)];
    for strategy in Strategy::ALL {
        let counts = simulate(strategy, &cands, 1_000, 6);
        assert_eq!(counts, vec![0, 0, 0, 1_000], "{strategy:?}");
    }
    let d = pick(Strategy::Weighted, &cands, 0.0, None);
    let why: Vec<_> = d.candidates.iter().map(|x| x.unavailable).collect();
    assert_eq!(
        why,
        vec![
            Some(Unavailable::Inactive),
            Some(Unavailable::Full),
            Some(Unavailable::ZeroWeight),
            None
        ]
    );
}

#[test]
fn nobody_available_means_no_choice() {
    let cands = [c(1, 5, 3, 3), c(2, 5, 8, 2)];
    for strategy in Strategy::ALL {
        assert_eq!(pick(strategy, &cands, 0.5, Some(1)).chosen, None);
    }
    assert_eq!(pick(Strategy::Weighted, &[], 0.5, None).chosen, None);
}

#[test]
fn round_robin_takes_turns_and_skips_the_unavailable() {
    let cands = [c(30, 1, 0, 5), c(10, 1, 0, 5), c(20, 1, 5, 5)];
    let mut last = None;
    let mut order = Vec::new();
    for _ in 0..4 {
        last = pick(Strategy::RoundRobin, &cands, 0.0, last).chosen;
        order.push(last.unwrap());
    }
    assert_eq!(order, vec![10, 30, 10, 30]);
}

#[test]
fn least_loaded_prefers_fewer_open_requests_then_weight() {
    let cands = [c(1, 1, 4, 10), c(2, 1, 2, 10), c(3, 5, 2, 10)];
    let d = pick(Strategy::LeastLoaded, &cands, 0.9, None);
    assert_eq!(d.chosen, Some(3));
    let shares: Vec<f64> = d.candidates.iter().map(|x| x.share).collect();
    assert_eq!(shares, vec![0.0, 0.0, 1.0]);
}

#[test]
fn the_roll_maps_onto_stacked_weights() {
    let cands = [c(1, 1, 0, 5), c(2, 3, 0, 5)];
    assert_eq!(pick(Strategy::Weighted, &cands, 0.0, None).chosen, Some(1));
    assert_eq!(
        pick(Strategy::Weighted, &cands, 0.2499, None).chosen,
        Some(1)
    );
    assert_eq!(pick(Strategy::Weighted, &cands, 0.25, None).chosen, Some(2));
    assert_eq!(
        pick(Strategy::Weighted, &cands, 0.9999, None).chosen,
        Some(2)
    );
}

#[test]
fn strategies_round_trip() {
    for s in Strategy::ALL {
        assert_eq!(Strategy::parse(s.as_str()), Some(s));
    }
    assert_eq!(Strategy::parse("random"), None);
}
