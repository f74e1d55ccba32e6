//! The SLA watcher: sleeps until the next alert is due (or at most `POLL`, to see alerts that
//! another process scheduled), fires what is due, and reconciles every company's schedule when
//! it starts and every `RECONCILE`. Runs in every server process; leasing makes each alert fire
//! once.

use app::server::AppState;
use app::server::entities::company;
use app::server::services::alerts::{self, fire};
use chrono::Utc;
use sea_orm::EntityTrait;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Longest sleep between looks at the schedule: bounds how late an alert scheduled by another
/// process can fire.
const POLL: Duration = Duration::from_secs(2);
const RECONCILE: Duration = Duration::from_secs(10 * 60);

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_reconcile: Option<tokio::time::Instant> = None;
        loop {
            if last_reconcile.is_none_or(|t| t.elapsed() >= RECONCILE) {
                reconcile(&state).await;
                last_reconcile = Some(tokio::time::Instant::now());
            }
            match fire::fire_due(&state.db, Utc::now(), 200).await {
                Ok(done) if done.fired + done.retimed + done.dropped >= 200 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = ?e, "firing alerts failed"),
            }
            let wait = match fire::next_due(&state.db).await {
                Ok(Some(due)) => (due - Utc::now())
                    .to_std()
                    .unwrap_or(Duration::ZERO)
                    .min(POLL),
                Ok(None) => POLL,
                Err(e) => {
                    tracing::error!(error = ?e, "reading the alert schedule failed");
                    POLL
                }
            };
            tokio::time::sleep(wait.max(Duration::from_millis(20))).await;
        }
    })
}

/// Reschedules every company's open requests.
pub async fn reconcile(state: &AppState) {
    let companies = match company::Entity::find().all(&state.db).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "listing companies for the alert schedule failed");
            return;
        }
    };
    for c in companies {
        match alerts::reschedule_company(&state.db, c.id).await {
            Ok(n) => tracing::debug!(company_id = c.id, open = n, "alert schedule reconciled"),
            Err(e) => {
                tracing::error!(company_id = c.id, error = ?e, "alert schedule not reconciled")
            }
        }
    }
}
