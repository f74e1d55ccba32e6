//! The SLA dashboard: who may see it, its filter and the figures the server sends back.

use super::{Named, Role, TargetView};
use crate::domain::sla::calendar::Calendar;
use crate::domain::sla::policy::Near;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

mod filter;
pub use filter::*;

/// Who may open the SLA dashboard and download its report.
pub fn can_view_sla_dashboard(role: Role) -> bool {
    matches!(
        role,
        Role::Executive | Role::Manager | Role::Dispatcher | Role::Admin
    )
}

/// Requests per weekday (Monday first) and hour (company timezone).
pub type HeatGrid = [[u32; 24]; 7];

/// Average working time of finished targets of the requests created in a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowAverage {
    /// `today`, `week` (7 days) or `month` (30 days), today included.
    pub window: String,
    pub reaction_seconds: Option<i64>,
    pub reactions: u32,
    pub resolution_seconds: Option<i64>,
    pub resolutions: u32,
}

/// An open request whose running target reaches its limit soon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearBreach {
    pub request_id: i64,
    pub number: String,
    pub title: String,
    pub assignee: Option<String>,
    pub target: TargetView,
    /// The policy's "near" rule, for the live clock.
    pub near: Near,
}

/// One executor's line of the staff table (requests of the period by current assignee).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub user_id: i64,
    pub name: String,
    pub team: Option<String>,
    pub assigned: u32,
    /// Requests with at least one target over.
    pub breached: u32,
    pub finished_targets: u32,
    pub on_time_targets: u32,
    pub reaction_seconds: Option<i64>,
    pub resolution_seconds: Option<i64>,
}

impl StaffRow {
    /// Breached requests per assigned request, 0..=1.
    pub fn violation_rate(&self) -> f64 {
        if self.assigned == 0 {
            0.0
        } else {
            f64::from(self.breached) / f64::from(self.assigned)
        }
    }

    /// Finished targets within their limit per finished target.
    pub fn on_time_share(&self) -> Option<f64> {
        share(self.on_time_targets, self.finished_targets)
    }
}

/// `part / whole`, `None` for an empty whole.
pub fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// What the filter bar offers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DashboardOptions {
    pub pipelines: Vec<Named>,
    pub categories: Vec<Named>,
    pub buildings: Vec<Named>,
    pub teams: Vec<Named>,
}

/// Everything the SLA dashboard shows, computed at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaDashboard {
    pub now: DateTime<Utc>,
    pub timezone: String,
    /// The period actually shown (defaults and limits applied).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Requests created in the period.
    pub requests: u32,
    /// Of those, requests nobody is assigned to (not in the staff table).
    pub unassigned: u32,
    /// Targets over their limit, among the period's requests.
    pub breached_targets: u32,
    pub finished_targets: u32,
    pub on_time_targets: u32,
    pub averages: Vec<WindowAverage>,
    pub breaches: HeatGrid,
    pub arrivals: HeatGrid,
    pub near: Vec<NearBreach>,
    /// Calendars of the stages whose clocks run in `near`, by stage id.
    pub calendars: Vec<(i64, Calendar)>,
    pub staff: Vec<StaffRow>,
    pub options: DashboardOptions,
}

impl SlaDashboard {
    /// Finished targets within their limit per finished target.
    pub fn on_time_share(&self) -> Option<f64> {
        share(self.on_time_targets, self.finished_targets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_managing_roles_see_the_dashboard() {
        let allowed: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| can_view_sla_dashboard(*r))
            .collect();
        assert_eq!(
            allowed,
            vec![
                Role::Admin,
                Role::Manager,
                Role::Dispatcher,
                Role::Executive
            ]
        );
    }
}
