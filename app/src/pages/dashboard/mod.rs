//! Dashboards. The SLA dashboard: heatmap, near-breach list, staff table, averages, share on
//! time, and its XLSX report.

mod filters;
mod heatmap;
mod kpis;
mod near;
mod sla;
mod staff;

pub use sla::SlaDashboardPage;
