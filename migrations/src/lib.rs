//! Schema migrations for Uprava. Every migration runs unchanged on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_accounts;
mod m20261121_000002_organisation;
mod m20261121_000003_requests;
mod m20261121_000004_sla;
mod m20261121_000005_urgency;
mod m20261121_000006_event_index;
mod m20261121_000007_event_notify;
mod m20261121_000008_event_cover;
mod m20261121_000009_distribution;
mod m20261121_000010_wip_limits;
mod m20261121_000011_open_filters;
mod m20261122_000012_settings_stamp;
mod m20261122_000013_open_loads;
mod m20261122_000014_clock_log;
mod m20261203_000015_list_ids;
mod m20261206_000016_requests_vacuum;
mod m20261207_000017_bell_index;
mod m20261207_000018_status_updated;
mod util;

/// Keeping `requests.clock_log` by hand, for bulk loads.
pub mod clock_log {
    pub use crate::m20261122_000014_clock_log::{pause_on_insert, refold, resume_on_insert};
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_accounts::Migration),
            Box::new(m20261121_000002_organisation::Migration),
            Box::new(m20261121_000003_requests::Migration),
            Box::new(m20261121_000004_sla::Migration),
            Box::new(m20261121_000005_urgency::Migration),
            Box::new(m20261121_000006_event_index::Migration),
            Box::new(m20261121_000007_event_notify::Migration),
            Box::new(m20261121_000008_event_cover::Migration),
            Box::new(m20261121_000009_distribution::Migration),
            Box::new(m20261121_000010_wip_limits::Migration),
            Box::new(m20261121_000011_open_filters::Migration),
            Box::new(m20261122_000012_settings_stamp::Migration),
            Box::new(m20261122_000013_open_loads::Migration),
            Box::new(m20261122_000014_clock_log::Migration),
            Box::new(m20261203_000015_list_ids::Migration),
            Box::new(m20261206_000016_requests_vacuum::Migration),
            Box::new(m20261207_000017_bell_index::Migration),
            Box::new(m20261207_000018_status_updated::Migration),
        ]
    }
}
