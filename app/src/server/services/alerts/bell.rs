//! The bell: a user's latest due messages and how many are unread, in one statement read from
//! migration 17's indexes in order.

use crate::api::notifications::{NotificationView, Notifications, UNREAD_COUNTED};
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::notification;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

/// Messages the bell lists.
pub const LATEST: u64 = 20;

#[derive(FromQueryResult)]
struct Latest {
    #[sea_orm(nested)]
    n: notification::Model,
    unread: i64,
}

/// The latest [`LATEST`] messages of `user_id` in `company_id` due at `now`, newest first, each
/// with the number of unread ones counted up to [`UNREAD_COUNTED`]: unread messages are among
/// the due ones, so none due means none unread either.
pub fn latest(user_id: i64, company_id: i64, now: DateTime<Utc>) -> Select<notification::Entity> {
    use notification::Column as C;
    let mine = Condition::all()
        .add(C::UserId.eq(user_id))
        .add(C::CompanyId.eq(company_id))
        .add(C::DeliverAt.lte(now));
    let unread = Query::select()
        .expr(Expr::val(1))
        .from(notification::Entity)
        .cond_where(mine.clone())
        .and_where(C::ReadAt.is_null())
        .limit(UNREAD_COUNTED)
        .to_owned();
    let counted = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(unread, "unread_up_to")
        .to_owned();
    notification::Entity::find()
        .filter(mine)
        .column_as(Expr::SubQuery(None, Box::new(counted.into())), "unread")
        .order_by_desc(C::DeliverAt)
        .order_by_desc(C::Id)
        .limit(LATEST)
}

/// What the bell of `actor` shows now.
pub async fn load(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Notifications> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let rows = latest(user_id, actor.company_id, Utc::now())
        .into_model::<Latest>()
        .all(db)
        .await?;
    let unread = rows
        .first()
        .map_or(0, |r| u64::try_from(r.unread).unwrap_or(0));
    Ok(Notifications {
        unread,
        items: rows.into_iter().map(|r| view(r.n)).collect(),
    })
}

fn view(n: notification::Model) -> NotificationView {
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
}
