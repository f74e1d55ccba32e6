//! Database-backed sessions. The cookie holds a random token; the table holds its SHA-256, so
//! a copy of the table cannot be replayed. A new id on every sign-in; idle and absolute expiry.

use super::{Actor, SessionUser};
use crate::model::Role;
use crate::server::Settings;
use crate::server::entities::{company, membership, session, user};
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "uprava_session";

/// Writes to `last_seen_at` at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

/// A fresh random token (256 bits, URL-safe base64).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(
    db: &impl ConnectionTrait,
    settings: &Settings,
    user_id: i64,
    company_id: i64,
    ip: Option<String>,
    user_agent: Option<String>,
    now: DateTime<Utc>,
) -> Result<NewSession, DbErr> {
    let token = new_token();
    let expires_at = now + settings.session_absolute;
    session::ActiveModel {
        id: Set(digest(&token)),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
        ip: Set(ip),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(250).collect())),
        user_id: Set(user_id),
        company_id: Set(company_id),
    }
    .insert(db)
    .await?;
    Ok(NewSession { token, expires_at })
}

/// The actor behind a cookie token, if the session is alive, the user active and still a
/// member of the session's company, with that company's row and the user's. Refreshes the idle
/// timer. One statement reads the session, the user, the membership and the company (this runs
/// before every page and server function; the page's lists take the company's reference data
/// from this row, and the header the user's name, instead of reading them again), and whether
/// the user works in another company: most work in one, whose header then needs no list of
/// companies read for its switcher.
pub async fn resolve(
    db: &impl ConnectionTrait,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Actor, company::Model, SessionUser)>, DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    use sea_orm::{FromQueryResult, IdenStatic, Iterable};
    let id = digest(token);
    let (s, u, m, c) = (
        session::Entity,
        user::Entity,
        membership::Entity,
        company::Entity,
    );
    let mut q = Query::select();
    for col in company::Column::iter() {
        q.expr_as(Expr::col((c, col)), format!("c_{}", col.as_str()));
    }
    let q = q
        .expr_as(Expr::col((s, session::Column::LastSeenAt)), "last_seen_at")
        .expr_as(Expr::col((s, session::Column::ExpiresAt)), "expires_at")
        .expr_as(Expr::col((s, session::Column::UserId)), "user_id")
        .expr_as(Expr::col((s, session::Column::CompanyId)), "company_id")
        .expr_as(Expr::col((u, user::Column::Active)), "user_active")
        .expr_as(Expr::col((u, user::Column::Name)), "user_name")
        .expr_as(Expr::col((u, user::Column::Email)), "user_email")
        .expr_as(
            Expr::col((u, user::Column::MustChangePassword)),
            "must_change_password",
        )
        .expr_as(Expr::col((m, membership::Column::Role)), "role")
        .expr_as(Expr::exists(other_companies()), "other_companies")
        .from(s)
        .left_join(
            u,
            Expr::col((u, user::Column::Id)).equals((s, session::Column::UserId)),
        )
        .left_join(
            m,
            Expr::col((m, membership::Column::UserId))
                .equals((s, session::Column::UserId))
                .and(
                    Expr::col((m, membership::Column::CompanyId))
                        .equals((s, session::Column::CompanyId)),
                )
                .and(Expr::col((m, membership::Column::Active)).eq(true)),
        )
        .inner_join(
            c,
            Expr::col((c, company::Column::Id)).equals((s, session::Column::CompanyId)),
        )
        .and_where(Expr::col((s, session::Column::Id)).eq(id.clone()))
        .limit(1)
        .to_owned();
    let Some(row) = db.query_one(&q).await? else {
        return Ok(None);
    };
    let last_seen_at: DateTime<Utc> = row.try_get("", "last_seen_at")?;
    let expires_at: DateTime<Utc> = row.try_get("", "expires_at")?;
    if expires_at <= now || last_seen_at + settings.session_idle <= now {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let user_active: Option<bool> = row.try_get("", "user_active")?;
    let role: Option<String> = row.try_get("", "role")?;
    let Some(role) = role
        .filter(|_| user_active == Some(true))
        .and_then(|r| Role::parse(&r))
    else {
        return Ok(None);
    };
    if (now - last_seen_at).num_seconds() >= TOUCH_EVERY_SECS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id.as_str()))
            .exec(db)
            .await?;
    }
    let actor = Actor {
        user_id: Some(row.try_get("", "user_id")?),
        company_id: row.try_get("", "company_id")?,
        role,
        session_id: Some(id),
    };
    let user = SessionUser {
        name: row.try_get("", "user_name")?,
        email: row.try_get("", "user_email")?,
        must_change_password: row.try_get("", "must_change_password")?,
        other_companies: row.try_get("", "other_companies")?,
    };
    Ok(Some((
        actor,
        company::Model::from_query_result(&row, "c_")?,
        user,
    )))
}

/// An active membership of the session's user in a company other than the session's (for
/// `EXISTS` in [`resolve`]'s statement; the unique `(user_id, company_id)` index finds it).
fn other_companies() -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let other = Alias::new("other");
    Query::select()
        .expr(Expr::val(1))
        .from_as(membership::Entity, other.clone())
        .and_where(
            Expr::col((other.clone(), membership::Column::UserId))
                .equals((session::Entity, session::Column::UserId)),
        )
        .and_where(
            Expr::col((other.clone(), membership::Column::CompanyId))
                .not_equals((session::Entity, session::Column::CompanyId)),
        )
        .and_where(Expr::col((other, membership::Column::Active)).eq(true))
        .to_owned()
}

/// The user's role in the company, if both the user and the membership are active.
pub async fn active_role(
    db: &impl ConnectionTrait,
    user_id: i64,
    company_id: i64,
) -> Result<Option<Role>, DbErr> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
    }
    let m = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::CompanyId.eq(company_id))
        .filter(membership::Column::Active.eq(true))
        .one(db)
        .await?;
    Ok(m.and_then(|m| Role::parse(&m.role)))
}

/// Moves a session to another company the user belongs to.
pub async fn switch_company(
    db: &impl ConnectionTrait,
    session_id: &str,
    company_id: i64,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(
            session::Column::CompanyId,
            sea_orm::sea_query::Expr::value(company_id),
        )
        .filter(session::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, session_id: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(session_id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Signs a user out everywhere except `keep` (after a password change or deactivation).
pub async fn delete_all_for_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    q.exec(db).await?;
    Ok(())
}

/// The `Set-Cookie` value for a new session.
pub fn cookie(token: &str, settings: &Settings) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        settings.session_absolute.as_secs()
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The companies a user may work in, with the role in each, by name (one statement).
pub async fn memberships(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<(company::Model, Role)>, DbErr> {
    use sea_orm::{FromQueryResult, JoinType, QueryOrder, QuerySelect};
    #[derive(FromQueryResult)]
    struct Choice {
        #[sea_orm(nested)]
        company: company::Model,
        role: String,
    }
    let rows = company::Entity::find()
        .join_rev(
            JoinType::InnerJoin,
            membership::Entity::belongs_to(company::Entity)
                .from(membership::Column::CompanyId)
                .to(company::Column::Id)
                .into(),
        )
        .column_as(membership::Column::Role, "role")
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .order_by_asc(company::Column::Name)
        .order_by_asc(company::Column::Id)
        .into_model::<Choice>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| Some((c.company, Role::parse(&c.role)?)))
        .collect())
}
