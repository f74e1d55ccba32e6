//! Users, memberships and signing in.

use super::audit;
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{Invited, Role, UserRow};
use crate::server::auth::{Actor, password, session, throttle};
use crate::server::entities::{membership, staff_profile, user};
use crate::server::{AppState, Settings};
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// Lower-cases and checks an e-mail address (one `@`, a dot in the domain, no spaces).
pub fn parse_email(input: &str) -> Result<String, &'static str> {
    let e = input.trim().to_lowercase();
    if e.is_empty() {
        return Err("required");
    }
    let valid = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && matches!(e.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
               && !domain.ends_with('.') && !domain.contains('@'));
    if valid { Ok(e) } else { Err("invalid_email") }
}

fn parse_name(input: &str) -> Result<String, &'static str> {
    let n = input.trim();
    match n.chars().count() {
        0 => Err("required"),
        1..=120 => Ok(n.to_string()),
        _ => Err("too_long"),
    }
}

/// Creates a user (or reuses one with this e-mail) and makes them a member of `company_id`
/// with `role`. Used by the CLI and the demo loader; the password is taken as given.
pub async fn create_with_password(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_phc: &str,
    company_id: i64,
    role: Role,
    must_change_password: bool,
) -> AppResult<i64> {
    let email = parse_email(email).map_err(|c| AppError::validation("email", c))?;
    let now = Utc::now();
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let user_id = match existing {
        Some(u) => u.id,
        None => {
            user::ActiveModel {
                email: Set(email.clone()),
                name: Set(parse_name(name).unwrap_or_else(|_| email.clone())),
                password_hash: Set(password_phc.to_string()),
                active: Set(true),
                must_change_password: Set(must_change_password),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id
        }
    };
    upsert_membership(db, user_id, company_id, role).await?;
    if role == Role::Executor {
        ensure_staff_profile(db, company_id, user_id).await?;
    }
    Ok(user_id)
}

async fn upsert_membership(
    db: &impl ConnectionTrait,
    user_id: i64,
    company_id: i64,
    role: Role,
) -> AppResult<()> {
    let existing = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::CompanyId.eq(company_id))
        .one(db)
        .await?;
    match existing {
        Some(m) => {
            let mut am: membership::ActiveModel = m.into();
            am.role = Set(role.as_str().into());
            am.active = Set(true);
            am.update(db).await?;
        }
        None => {
            membership::ActiveModel {
                role: Set(role.as_str().into()),
                active: Set(true),
                created_at: Set(Utc::now()),
                user_id: Set(user_id),
                company_id: Set(company_id),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Executors need a staff profile (team, max load, active) to be assignable.
async fn ensure_staff_profile(
    db: &impl ConnectionTrait,
    company_id: i64,
    user_id: i64,
) -> AppResult<()> {
    let exists = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(company_id))
        .filter(staff_profile::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some();
    if !exists {
        staff_profile::ActiveModel {
            max_load: Set(10),
            active: Set(true),
            company_id: Set(company_id),
            user_id: Set(user_id),
            team_id: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A successful sign-in.
pub struct SignedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub must_change_password: bool,
}

/// Checks throttling, the password, the account and its memberships, then opens a new session
/// in the user's first company (a new id every time: no session fixation).
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password_text: &str,
    ip: &str,
    user_agent: Option<String>,
) -> AppResult<SignedIn> {
    let db = &state.db;
    let settings: &Settings = &state.settings;
    let now = Utc::now();
    let email = email.trim().to_lowercase();
    if email.is_empty() || password_text.is_empty() {
        let mut fields = vec![];
        if email.is_empty() {
            fields.push(FieldError::new("email", "required"));
        }
        if password_text.is_empty() {
            fields.push(FieldError::new("password", "required"));
        }
        return Err(AppError::Validation { fields });
    }
    if let Some(retry_after) = throttle::check(db, settings, &email, ip, now).await? {
        tracing::warn!(email = %crate::domain::mask::email(&email), ip, "sign-in throttled");
        return Err(AppError::RateLimited { retry_after });
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let ok = password::verify_async(
        password_text.to_string(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let user = match found {
        Some(u) if ok && u.active => u,
        _ => {
            throttle::record(db, &email, ip, false, now).await?;
            tracing::info!(email = %crate::domain::mask::email(&email), ip, "sign-in failed");
            return Err(AppError::InvalidCredentials);
        }
    };
    let companies = session::memberships(db, user.id).await?;
    // The oldest membership first: a user's home company, not whichever sorts first.
    let Some((company, _)) = companies.iter().min_by_key(|(c, _)| c.id) else {
        throttle::record(db, &email, ip, false, now).await?;
        return Err(AppError::InvalidCredentials);
    };
    throttle::record(db, &email, ip, true, now).await?;
    let s = session::create(
        db,
        settings,
        user.id,
        company.id,
        Some(ip.to_string()),
        user_agent,
        now,
    )
    .await?;
    tracing::info!(user_id = user.id, company_id = company.id, "signed in");
    Ok(SignedIn {
        token: s.token,
        expires_at: s.expires_at,
        must_change_password: user.must_change_password,
    })
}

/// Changes the caller's password after checking the current one; other sessions end.
pub async fn change_password(
    db: &impl ConnectionTrait,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
) -> AppResult<()> {
    let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
    let u = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut fields = vec![];
    if let Err(code) = password::check_strength(new) {
        fields.push(FieldError::new("new_password", code));
    }
    if new != confirm {
        fields.push(FieldError::new("confirm", "mismatch"));
    }
    if !password::verify_async(current.to_string(), Some(u.password_hash.clone())).await {
        fields.insert(0, FieldError::new("current_password", "wrong_password"));
    }
    if !fields.is_empty() {
        return Err(AppError::Validation { fields });
    }
    let phc = password::hash_async(new.to_string()).await?;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(phc);
    am.must_change_password = Set(false);
    am.updated_at = Set(Utc::now());
    am.update(db).await?;
    session::delete_all_for_user(db, user_id, actor.session_id.as_deref()).await?;
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        "password_changed",
        "user",
        Some(user_id.to_string()),
        json!({}),
    )
    .await?;
    Ok(())
}

/// Users of the caller's company (admin only).
pub async fn list(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<Vec<UserRow>> {
    actor.require(Role::can_manage_users)?;
    let members = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(actor.company_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .filter_map(|u| {
            let m = members.iter().find(|m| m.user_id == u.id)?;
            Some(UserRow {
                user_id: u.id,
                name: u.name,
                email: u.email,
                role: Role::parse(&m.role)?,
                active: m.active && u.active,
                created_at: m.created_at,
            })
        })
        .collect())
}

/// Creates a user with a one-time password shown once; they must change it at first sign-in.
/// An existing user (another company's) is added to this company and keeps their password.
pub async fn invite(
    db: &impl ConnectionTrait,
    actor: &Actor,
    email: &str,
    name: &str,
    role: &str,
) -> AppResult<Invited> {
    actor.require(Role::can_manage_users)?;
    let mut fields = vec![];
    let email = parse_email(email)
        .map_err(|c| fields.push(FieldError::new("email", c)))
        .ok();
    let name = parse_name(name)
        .map_err(|c| fields.push(FieldError::new("name", c)))
        .ok();
    let role = Role::parse(role)
        .ok_or(())
        .map_err(|_| fields.push(FieldError::new("role", "invalid")))
        .ok();
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(AppError::Validation { fields });
    };
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    if let Some(u) = &existing {
        let member = membership::Entity::find()
            .filter(membership::Column::UserId.eq(u.id))
            .filter(membership::Column::CompanyId.eq(actor.company_id))
            .one(db)
            .await?;
        if member.is_some() {
            return Err(AppError::validation("email", "already_member"));
        }
    }
    let one_time = one_time_password();
    let phc = password::hash_async(one_time.clone()).await?;
    let user_id =
        create_with_password(db, &email, &name, &phc, actor.company_id, role, true).await?;
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        "user_invited",
        "user",
        Some(user_id.to_string()),
        json!({ "email": email, "role": role.as_str() }),
    )
    .await?;
    Ok(Invited {
        email,
        one_time_password: if existing.is_some() {
            String::new()
        } else {
            one_time
        },
    })
}

/// 12 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

async fn membership_of(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: i64,
) -> AppResult<membership::Model> {
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::CompanyId.eq(actor.company_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn change_role(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: i64,
    role: &str,
) -> AppResult<()> {
    actor.require(Role::can_manage_users)?;
    let role = Role::parse(role).ok_or_else(|| AppError::validation("role", "invalid"))?;
    let m = membership_of(db, actor, user_id).await?;
    if Some(user_id) == actor.user_id && role != Role::Admin {
        return Err(AppError::validation("role", "cannot_demote_self"));
    }
    let from = m.role.clone();
    let mut am: membership::ActiveModel = m.into();
    am.role = Set(role.as_str().into());
    am.update(db).await?;
    if role == Role::Executor {
        ensure_staff_profile(db, actor.company_id, user_id).await?;
    }
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        "role_changed",
        "user",
        Some(user_id.to_string()),
        json!({ "from": from, "to": role.as_str() }),
    )
    .await?;
    Ok(())
}

/// Deactivates (or reactivates) a user's membership in this company; their sessions end.
pub async fn set_active(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user_id: i64,
    active: bool,
) -> AppResult<()> {
    actor.require(Role::can_manage_users)?;
    if Some(user_id) == actor.user_id && !active {
        return Err(AppError::validation("active", "cannot_deactivate_self"));
    }
    let m = membership_of(db, actor, user_id).await?;
    let mut am: membership::ActiveModel = m.into();
    am.active = Set(active);
    am.update(db).await?;
    if !active {
        // Sessions in this company end; the user may still work in other companies.
        crate::server::entities::session::Entity::delete_many()
            .filter(crate::server::entities::session::Column::UserId.eq(user_id))
            .filter(crate::server::entities::session::Column::CompanyId.eq(actor.company_id))
            .exec(db)
            .await?;
    }
    audit::record(
        db,
        Some(actor),
        Some(actor.company_id),
        if active {
            "user_activated"
        } else {
            "user_deactivated"
        },
        "user",
        Some(user_id.to_string()),
        json!({}),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            parse_email("  Admin@Demo.Local ").as_deref(),
            Ok("admin@demo.local")
        );
        assert_eq!(parse_email(""), Err("required"));
        for bad in [
            "admin",
            "admin@local",
            "a b@c.d",
            "@demo.local",
            "a@b@c.d",
            "a@.b",
        ] {
            assert_eq!(parse_email(bad), Err("invalid_email"), "{bad}");
        }
    }

    #[test]
    fn one_time_passwords_avoid_look_alikes() {
        let p = one_time_password();
        assert_eq!(p.len(), 12);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
    }
}
