//! SLA alerts: when a running target will turn "near" or "over", a row in `sla_alerts` says so;
//! the watcher fires each row at its instant, once, and notifies the company's managers (and,
//! where the pipeline asks for it, escalates the request). Rows are rescheduled whenever a
//! request or the SLA settings change.

pub mod bell;
pub mod fire;
pub mod notify;
pub mod schedule;

pub use fire::fire_due;
pub use schedule::{reschedule, reschedule_company, reschedule_quietly};
