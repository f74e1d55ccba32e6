//! Server-only code: entities, services, authentication. Compiled with the `ssr` feature only,
//! so SeaORM and friends never reach the browser bundle.

pub mod auth;
pub mod db;
pub mod demo;
pub mod entities;
pub mod services;
pub mod state;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use state::{AppState, Settings};
