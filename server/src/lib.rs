//! The Uprava server: configuration, the axum router (Leptos pages and server functions, REST
//! API, files, health), middleware, and the command line.

pub mod cli;
pub mod config;
pub mod distributor;
pub mod files;
pub mod health;
pub mod logging;
pub mod middleware;
pub mod prefs;
pub mod rest;
pub mod router;
pub mod serve;
pub mod settings_import;
pub mod stream;
pub mod warmer;
pub mod watcher;

pub use router::{ServerState, build_router};
