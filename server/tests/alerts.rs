//! SLA alerts fire at their instant, once — also with several watchers (server processes)
//! racing — notify the managers, escalate when the pipeline asks for it, wait for working hours
//! as a digest, and are dropped when the request moves on first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::notifications::GetNotifications;
use app::server::entities::{notification, sla_alert};
use chrono::{Duration, Utc};
use common::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

struct Setup {
    token: String,
    pipeline: i64,
    new_stage: i64,
    s_assigned: i64,
}

async fn rest(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Value {
    let res = app
        .client()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

/// «Новые» runs around the clock with a one-minute limit.
async fn setup(app: &TestApp, escalate: bool, company_calendar: Value) -> Setup {
    let token = app.token("demo").await;
    let p = rest(
        app,
        &token,
        reqwest::Method::GET,
        "/api/v1/pipelines",
        Value::Null,
    )
    .await;
    let pipeline = &p["items"][0];
    let new_stage = pipeline["stages"][0]["id"].as_i64().unwrap();
    let s_assigned = pipeline["stages"][1]["statuses"][0]["id"].as_i64().unwrap();
    let always = json!({"timezone": "Asia/Tashkent", "week": {
        "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]],
        "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]]}});
    rest(
        app,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/calendars/{new_stage}"),
        always,
    )
    .await;
    // The company's own hours decide when people are told (digest outside them).
    let manager = app.login("manager@demo.local", "demo").await;
    let _ = manager;
    let company = app.company("demo").await;
    let actor = app::server::auth::Actor {
        user_id: None,
        company_id: company,
        role: app::model::Role::Manager,
        session_id: None,
    };
    let cal: app::domain::sla::calendar::Calendar =
        serde_json::from_value(company_calendar).unwrap();
    app::server::services::sla::settings::put_calendar(&app.db, &actor, None, cal)
        .await
        .unwrap();
    let pipeline_id = pipeline["id"].as_i64().unwrap();
    rest(
        app,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/sla-policy/{pipeline_id}"),
        json!({
            "stages": {new_stage.to_string(): {"normal": "00:01"}},
            "near": {"share": 0.5},
            "auto_escalation": escalate
        }),
    )
    .await;
    Setup {
        token,
        pipeline: pipeline_id,
        new_stage,
        s_assigned,
    }
}

fn always_json() -> Value {
    json!({"timezone": "Asia/Tashkent", "week": {
        "mon": [["00:00","24:00"]], "tue": [["00:00","24:00"]], "wed": [["00:00","24:00"]], "thu": [["00:00","24:00"]],
        "fri": [["00:00","24:00"]], "sat": [["00:00","24:00"]], "sun": [["00:00","24:00"]]}})
}

/// A request that entered «Новые» `ago` seconds ago.
async fn request(app: &TestApp, s: &Setup, title: &str, ago: i64, extra: Value) -> i64 {
    let mut body =
        json!({"title": title, "created_at": (Utc::now() - Duration::seconds(ago)).to_rfc3339()});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    rest(
        app,
        &s.token,
        reqwest::Method::POST,
        "/api/v1/requests",
        body,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn notes(app: &TestApp, request_id: i64, kind: &str) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::RequestId.eq(request_id))
        .filter(notification::Column::Kind.eq(kind))
        .all(&app.db)
        .await
        .unwrap()
}

async fn wait_for(
    app: &TestApp,
    request_id: i64,
    kind: &str,
    secs: u64,
) -> Vec<notification::Model> {
    for _ in 0..(secs * 10) {
        let n = notes(app, request_id, kind).await;
        if !n.is_empty() {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    vec![]
}

#[tokio::test]
async fn near_and_breach_fire_on_time_once_even_with_two_watchers() {
    let app = TestApp::spawn().await;
    let s = setup(&app, false, always_json()).await;
    // 45 s in: past the 50 % "near" mark already; the 1-minute limit is 15 s away.
    let id = request(&app, &s, "Проверка оповещений", 45, Value::Null).await;
    let a = app.spawn_watcher().await;
    let b = app.spawn_watcher().await;

    let near = wait_for(&app, id, "sla_near", 10).await;
    assert!(!near.is_empty(), "near fired");
    let over = wait_for(&app, id, "sla_over", 30).await;
    assert!(!over.is_empty(), "breach fired");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    a.abort();
    b.abort();

    let managers = 1; // manager@demo.local
    assert_eq!(
        notes(&app, id, "sla_near").await.len(),
        managers,
        "once, whatever the number of watchers"
    );
    assert_eq!(notes(&app, id, "sla_over").await.len(), managers);
    let alert = sla_alert::Entity::find()
        .filter(sla_alert::Column::RequestId.eq(id))
        .filter(sla_alert::Column::State.eq("over"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let late = (alert.fired_at.unwrap() - alert.due_at).num_milliseconds();
    assert!(
        (0..5000).contains(&late),
        "fired {late} ms after its instant"
    );

    // The manager sees it in the bell; the dispatcher does not.
    let m = app.login("manager@demo.local", "demo").await;
    let (_, bell) = app.call::<GetNotifications>(&m, &[]).await;
    assert!(
        bell["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "sla_over" && i["request_id"] == id)
    );
    // The count beside the bell is the unread messages'; reading them clears it and keeps them.
    let items = bell["items"].as_array().unwrap();
    let unread = items.iter().filter(|i| i["read"] == false).count();
    assert!(unread >= 1 && items.len() < 20, "{bell}");
    assert_eq!(bell["unread"], unread);
    let (status, _) = app
        .call::<app::api::notifications::MarkNotificationsRead>(&m, &[])
        .await;
    assert!(status.is_success());
    let (_, bell) = app.call::<GetNotifications>(&m, &[]).await;
    assert_eq!(bell["unread"], 0);
    assert_eq!(bell["items"].as_array().unwrap().len(), items.len());
    assert!(
        bell["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["read"] == true)
    );
    let d = app.login("dispatcher@demo.local", "demo").await;
    let (_, bell) = app.call::<GetNotifications>(&d, &[]).await;
    assert_eq!(bell["unread"], 0);
}

#[tokio::test]
async fn a_breach_escalates_when_the_pipeline_asks_for_it() {
    let app = TestApp::spawn().await;
    let s = setup(&app, true, always_json()).await;
    let (_, d) = (0, app.login("dispatcher@demo.local", "demo").await);
    let (_, dicts) = app
        .call::<app::api::requests::GetDictionaries>(&d, &[])
        .await;
    let plumbing = dicts["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Сантехника")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let id = request(
        &app,
        &s,
        "Эскалация",
        58,
        json!({"category_id": plumbing, "priority": "normal"}),
    )
    .await;
    let w = app.spawn_watcher().await;
    let over = wait_for(&app, id, "sla_over", 20).await;
    w.abort();
    assert!(!over.is_empty());
    let r = app.request(id).await;
    assert_eq!(r.priority, 3, "normal → high");
    let lead = app.user_id("executor@demo.local").await;
    assert_eq!(r.assignee_id, Some(lead), "the plumbers' team lead");
    let (_, detail) = app
        .call::<app::api::requests::GetRequest>(&d, &[("id", &id.to_string())])
        .await;
    let system: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].is_null())
        .map(|e| e["what"]["kind"].as_str().unwrap())
        .collect();
    assert!(
        system.contains(&"priority_changed") && system.contains(&"assigned"),
        "{system:?}"
    );
    let _ = s.pipeline;
}

#[tokio::test]
async fn alerts_outside_working_hours_wait_for_the_next_window() {
    let app = TestApp::spawn().await;
    // The company works only on a day that is not today (in Tashkent).
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Tashkent)
        .date_naive();
    use chrono::Datelike;
    let other = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        [((today.weekday().num_days_from_monday() + 2) % 7) as usize];
    let s = setup(
        &app,
        false,
        json!({"timezone": "Asia/Tashkent", "week": {other: [["09:00", "10:00"]]}}),
    )
    .await;
    let id = request(&app, &s, "Ночная заявка", 58, Value::Null).await;
    let w = app.spawn_watcher().await;
    let over = wait_for(&app, id, "sla_over", 20).await;
    w.abort();
    assert_eq!(over.len(), 1);
    let deliver = over[0].deliver_at.unwrap();
    assert!(
        deliver > Utc::now() + Duration::hours(20),
        "held for the next working window: {deliver}"
    );
    let local = deliver.with_timezone(&chrono_tz::Asia::Tashkent);
    assert_eq!(local.format("%H:%M").to_string(), "09:00");
    let m = app.login("manager@demo.local", "demo").await;
    let (_, bell) = app.call::<GetNotifications>(&m, &[]).await;
    assert_eq!(bell["unread"], 0, "not shown before its window");
}

#[tokio::test]
async fn moving_on_before_the_deadline_cancels_the_alert() {
    let app = TestApp::spawn().await;
    let s = setup(&app, false, always_json()).await;
    let id = request(&app, &s, "Успели", 10, Value::Null).await;
    let pending: Vec<_> = sla_alert::Entity::find()
        .filter(sla_alert::Column::RequestId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        pending.iter().any(|a| a.state == "over"),
        "scheduled when created"
    );
    // Assigned and moved out of «Новые» before the minute is up.
    let d = app.login("dispatcher@demo.local", "demo").await;
    let exec = app.user_id("executor@demo.local").await.to_string();
    app.call::<app::api::requests::AssignRequest>(
        &d,
        &[("id", &id.to_string()), ("assignee_id", &exec)],
    )
    .await;
    let (status, _) = app
        .call::<app::api::requests::ChangeStatus>(
            &d,
            &[
                ("id", &id.to_string()),
                ("status_id", &s.s_assigned.to_string()),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let pending: Vec<_> = sla_alert::Entity::find()
        .filter(sla_alert::Column::RequestId.eq(id))
        .filter(sla_alert::Column::FiredAt.is_null())
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        pending
            .iter()
            .all(|a| a.target_name != s.new_stage.to_string() || a.state != "over"),
        "{pending:?}"
    );
    let w = app.spawn_watcher().await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    w.abort();
    assert!(notes(&app, id, "sla_over").await.is_empty());
}

/// A manager who never reads his alerts (the million-request demo gives one 17,000): the bell
/// lists the twenty newest due messages of his company in order, counts unread ones up to 100
/// and shows "99+", and reads both from indexes without sorting.
#[tokio::test]
async fn a_full_bell_lists_the_newest_and_counts_to_ninety_nine_plus() {
    use app::server::services::alerts::bell;
    use sea_orm::{ActiveValue::Set, QueryTrait};
    let app = TestApp::spawn().await;
    let manager = app.user_id("manager@demo.local").await;
    let (demo, shop) = (app.company("demo").await, app.company("shop").await);
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.eq(manager))
        .exec(&app.db)
        .await
        .unwrap();
    let now = Utc::now();
    let note = |company: i64, minutes_ago: i64, read: bool| {
        notification::ActiveModel {
        kind: Set("sla_over".into()),
        payload: Set(
            json!({"number": format!("R-{minutes_ago}"), "title": "Протечка", "target_kind": "stage"})
                .to_string(),
        ),
        created_at: Set(now - Duration::minutes(minutes_ago)),
        deliver_at: Set(Some(now - Duration::minutes(minutes_ago))),
        read_at: Set(read.then_some(now)),
        company_id: Set(company),
        user_id: Set(manager),
        ..Default::default()
    }
    };
    // 130 unread, then 10 read further back, 3 not due yet (a digest), and 5 newer ones that
    // belong to another company.
    let mut rows: Vec<_> = (1..=130).map(|m| note(demo, m, false)).collect();
    rows.extend((200..210).map(|m| note(demo, m, true)));
    rows.extend((1..=3).map(|m| note(demo, -60 * m, false)));
    rows.extend((0..5).map(|_| note(shop, 0, false)));
    notification::Entity::insert_many(rows)
        .exec(&app.db)
        .await
        .unwrap();

    let m = app.login("manager@demo.local", "demo").await;
    let (_, b) = app.call::<GetNotifications>(&m, &[]).await;
    assert_eq!(b["unread"], 100, "counted up to 100");
    let numbers: Vec<&str> = b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    let newest: Vec<String> = (1..=20).map(|m| format!("R-{m}")).collect();
    assert_eq!(numbers, newest, "the twenty newest due, newest first");
    let page = app.html(&m, "/requests").await;
    let count = page
        .split(r#"data-testid="bell-count""#)
        .nth(1)
        .and_then(|rest| rest.split_once('>'))
        .and_then(|(_, text)| text.split('<').next());
    assert_eq!(count, Some("99+"), "the bell's count");

    // Read: the count goes; once only 30 unread are left it is exact again.
    let (status, _) = app
        .call::<app::api::notifications::MarkNotificationsRead>(&m, &[])
        .await;
    assert!(status.is_success());
    notification::Entity::insert_many((300..330).map(|m| note(demo, m, false)))
        .exec(&app.db)
        .await
        .unwrap();
    let (_, b) = app.call::<GetNotifications>(&m, &[]).await;
    assert_eq!(b["unread"], 30);

    // Both the list and the count come from indexes in order: no sort of the user's messages.
    let sql = bell::latest(manager, demo, now)
        .build(app.db.get_database_backend())
        .to_string();
    let lines = app::server::testing::plan(&app.db, &sql).await.unwrap();
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("Sort") || l.contains("TEMP B-TREE")),
        "{lines:#?}"
    );
}
