//! The safety net of the waiting queue: every `TICK`, requests that automatic assignment could
//! not place are offered again to executors with free capacity. (Changes made here — a close,
//! a reassignment, a settings edit — drain the queue at once; this catches the rest, such as
//! a CRM closing requests through its webhook.)

use app::server::AppState;
use app::server::services::distribution::assign;
use std::time::Duration;
use tokio::task::JoinHandle;

const TICK: Duration = Duration::from_secs(30);

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match assign::companies_with_queue(&state.db).await {
                Ok(companies) => {
                    for company_id in companies {
                        assign::drain_quietly(&state.db, company_id).await;
                    }
                }
                Err(e) => tracing::error!(error = ?e, "listing queued requests failed"),
            }
            tokio::time::sleep(TICK).await;
        }
    })
}
