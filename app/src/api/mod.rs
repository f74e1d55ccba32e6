//! Server functions: thin adapters. Each one resolves the caller, parses, calls one service
//! and maps the result. Their bodies only exist on the server.

pub mod admin;
pub mod auth;
pub mod board;
pub mod dashboard;
pub mod distribution;
pub mod my;
pub mod notifications;
pub mod requests;
pub mod sla;
pub mod urgency;
