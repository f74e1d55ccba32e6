//! The audit log of settings and access changes (requests have their own event log).

use crate::server::auth::Actor;
use crate::server::entities::audit_log;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    company_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<String>,
    details: serde_json::Value,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        action: Set(action.to_string()),
        entity: Set(entity.to_string()),
        entity_id: Set(entity_id),
        details: Set(Some(details.to_string())),
        at: Set(Utc::now()),
        company_id: Set(company_id),
        user_id: Set(actor.and_then(|a| a.user_id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
