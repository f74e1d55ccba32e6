//! Distribution settings, statistics and the reasons recorded with an automatic assignment.

use super::Named;
use serde::{Deserialize, Serialize};

/// A team member under a rule: their weight and where they stand now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberWeight {
    pub user_id: i64,
    pub name: String,
    pub weight: u32,
    /// Open requests assigned now.
    pub load: u32,
    pub max_load: u32,
    pub active: bool,
}

/// A distribution rule as the settings page and the REST API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub team: Named,
    /// `None`: every channel.
    pub channel: Option<String>,
    /// `None`: every category.
    pub category: Option<Named>,
    /// `weighted`, `round_robin` or `least_loaded`.
    pub strategy: String,
    pub on_create: bool,
    pub members: Vec<MemberWeight>,
}

/// An executor's staff profile on the settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffProfileRow {
    pub user_id: i64,
    pub name: String,
    pub team_id: Option<i64>,
    pub max_load: i32,
    pub active: bool,
    pub load: i64,
}

/// Everything the distribution settings page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionSettings {
    pub rules: Vec<RuleView>,
    pub staff: Vec<StaffProfileRow>,
    pub teams: Vec<Named>,
    pub categories: Vec<Named>,
    /// Requests waiting for an executor with free capacity.
    pub queued: u64,
}

/// One candidate in an automatic assignment's reasons, as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonLine {
    pub name: String,
    pub weight: u32,
    pub load: u32,
    pub max_load: u32,
    /// The chance this candidate had, 0..=1.
    pub share: f64,
    /// `inactive`, `full` or `zero_weight` when the candidate could not take it.
    pub unavailable: Option<String>,
    pub chosen: bool,
}

/// Why an automatic assignment chose whom it chose (or nobody).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoReason {
    pub strategy: String,
    pub candidates: Vec<ReasonLine>,
}

/// Configured against observed share of one executor under one rule, for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareRow {
    pub user_id: i64,
    pub name: String,
    pub weight: u32,
    /// The share the weights give among the members who can take work (0..=1).
    pub configured: f64,
    /// Automatic assignments this executor received in the period.
    pub assigned: u64,
    /// `assigned` over all automatic assignments of the rule in the period (0..=1).
    pub observed: f64,
}

/// One rule's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleStats {
    pub rule_id: i64,
    pub team: String,
    pub channel: Option<String>,
    pub category: Option<String>,
    pub strategy: String,
    pub total: u64,
    pub rows: Vec<ShareRow>,
}

/// The distribution statistics page: per rule, for a period of days in the company's timezone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistributionStats {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub rules: Vec<RuleStats>,
}
