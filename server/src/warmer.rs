//! Keeps the SLA dashboard's settled figures filled: at start and every `TICK`, each company
//! whose settings changed since its figures were kept gets its last year evaluated in the
//! background, so the people opening the dashboard do not pay for it.

use app::server::AppState;
use app::server::entities::company;
use app::server::services::sla::dashboard;
use chrono::Utc;
use sea_orm::EntityTrait;
use std::time::Duration;
use tokio::task::JoinHandle;

const TICK: Duration = Duration::from_secs(15);

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match company::Entity::find().all(&state.db).await {
                Ok(companies) => {
                    for c in companies {
                        let started = std::time::Instant::now();
                        match dashboard::warm(&state.db, &state.settled, c.id, Utc::now()).await {
                            Ok(true) => tracing::debug!(
                                company_id = c.id,
                                ms = started.elapsed().as_millis() as u64,
                                kept = state.settled.len(c.id),
                                "SLA figures kept"
                            ),
                            Ok(false) => {}
                            Err(e) => {
                                tracing::error!(company_id = c.id, error = ?e, "keeping SLA figures failed")
                            }
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "listing companies to keep SLA figures failed")
                }
            }
            tokio::time::sleep(TICK).await;
        }
    })
}
