//! Sign-in throttling per account and per IP address, counted in the database so that every
//! server process sees the same attempts.

use crate::server::Settings;
use crate::server::entities::login_attempt;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

/// `Some(seconds)` to wait when the account or the address has failed too often.
pub async fn check(
    db: &impl ConnectionTrait,
    settings: &Settings,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let window_start = now - settings.throttle_window;
    // Failures before the account's last success do not count against it.
    let last_success = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Success.eq(true))
        .filter(login_attempt::Column::At.gt(window_start))
        .order_by_desc(login_attempt::Column::At)
        .one(db)
        .await?
        .map(|a| a.at);
    let since = last_success.map_or(window_start, |s| s.max(window_start));

    let by_account = failures(db, login_attempt::Column::Email, email, since).await?;
    let by_ip = failures(db, login_attempt::Column::Ip, ip, window_start).await?;
    let blocked_since = if by_account.0 >= settings.throttle_account {
        by_account.1
    } else if by_ip.0 >= settings.throttle_ip {
        by_ip.1
    } else {
        None
    };
    Ok(blocked_since.map(|oldest| {
        let until = oldest + settings.throttle_window;
        (until - now).num_seconds().max(1) as u64
    }))
}

/// Number of failures for `value` since `since`, and the oldest of them.
async fn failures(
    db: &impl ConnectionTrait,
    column: login_attempt::Column,
    value: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), DbErr> {
    let q = login_attempt::Entity::find()
        .filter(column.eq(value))
        .filter(login_attempt::Column::Success.eq(false))
        .filter(login_attempt::Column::At.gt(since));
    let count = q.clone().count(db).await?;
    let oldest = q
        .order_by_asc(login_attempt::Column::At)
        .one(db)
        .await?
        .map(|a| a.at);
    Ok((count, oldest))
}

pub async fn record(
    db: &impl ConnectionTrait,
    email: &str,
    ip: &str,
    success: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_attempt::ActiveModel {
        email: Set(email.to_string()),
        ip: Set(ip.chars().take(64).collect()),
        success: Set(success),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
