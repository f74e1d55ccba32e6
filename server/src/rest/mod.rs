//! The REST API for integrators: `Authorization: Bearer <token>`, JSON in and out, errors as
//! `{"error": {"code": …, "message": …, "fields": […]}}` with a stable code.

pub mod auth;
pub mod distribution;
pub mod error;
pub mod export;
pub mod pipelines;
pub mod requests;
pub mod requests_export;
pub mod sla;
pub mod xlsx;
