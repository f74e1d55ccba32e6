//! Choosing an executor for a request (seed 003): among the team's executors who are active,
//! under their max load (load = open requests assigned) and weigh more than zero, pick by
//! weighted random choice, round robin or least loaded. Pure: the caller supplies the loads
//! and the random roll, and gets back the choice with the reason for every candidate.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Probability proportional to weight among the available executors.
    #[default]
    Weighted,
    /// Each available executor in turn (by user id), after the one picked last.
    RoundRobin,
    /// The fewest open requests; ties go to the larger weight, then the lower id.
    LeastLoaded,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [
        Strategy::Weighted,
        Strategy::RoundRobin,
        Strategy::LeastLoaded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Weighted => "weighted",
            Strategy::RoundRobin => "round_robin",
            Strategy::LeastLoaded => "least_loaded",
        }
    }

    pub fn parse(s: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// An executor of the rule's team as the picker sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub user_id: i64,
    pub weight: u32,
    /// Open requests assigned now.
    pub load: u32,
    pub max_load: u32,
    pub active: bool,
}

/// Why a candidate cannot take the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unavailable {
    Inactive,
    Full,
    ZeroWeight,
}

impl Unavailable {
    pub fn as_str(self) -> &'static str {
        match self {
            Unavailable::Inactive => "inactive",
            Unavailable::Full => "full",
            Unavailable::ZeroWeight => "zero_weight",
        }
    }
}

impl Candidate {
    pub fn unavailable(&self) -> Option<Unavailable> {
        if !self.active {
            Some(Unavailable::Inactive)
        } else if self.weight == 0 {
            Some(Unavailable::ZeroWeight)
        } else if self.load >= self.max_load {
            Some(Unavailable::Full)
        } else {
            None
        }
    }
}

/// One candidate in the explanation recorded with the assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Considered {
    #[serde(flatten)]
    pub candidate: Candidate,
    /// The chance this candidate had (weighted), or 1/0 for the deterministic strategies.
    pub share: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unavailable: Option<Unavailable>,
}

/// The picker's answer: the chosen executor (none when nobody is available) and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub strategy: Strategy,
    pub chosen: Option<i64>,
    pub candidates: Vec<Considered>,
}

/// The probability of each candidate under weighted choice (0 for the unavailable).
pub fn shares(candidates: &[Candidate]) -> Vec<f64> {
    let total: u64 = candidates
        .iter()
        .filter(|c| c.unavailable().is_none())
        .map(|c| u64::from(c.weight))
        .sum();
    candidates
        .iter()
        .map(|c| match c.unavailable() {
            None if total > 0 => f64::from(c.weight) / total as f64,
            _ => 0.0,
        })
        .collect()
}

/// Picks an executor. `roll` is uniform in `[0, 1)` (used by the weighted strategy);
/// `last` is the executor the rule picked last (used by round robin).
pub fn pick(
    strategy: Strategy,
    candidates: &[Candidate],
    roll: f64,
    last: Option<i64>,
) -> Decision {
    let available: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.unavailable().is_none())
        .collect();
    let chosen = match strategy {
        Strategy::Weighted => weighted(&available, roll),
        Strategy::RoundRobin => round_robin(&available, last),
        Strategy::LeastLoaded => available
            .iter()
            .min_by_key(|c| (c.load, std::cmp::Reverse(c.weight), c.user_id))
            .map(|c| c.user_id),
    };
    let weighted_shares = shares(candidates);
    let candidates = candidates
        .iter()
        .zip(weighted_shares)
        .map(|(c, share)| Considered {
            candidate: c.clone(),
            share: match strategy {
                Strategy::Weighted => share,
                _ if Some(c.user_id) == chosen => 1.0,
                _ => 0.0,
            },
            unavailable: c.unavailable(),
        })
        .collect();
    Decision {
        strategy,
        chosen,
        candidates,
    }
}

fn weighted(available: &[&Candidate], roll: f64) -> Option<i64> {
    let total: u64 = available.iter().map(|c| u64::from(c.weight)).sum();
    if total == 0 {
        return None;
    }
    // The point on the line of stacked weights that the roll lands on.
    let point = (roll.clamp(0.0, 1.0) * total as f64) as u64;
    let mut upto = 0u64;
    for c in available {
        upto += u64::from(c.weight);
        if point < upto {
            return Some(c.user_id);
        }
    }
    available.last().map(|c| c.user_id)
}

fn round_robin(available: &[&Candidate], last: Option<i64>) -> Option<i64> {
    let mut ids: Vec<i64> = available.iter().map(|c| c.user_id).collect();
    ids.sort_unstable();
    let next = last.and_then(|l| ids.iter().copied().find(|id| *id > l));
    next.or_else(|| ids.first().copied())
}

// The simulations draw from a seeded ChaCha generator (a server-only dependency).
#[cfg(all(test, feature = "ssr"))]
#[path = "distribution_tests.rs"]
mod tests;
