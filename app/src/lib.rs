//! Uprava: the application crate. Shared types, pure domain logic, the Leptos UI, server
//! functions and (with `ssr`) the server-side services.
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

pub use app::{App, shell};
