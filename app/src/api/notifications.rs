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
    use sea_orm::sea_query::{Expr, Query};
    use sea_orm::{
        ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    };
    #[derive(FromQueryResult)]
    struct Latest {
        #[sea_orm(nested)]
        n: notification::Model,
        unread: i64,
    }
    let actor = current()?;
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let db = &state()?.db;
    let now = chrono::Utc::now();
    use notification::Column as C;
    let mine = Condition::all()
        .add(C::UserId.eq(user_id))
        .add(C::CompanyId.eq(actor.company_id))
        .add(C::DeliverAt.lte(now));
    // The unread count rides on each of the latest rows (one statement a page instead of two):
    // unread messages are among the due ones, so none due means none unread either.
    let unread = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from(notification::Entity)
        .cond_where(mine.clone())
        .and_where(C::ReadAt.is_null())
        .to_owned();
    let rows = notification::Entity::find()
        .filter(mine)
        .column_as(Expr::SubQuery(None, Box::new(unread.into())), "unread")
        .order_by_desc(C::DeliverAt)
        .order_by_desc(C::Id)
        .limit(20)
        .into_model::<Latest>()
        .all(db)
        .await?;
    let unread = rows
        .first()
        .map_or(0, |r| u64::try_from(r.unread).unwrap_or(0));
    let rows = rows.into_iter().map(|r| r.n);
    Ok(Notifications {
        unread,
        items: rows
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
