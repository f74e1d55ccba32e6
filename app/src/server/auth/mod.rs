//! Who is calling: passwords, sessions, API tokens, sign-in throttling, and the `Actor` every
//! service receives.

mod actor;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;

pub use actor::*;
