//! Business operations. Each takes a connection (or transaction) and an `Actor`, checks the
//! role and the company itself, and knows nothing of HTTP or Leptos.

pub mod alerts;
pub mod audit;
pub mod companies;
pub mod dictionaries;
pub mod distribution;
pub mod reference;
pub mod requests;
pub mod sla;
pub mod urgency;
pub mod users;
pub mod zones;
