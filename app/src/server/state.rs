//! What every handler and server function can reach.

use crate::server::services::reference::ReferenceCache;
use crate::server::services::sla::dashboard::settled::SettledFigures;
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Tunables with their defaults; the binary fills them from the environment and flags.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where attachments are kept (`data/files`).
    pub files_dir: PathBuf,
    /// A session unused this long is over.
    pub session_idle: Duration,
    /// A session is over this long after sign-in, used or not.
    pub session_absolute: Duration,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Largest attachment accepted.
    pub max_upload_bytes: usize,
    /// Failed sign-ins per account within `throttle_window` before it is paused.
    pub throttle_account: u64,
    /// Failed sign-ins per IP address within `throttle_window` before it is paused.
    pub throttle_ip: u64,
    pub throttle_window: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            files_dir: PathBuf::from("data/files"),
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            secure_cookies: false,
            max_upload_bytes: 10 * 1024 * 1024,
            throttle_account: 5,
            throttle_ip: 30,
            throttle_window: Duration::from_secs(15 * 60),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Settled requests' SLA figures, kept between dashboard views.
    pub settled: SettledFigures,
    /// Companies' reference data, kept while current.
    pub reference: ReferenceCache,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        Self {
            db,
            settings: Arc::new(settings),
            settled: SettledFigures::default(),
            reference: ReferenceCache::default(),
        }
    }
}
