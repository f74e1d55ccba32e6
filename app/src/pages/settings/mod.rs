//! Settings screens (managers and admins).

mod calendar_form;
mod policy_form;
mod sla;
mod urgency_form;

pub use sla::SlaSettingsPage;
