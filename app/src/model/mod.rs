//! Wire types shared by the browser and the server. Rows of the database never cross the wire;
//! these do.

mod admin;
mod dashboard;
mod filter;
mod me;
mod request;
mod role;
mod sla;

pub use admin::*;
pub use dashboard::*;
pub use filter::*;
pub use me::*;
pub use request::*;
pub use role::*;
pub use sla::*;
