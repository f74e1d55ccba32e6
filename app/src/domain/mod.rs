//! Pure domain logic: no I/O, compiled for the server and for the browser, tested once.

pub mod distribution;
pub mod mask;
pub mod number;
pub mod phone;
pub mod sla;
pub mod time;
pub mod urgency;
pub mod zone;
