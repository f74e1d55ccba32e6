//! Reusable pieces of the interface.

pub mod badge;
pub mod bell;
pub mod chart;
pub mod error;
pub mod field;
pub mod format;
pub mod icon;
pub mod islands;
pub mod layout;
pub mod live;
pub mod outlet;
pub mod packed;
pub mod pagination;
pub mod refetch;
pub mod sla;
