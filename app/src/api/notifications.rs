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
    pub unread: u64,
    pub items: Vec<NotificationView>,
}

/// The caller's latest messages that are due (a digest waits for its window).
#[server]
pub async fn get_notifications() -> Result<Notifications, AppError> {
    use crate::server::auth::{current, state};
    use crate::server::entities::notification;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
    let actor = current()?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let db = &state()?.db;
    let now = chrono::Utc::now();
    let mine = || {
        notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::CompanyId.eq(actor.company_id))
            .filter(notification::Column::DeliverAt.lte(now))
    };
    let unread = mine()
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let rows = mine()
        .order_by_desc(notification::Column::DeliverAt)
        .order_by_desc(notification::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(Notifications {
        unread,
        items: rows
            .into_iter()
            .map(|n| {
                let p: serde_json::Value = serde_json::from_str(&n.payload).unwrap_or_default();
                let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
                let at = n.deliver_at.unwrap_or(n.created_at);
                NotificationView {
                    id: n.id,
                    kind: n.kind,
                    request_id: n.request_id,
                    number: text("number"),
                    title: text("title"),
                    target_kind: text("target_kind"),
                    at,
                    digest: (at - n.created_at).num_minutes() > 1,
                    read: n.read_at.is_some(),
                }
            })
            .collect(),
    })
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
