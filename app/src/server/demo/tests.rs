//! Loads demo data into fresh databases (SQLite, or PostgreSQL with `TEST_DATABASE_URL`) and checks what users would notice: same seed,
//! same data; current state always equals the event log; the logins, staff and homes exist;
//! requests arrive in working hours.

use super::names::STAFF;
use super::rand_util::local_weekday_hour;
use super::*;
use crate::model::event_kind;
use crate::server::entities::{
    apartment, category, comment, contact, request, request_event, staff_profile, status,
    status_transition, team,
};
use chrono::TimeZone;
use migrations::MigratorTrait;
use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// A fresh migrated database (SQLite, or PostgreSQL with `TEST_DATABASE_URL`), removed on drop.
struct TestDb {
    db: DatabaseConnection,
    _handle: crate::server::testing::TestDb,
}

async fn fresh_db() -> anyhow::Result<TestDb> {
    let handle = crate::server::testing::TestDb::create().await?;
    let db = handle.connect().await?;
    migrations::Migrator::up(&db, None).await?;
    Ok(TestDb {
        db,
        _handle: handle,
    })
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
        .single()
        .unwrap_or_default()
}

fn small() -> DemoOptions {
    DemoOptions {
        property_requests: 300,
        shop_requests: 100,
        seed: 7,
        now: now(),
    }
}

async fn company_id(db: &DatabaseConnection, slug: &str) -> anyhow::Result<i64> {
    Ok(companies::by_slug(db, slug).await?.id)
}

type Row = (i64, i64, String, String, Option<String>, DateTime<Utc>);
type EventRow = (i64, String, DateTime<Utc>, DateTime<Utc>, Option<String>);

/// Requests and events as a user sees them (names, not ids).
async fn snapshot(db: &DatabaseConnection) -> anyhow::Result<(Vec<Row>, Vec<EventRow>)> {
    let statuses: HashMap<i64, String> = status::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let emails: HashMap<i64, String> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let requests = request::Entity::find()
        .order_by_asc(request::Column::CompanyId)
        .order_by_asc(request::Column::Number)
        .all(db)
        .await?;
    let numbers: HashMap<i64, i64> = requests.iter().map(|r| (r.id, r.number)).collect();
    let rows = requests
        .into_iter()
        .map(|r| {
            (
                r.company_id,
                r.number,
                r.title,
                statuses.get(&r.status_id).cloned().unwrap_or_default(),
                r.assignee_id.and_then(|a| emails.get(&a).cloned()),
                r.created_at,
            )
        })
        .collect();
    let events = request_event::Entity::find()
        .order_by_asc(request_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            (
                numbers.get(&e.request_id).copied().unwrap_or_default(),
                e.kind,
                e.at,
                e.recorded_at,
                e.status_id.and_then(|s| statuses.get(&s).cloned()),
            )
        })
        .collect();
    Ok((rows, events))
}

#[tokio::test]
async fn same_seed_and_now_give_the_same_data() -> anyhow::Result<()> {
    let (a, b) = (fresh_db().await?, fresh_db().await?);
    let sa = load(&a.db, &small()).await?;
    let sb = load(&b.db, &small()).await?;
    assert_eq!(sa, sb);
    assert_eq!(sa.companies, 2);
    assert_eq!(sa.requests, 400);
    assert_eq!(
        sa.events as u64,
        request_event::Entity::find().count(&a.db).await?
    );
    let (rows_a, events_a) = snapshot(&a.db).await?;
    let (rows_b, events_b) = snapshot(&b.db).await?;
    assert_eq!(rows_a.len(), 400);
    assert_eq!(rows_a, rows_b);
    assert_eq!(events_a, events_b);

    let other = fresh_db().await?;
    load(&other.db, &DemoOptions { seed: 8, ..small() }).await?;
    let (rows_c, _) = snapshot(&other.db).await?;
    assert_ne!(rows_a, rows_c, "another seed gives other data");
    Ok(())
}

#[tokio::test]
async fn current_state_is_the_last_event_by_source_time() -> anyhow::Result<()> {
    let t = fresh_db().await?;
    load(&t.db, &small()).await?;
    assert_consistent(&t.db).await
}

/// Every request's state equals its log; logs are well formed; numbers have no gaps.
async fn assert_consistent(db: &DatabaseConnection) -> anyhow::Result<()> {
    let statuses: HashMap<i64, status::Model> = status::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let allowed: HashSet<(i64, i64)> = status_transition::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.from_status_id, t.to_status_id))
        .collect();
    let comments: HashMap<i64, i64> = comment::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.request_id))
        .collect();
    let mut by_request: HashMap<i64, Vec<request_event::Model>> = HashMap::new();
    for e in request_event::Entity::find().all(db).await? {
        by_request.entry(e.request_id).or_default().push(e);
    }
    let mut late = 0;
    for r in request::Entity::find().all(db).await? {
        let mut events = by_request.remove(&r.id).unwrap_or_default();
        events.sort_by_key(|e| (e.at, e.id));
        assert_eq!(
            events.first().map(|e| e.kind.as_str()),
            Some(event_kind::CREATED)
        );
        // Inserted after an event that happened later: a late arrival.
        let mut max_id = 0;
        for e in &events {
            if e.id < max_id {
                late += 1;
            }
            max_id = max_id.max(e.id);
            assert!(e.recorded_at >= e.at && e.at <= now(), "R-{}", r.number);
            if let Some(c) = e.comment_id {
                assert_eq!(comments.get(&c), Some(&r.id));
            }
        }
        let status_events: Vec<_> = events
            .iter()
            .filter(|e| e.kind == event_kind::CREATED || e.kind == event_kind::STATUS_CHANGED)
            .collect();
        let last = status_events.last().map(|e| (e.status_id, e.at));
        assert_eq!(
            last,
            Some((Some(r.status_id), r.status_at)),
            "R-{}",
            r.number
        );
        let st = statuses
            .get(&r.status_id)
            .map(|s| (s.stage_id, s.is_closing));
        assert_eq!(st, Some((r.stage_id, r.closed_at.is_some())));
        let assignee = events
            .iter()
            .rfind(|e| e.kind == event_kind::ASSIGNED)
            .and_then(|e| e.assignee_id);
        assert_eq!(assignee, r.assignee_id, "R-{}", r.number);
        assert_eq!(events.last().map(|e| e.at), Some(r.updated_at));
        for pair in status_events.windows(2) {
            let (from, to) = (
                pair[0].status_id.unwrap_or(0),
                pair[1].status_id.unwrap_or(0),
            );
            assert!(
                allowed.contains(&(from, to)),
                "R-{}: {from} → {to}",
                r.number
            );
        }
        if statuses
            .get(&r.status_id)
            .is_some_and(|s| s.requires_comment)
        {
            assert!(events.iter().any(|e| e.kind == event_kind::COMMENTED));
        }
    }
    assert!(late > 0, "some events arrive late");
    for slug in ["demo", "shop"] {
        let c = companies::by_slug(db, slug).await?;
        let numbers: Vec<i64> = request::Entity::find()
            .filter(request::Column::CompanyId.eq(c.id))
            .order_by_asc(request::Column::Number)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.number)
            .collect();
        assert_eq!(numbers, (1..=c.request_seq).collect::<Vec<_>>());
    }
    Ok(())
}

#[tokio::test]
async fn logins_staff_homes_and_working_hours() -> anyhow::Result<()> {
    let t = fresh_db().await?;
    let db = &t.db;
    assert!(is_empty(db).await?);
    let summary = load(db, &small()).await?;
    assert!(!is_empty(db).await?);
    assert_eq!(company::Entity::find().count(db).await?, 2);
    assert_eq!(summary.users, 22);

    let emails: Vec<&str> = LOGINS.iter().map(|(e, _)| *e).collect();
    let mut staff_emails: Vec<&str> = vec![];
    for s in STAFF {
        if !staff_emails.contains(&s.email) {
            staff_emails.push(s.email);
        }
    }
    assert_eq!(emails, staff_emails);
    for s in STAFF {
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(s.email))
            .one(db)
            .await?;
        let Some(u) = u else {
            panic!("{} missing", s.email)
        };
        assert!(password::verify("demo", &u.password_hash), "{}", s.email);
        let m = membership::Entity::find()
            .filter(membership::Column::UserId.eq(u.id))
            .filter(membership::Column::CompanyId.eq(company_id(db, s.company).await?))
            .one(db)
            .await?;
        assert_eq!(
            m.map(|m| m.role),
            Some(s.role.as_str().to_string()),
            "{}",
            s.email
        );
    }

    let demo = company_id(db, "demo").await?;
    let executors = membership::Entity::find()
        .filter(membership::Column::CompanyId.eq(demo))
        .filter(membership::Column::Role.eq("executor"))
        .count(db)
        .await?;
    assert_eq!(executors, 15);
    let profiles = staff_profile::Entity::find()
        .filter(staff_profile::Column::CompanyId.eq(demo))
        .all(db)
        .await?;
    assert_eq!(profiles.len(), 15);
    assert_eq!(profiles.iter().filter(|p| !p.active).count(), 1);
    assert!(
        profiles
            .iter()
            .all(|p| p.team_id.is_some() && (8..=12).contains(&p.max_load))
    );
    let teams = team::Entity::find()
        .filter(team::Column::CompanyId.eq(demo))
        .all(db)
        .await?;
    assert_eq!(teams.len(), 4);
    assert!(teams.iter().all(|t| t.lead_user_id.is_some()));
    let categories = category::Entity::find()
        .filter(category::Column::CompanyId.eq(demo))
        .all(db)
        .await?;
    assert_eq!(categories.len(), 8);
    assert!(categories.iter().all(|c| c.team_id.is_some()));

    let apartments = apartment::Entity::find()
        .filter(apartment::Column::CompanyId.eq(demo))
        .count(db)
        .await?;
    assert!((380..=420).contains(&apartments), "{apartments} apartments");
    let residents = contact::Entity::find()
        .filter(contact::Column::CompanyId.eq(demo))
        .filter(contact::Column::Kind.eq("resident"))
        .all(db)
        .await?;
    assert_eq!(residents.len() as u64, apartments);
    assert!(
        residents
            .iter()
            .all(|c| c.phone.as_deref().is_some_and(|p| p.starts_with("+998")))
    );

    let created = request_event::Entity::find()
        .filter(request_event::Column::CompanyId.eq(demo))
        .filter(request_event::Column::Kind.eq(event_kind::CREATED))
        .all(db)
        .await?;
    assert_eq!(created.len(), 300);
    let tz = chrono_tz::Asia::Tashkent;
    let in_hours = created
        .iter()
        .filter(|e| {
            let (weekday, hour) = local_weekday_hour(e.at, tz);
            weekday < 5 && (8..20).contains(&hour)
        })
        .count();
    assert!(
        in_hours * 10 > created.len() * 7,
        "{in_hours} of {} in working hours",
        created.len()
    );

    let again = load(db, &small()).await;
    let err = again.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("already exists"), "{err}");
    Ok(())
}

/// The board of the default demo: `cargo test -p app --features ssr demo -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "loads the full default demo; run by hand"]
async fn default_demo_fills_the_board() -> anyhow::Result<()> {
    let t = fresh_db().await?;
    let started = std::time::Instant::now();
    let summary = load(
        &t.db,
        &DemoOptions {
            now: now(),
            ..Default::default()
        },
    )
    .await?;
    println!("default demo: {summary:?} in {:.1?}", started.elapsed());
    let demo = company_id(&t.db, "demo").await?;
    let open = request::Entity::find()
        .filter(request::Column::CompanyId.eq(demo))
        .filter(request::Column::ClosedAt.is_null())
        .count(&t.db)
        .await?;
    println!("open property requests: {open}");
    assert!((100..=300).contains(&open), "{open} open");
    Ok(())
}

/// Speed: `cargo test -p app --features ssr demo_speed -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "timing; run by hand"]
async fn demo_speed_20k() -> anyhow::Result<()> {
    let t = fresh_db().await?;
    let started = std::time::Instant::now();
    let opts = DemoOptions {
        property_requests: 20_000,
        shop_requests: 0,
        seed: 1,
        now: now(),
    };
    let summary = load(&t.db, &opts).await?;
    println!("20k requests: {summary:?} in {:.1?}", started.elapsed());
    Ok(())
}

/// Each request's clock-log items (`id|code|at`), sorted: the triggers append them in arrival
/// order, a fold from the log may list them in another.
async fn clock_logs(db: &DatabaseConnection) -> anyhow::Result<Vec<(i64, Vec<String>)>> {
    let rows: Vec<(i64, Option<String>)> = request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .column_as(crate::server::services::sla::context::clock_log(), "log")
        .order_by_asc(request::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, log)| {
            let mut items: Vec<String> = log
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            items.sort();
            (id, items)
        })
        .collect())
}

/// The loader pauses the clock-log insert trigger and writes each request's text itself: every
/// request still gets the text a fold of its log gives, and the trigger works again afterwards.
#[tokio::test]
async fn clock_logs_follow_the_event_log_and_the_trigger_is_back() -> anyhow::Result<()> {
    use sea_orm::{ActiveModelTrait, Set};
    let t = fresh_db().await?;
    load(&t.db, &small()).await?;
    let loaded = clock_logs(&t.db).await?;
    assert_eq!(loaded.len(), 400);
    assert!(loaded.iter().all(|(_, items)| !items.is_empty()));
    t.db.execute_unprepared(&migrations::clock_log::refold(
        t.db.get_database_backend(),
        "1 = 1",
    ))
    .await?;
    assert_eq!(clock_logs(&t.db).await?, loaded, "as folded from the log");

    let (id, before) = loaded[0].clone();
    let req = request::Entity::find_by_id(id)
        .one(&t.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("request {id}"))?;
    let event = request_event::ActiveModel {
        kind: Set(event_kind::ASSIGNED.into()),
        at: Set(now()),
        recorded_at: Set(now()),
        assignee_id: Set(None),
        company_id: Set(req.company_id),
        request_id: Set(id),
        ..Default::default()
    }
    .insert(&t.db)
    .await?;
    let after = clock_logs(&t.db).await?;
    let (_, items) = after
        .iter()
        .find(|(r, _)| *r == id)
        .ok_or_else(|| anyhow::anyhow!("request {id} after"))?;
    assert_eq!(
        items.len(),
        before.len() + 1,
        "the trigger appended the event"
    );
    assert!(
        items
            .iter()
            .any(|i| i.starts_with(&format!("{}|0|", event.id)))
    );
    Ok(())
}

/// On PostgreSQL a load into a database without companies drops the foreign keys of the bulk
/// tables and adds them back before the commit; a load beside another company keeps them. Either
/// way, afterwards a row pointing at a missing request or status is refused.
#[tokio::test]
async fn foreign_keys_hold_after_the_load() -> anyhow::Result<()> {
    use sea_orm::{ActiveModelTrait, Set};
    for beside_another in [false, true] {
        let t = fresh_db().await?;
        if beside_another {
            companies::create(&t.db, "Other", "other", "UTC", "en").await?;
        }
        load(&t.db, &small()).await?;
        let req = request::Entity::find()
            .one(&t.db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a demo request"))?;
        let missing = 1_000_000_000;
        let event = request_event::ActiveModel {
            kind: Set(event_kind::COMMENTED.into()),
            at: Set(now()),
            recorded_at: Set(now()),
            company_id: Set(req.company_id),
            request_id: Set(missing),
            ..Default::default()
        };
        assert!(
            event.insert(&t.db).await.is_err(),
            "event of a missing request"
        );
        let comment = comment::ActiveModel {
            body: Set("?".into()),
            created_at: Set(now()),
            company_id: Set(req.company_id),
            request_id: Set(missing),
            ..Default::default()
        };
        assert!(
            comment.insert(&t.db).await.is_err(),
            "comment of a missing request"
        );
        let mut moved: request::ActiveModel = req.into();
        moved.status_id = Set(missing);
        assert!(
            moved.update(&t.db).await.is_err(),
            "request in a missing status"
        );
    }
    Ok(())
}

/// On SQLite the load ends with its write-ahead log copied into the database and emptied.
#[tokio::test]
async fn the_write_ahead_log_is_empty_after_a_load() -> anyhow::Result<()> {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    let t = fresh_db().await?;
    load(&t.db, &small()).await?;
    if t.db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    let row =
        t.db.query_one_raw(sea_orm::Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA wal_checkpoint(PASSIVE)",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no checkpoint answer"))?;
    let frames: i64 = row.try_get_by_index(1)?;
    assert_eq!(frames, 0, "frames left in the write-ahead log");
    Ok(())
}
