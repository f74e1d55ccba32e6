use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One message in the bell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub request_id: Option<i64>,
    pub number: String,
    pub title: String,
    pub target_kind: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Held back outside working hours and delivered with the next window's digest.
    pub digest: bool,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Notifications {
    /// Unread messages, counted up to [`UNREAD_COUNTED`].
    pub unread: u64,
    pub items: Vec<NotificationView>,
}

/// Unread messages are counted up to this many; the bell shows more than 99 as "99+".
pub const UNREAD_COUNTED: u64 = 100;

/// The bell's count: `99+` past 99.
pub fn unread_label(unread: u64) -> String {
    if unread >= UNREAD_COUNTED {
        format!("{}+", UNREAD_COUNTED - 1)
    } else {
        unread.to_string()
    }
}

/// The caller's latest messages that are due (a digest waits for its window).
#[server]
pub async fn get_notifications() -> Result<Notifications, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::services::alerts::bell;
    bell::load(&state()?.db, &current()?).await
}

/// Marks every due message of the caller read.
#[server]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::server::auth::{current, state};
    use crate::server::entities::notification;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let actor = current()?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let now = chrono::Utc::now();
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::CompanyId.eq(actor.company_id))
        .filter(notification::Column::ReadAt.is_null())
        .filter(notification::Column::DeliverAt.lte(now))
        .exec(&state()?.db)
        .await?;
    Ok(())
}
