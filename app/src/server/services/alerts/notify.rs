//! Who hears of an alert and when: the company's managers (admins when it has none), in-app;
//! outside working hours the message waits for the next working window, where it arrives with
//! the others as a digest.

use crate::error::AppResult;
use crate::model::Role;
use crate::server::entities::{membership, notification, request};
use crate::server::services::sla::SlaContext;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

/// Managers of the company; its admins when there is no manager.
pub async fn recipients(db: &impl ConnectionTrait, company_id: i64) -> AppResult<Vec<i64>> {
    let members = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(company_id))
        .filter(membership::Column::Active.eq(true))
        .all(db)
        .await?;
    let with = |role: Role| -> Vec<i64> {
        members
            .iter()
            .filter(|m| m.role == role.as_str())
            .map(|m| m.user_id)
            .collect()
    };
    let managers = with(Role::Manager);
    Ok(if managers.is_empty() {
        with(Role::Admin)
    } else {
        managers
    })
}

/// When a message due at `at` is shown: at once inside the company's working hours, else at
/// the start of the next working window (the digest).
pub fn deliver_at(ctx: &SlaContext, at: DateTime<Utc>) -> DateTime<Utc> {
    let cal = ctx.default_calendar.compile();
    cal.next_working(at).unwrap_or(at)
}

pub async fn send(
    db: &impl ConnectionTrait,
    ctx: &SlaContext,
    r: &request::Model,
    kind: &str,
    payload: Value,
    at: DateTime<Utc>,
) -> AppResult<usize> {
    let users = recipients(db, r.company_id).await?;
    let deliver = deliver_at(ctx, at);
    for user_id in &users {
        notification::ActiveModel {
            kind: Set(kind.to_string()),
            payload: Set(payload.to_string()),
            created_at: Set(Utc::now()),
            deliver_at: Set(Some(deliver)),
            read_at: Set(None),
            company_id: Set(r.company_id),
            user_id: Set(*user_id),
            request_id: Set(Some(r.id)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(users.len())
}
