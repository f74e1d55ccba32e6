//! Deterministic demo data: a property-management company (`demo`) with half a year of
//! residents' requests and a shop (`shop`) whose KeyCRM orders moved through their statuses.
//! The same seed and `now` give the same rows (password salts aside); a million requests load
//! in minutes because rows go in batches inside one transaction, chunk by chunk.

mod arrivals;
mod bulk;
mod names;
mod pipeline;
mod property;
mod property_life;
mod rand_util;
mod shop;
mod sla;
mod texts;
mod timeline;
mod write;

#[cfg(test)]
mod tests;

use crate::server::auth::password;
use crate::server::db::write_txn;
use crate::server::entities::{company, membership, user};
use crate::server::services::{companies, users};
use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use std::collections::HashMap;
use write::{Plan, Target};

/// How much to generate, from which seed, ending when.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub property_requests: usize,
    pub shop_requests: usize,
    pub seed: u64,
    /// The history ends here; recent requests are still open.
    pub now: DateTime<Utc>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            property_requests: 6000,
            shop_requests: 3000,
            seed: 42,
            now: Utc::now(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub companies: usize,
    pub users: usize,
    pub requests: usize,
    pub events: usize,
}

/// The demo logins printed by `make run` and listed in README: (email, role description).
/// Every password is `demo`.
pub const LOGINS: &[(&str, &str)] = &[
    (
        "admin@demo.local",
        "admin, УК «Уютный дом» and the shop (company switcher)",
    ),
    ("manager@demo.local", "manager, УК «Уютный дом»"),
    ("dispatcher@demo.local", "dispatcher, УК «Уютный дом»"),
    (
        "executor@demo.local",
        "executor (plumbers' team lead), УК «Уютный дом»",
    ),
    ("executive@demo.local", "executive, УК «Уютный дом»"),
    ("accountant@demo.local", "accountant, УК «Уютный дом»"),
    ("viewer@demo.local", "viewer, УК «Уютный дом»"),
    (
        "shop@demo.local",
        "admin, Інтернет-магазин «Лавка» (KeyCRM orders)",
    ),
];

/// The demo password of every demo login.
const PASSWORD: &str = "demo";

/// Requests generated and written at a time: bounds memory whatever the total.
const CHUNK: usize = 2000;

/// True when there is no company at all (make run loads demo data only then).
pub async fn is_empty(db: &impl ConnectionTrait) -> anyhow::Result<bool> {
    let any = company::Entity::find()
        .one(db)
        .await
        .context("looking for companies")?;
    Ok(any.is_none())
}

/// Loads both demo companies in one transaction: all or nothing. Fails clearly if slug
/// `demo` or `shop` already exists.
pub async fn load(db: &DatabaseConnection, opts: &DemoOptions) -> anyhow::Result<DemoSummary> {
    for slug in [property::SLUG, shop::SLUG] {
        let taken = company::Entity::find()
            .filter(company::Column::Slug.eq(slug))
            .one(db)
            .await
            .context("looking for the demo companies")?;
        if taken.is_some() {
            anyhow::bail!(
                "a company with slug `{slug}` already exists: demo data is already loaded \
                 (use a fresh database to load it again)"
            );
        }
    }
    // Argon2 is deliberately slow: hash once, share the PHC string.
    let phc = password::hash_async(PASSWORD.into())
        .await
        .context("hashing the demo password")?;
    let txn = write_txn(db)
        .await
        .context("starting the demo transaction")?;
    let backend = txn.get_database_backend();
    // Each request is written with its clock log (see [`write::write_chunk`]), so the triggers
    // that append every inserted event to it are paused for the load: they would write a new
    // version of the request's row for each of its clock events.
    for sql in migrations::clock_log::pause_on_insert(backend) {
        txn.execute_unprepared(&sql)
            .await
            .context("pausing the clock-log trigger for the bulk load")?;
    }
    let foreign_keys = if backend == DatabaseBackend::Postgres && is_empty(&txn).await? {
        Some(bulk::ForeignKeys::drop(&txn).await?)
    } else {
        None
    };
    let p = property::load(&txn, opts, &phc).await?;
    let s = shop::load(&txn, opts, &phc).await?;
    for sql in migrations::clock_log::resume_on_insert(backend) {
        txn.execute_unprepared(&sql)
            .await
            .context("restoring the clock-log trigger")?;
    }
    if let Some(keys) = foreign_keys {
        keys.restore(&txn).await?;
    }
    txn.commit().await.context("committing the demo data")?;
    // A bulk load leaves the planners without statistics (PostgreSQL's autovacuum gets to it
    // later, SQLite never): gather them now, as an operator would after an import. On
    // PostgreSQL the vacuum also marks the new pages all-visible, which lets counts and pages
    // of ids read the indexes alone.
    let postgres = backend == DatabaseBackend::Postgres;
    db.execute_unprepared(if postgres {
        "VACUUM ANALYZE"
    } else {
        "ANALYZE"
    })
    .await
    .context("gathering planner statistics")?;
    // SQLite: the load went through the write-ahead log, which would stay as large as the
    // database (3.7 GB for a million requests), and be searched on every read, until some
    // later write checkpointed it. Copy it into the database now and empty it.
    if backend == DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .context("checkpointing the write-ahead log")?;
    }
    // Distinct people: the demo admin belongs to both companies.
    let users = user::Entity::find()
        .count(db)
        .await
        .context("counting the demo users")? as usize;
    debug_assert!(users <= p.users + s.users);
    Ok(DemoSummary {
        companies: 2,
        users,
        requests: p.requests + s.requests,
        events: p.events + s.events,
    })
}

/// What one company's loader wrote.
struct Loaded {
    users: usize,
    requests: usize,
    events: usize,
}

/// Creates the company and backdates it to `created_at`.
async fn create_company(
    db: &impl ConnectionTrait,
    name: &str,
    slug: &str,
    timezone: &str,
    locale: &str,
    created_at: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let c = companies::create(db, name, slug, timezone, locale)
        .await
        .with_context(|| format!("creating the demo company `{slug}`"))?;
    company::Entity::update_many()
        .col_expr(company::Column::CreatedAt, Expr::value(created_at))
        .filter(company::Column::Id.eq(c.id))
        .exec(db)
        .await
        .context("dating the demo company")?;
    Ok(c.id)
}

/// Creates the [`names::STAFF`] logins of company `slug`; returns their ids by e-mail.
async fn create_staff(
    db: &impl ConnectionTrait,
    company_id: i64,
    slug: &str,
    phc: &str,
) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut ids = HashMap::new();
    for s in names::STAFF.iter().filter(|s| s.company == slug) {
        let id = users::create_with_password(db, s.email, s.name, phc, company_id, s.role, false)
            .await
            .with_context(|| format!("creating demo user {}", s.email))?;
        ids.insert(s.email, id);
    }
    Ok(ids)
}

/// Sets the creation time of `user_ids` and their memberships in `company_id` to `at`, so
/// that the same options give the same rows.
async fn backdate_users(
    db: &impl ConnectionTrait,
    company_id: i64,
    user_ids: &[i64],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::CreatedAt, Expr::value(at))
        .col_expr(user::Column::UpdatedAt, Expr::value(at))
        .filter(user::Column::Id.is_in(user_ids.iter().copied()))
        .exec(db)
        .await
        .context("dating the demo users")?;
    membership::Entity::update_many()
        .col_expr(membership::Column::CreatedAt, Expr::value(at))
        .filter(membership::Column::CompanyId.eq(company_id))
        .filter(membership::Column::UserId.is_in(user_ids.iter().copied()))
        .exec(db)
        .await
        .context("dating the demo memberships")?;
    Ok(())
}

/// Generates `n` requests with `plan(i)` (i from 0, in number order) and writes them chunk
/// by chunk; sets the company's request counter. Returns the number of events written.
async fn write_requests(
    db: &impl ConnectionTrait,
    target: &Target<'_>,
    n: usize,
    mut plan: impl FnMut(usize) -> Plan,
) -> anyhow::Result<usize> {
    let mut events = 0;
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        let plans: Vec<Plan> = (start..end).map(&mut plan).collect();
        events += write::write_chunk(db, target, start as i64 + 1, &plans).await?;
        start = end;
        if start % 50_000 < CHUNK || start == n {
            tracing::info!(
                company_id = target.company_id,
                done = start,
                total = n,
                "demo requests"
            );
        }
    }
    company::Entity::update_many()
        .col_expr(company::Column::RequestSeq, Expr::value(n as i64))
        .filter(company::Column::Id.eq(target.company_id))
        .exec(db)
        .await
        .context("setting the demo request counter")?;
    Ok(events)
}
