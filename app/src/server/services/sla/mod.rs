//! SLA on the server: settings (calendars, policies, urgency rules) and the figures of a
//! request, always recomputed from its event log with the shared domain code.

pub mod context;
pub mod dashboard;
pub mod ics;
pub mod recompute;
pub mod settings;
pub mod view;

pub use context::{SlaContext, for_request, for_requests};
