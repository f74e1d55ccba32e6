//! Wire types shared by the browser and the server. Rows of the database never cross the wire;
//! these do.

mod admin;
mod board;
mod dashboard;
mod distribution;
mod filter;
mod me;
mod my;
mod request;
mod role;
mod sla;

pub use admin::*;
pub use board::*;
pub use dashboard::*;
pub use distribution::*;
pub use filter::*;
pub use me::*;
pub use my::*;
pub use request::*;
pub use role::*;
pub use sla::*;
