//! Settings screens (managers and admins).

mod calendar_form;
mod distribution;
mod distribution_stats;
mod policy_form;
mod sla;
mod urgency_form;

pub use distribution::DistributionSettingsPage;
pub use distribution_stats::DistributionStatsPage;
pub use sla::SlaSettingsPage;
