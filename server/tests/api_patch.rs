//! `PATCH /api/v1/requests/{id}`: the board's rules for integrators — allowed transitions,
//! required fields, the version check — all or nothing, idempotent, with stable error codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, code};
use serde_json::{Value, json};

async fn patch(app: &TestApp, token: &str, id: &str, body: &str) -> (u16, Value) {
    let res = app
        .client()
        .patch(app.url(&format!("/api/v1/requests/{id}")))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// A new, unassigned request of company `slug`, created through the API.
async fn fresh(app: &TestApp, token: &str) -> (String, Value) {
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(token)
        .json(&json!({
            "title": "Не работает домофон во втором подъезде",
            "contact": {"name": "Житель", "phone": "+998 90 000 11 33"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let row: Value = res.json().await.unwrap();
    (row["id"].as_i64().unwrap().to_string(), row)
}

/// Fields named in a validation error, as `field:code`.
fn fields(v: &Value) -> Vec<String> {
    v["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    format!(
                        "{}:{}",
                        f["field"].as_str().unwrap(),
                        f["code"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_patch_follows_the_pipeline_and_reports_each_refusal_by_code() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let (id, created) = fresh(&app, &token).await;
    let s = |name: &'static str| app.status_id("demo", name);
    let (assigned, in_work, rejected) = (
        s("Назначена").await,
        s("В работе").await,
        s("Отклонена").await,
    );
    let executor = app.user_id("executor@demo.local").await;

    // «Новая» → «В работе» is not a transition of the pipeline.
    let (status, body) = patch(
        &app,
        &token,
        &id,
        &json!({"status_id": in_work}).to_string(),
    )
    .await;
    assert_eq!((status, code(&body)), (409, "invalid_transition"), "{body}");
    // «Назначена» needs an assignee.
    let (status, body) = patch(
        &app,
        &token,
        &id,
        &json!({"status_id": assigned}).to_string(),
    )
    .await;
    assert_eq!((status, code(&body)), (422, "missing_field"), "{body}");
    assert_eq!(body["error"]["field"], "assignee_id");

    // All or nothing: a valid assignee with a refused move leaves the request as it was.
    let (status, _) = patch(
        &app,
        &token,
        &id,
        &json!({"assignee_id": executor, "status_id": in_work}).to_string(),
    )
    .await;
    assert_eq!(status, 409);
    let r = app.request(id.parse().unwrap()).await;
    assert_eq!(
        (r.assignee_id, r.version),
        (None, created["version"].as_i64().unwrap())
    );

    // The assignee first, then the priority, then the status: one call does all three.
    let events_before = app.count("request_events").await;
    let (status, row) = patch(
        &app,
        &token,
        &id,
        &json!({"assignee_id": executor, "priority": "high", "status_id": assigned}).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{row}");
    assert_eq!(row["status"]["id"], assigned);
    assert_eq!(row["assignee_id"], executor);
    assert_eq!(row["priority"], "high");
    assert_eq!(
        app.count("request_events").await,
        events_before + 3,
        "one event per change"
    );
    let version = row["version"].as_i64().unwrap();
    assert!(version > created["version"].as_i64().unwrap());

    // The same patch again (a retry) changes nothing.
    let (status, again) = patch(
        &app,
        &token,
        &id,
        &json!({"assignee_id": executor, "priority": "high", "status_id": assigned}).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(again["version"], version);
    assert_eq!(app.count("request_events").await, events_before + 3);

    // Someone else moved it first: the old version is a conflict.
    let (status, _) = patch(
        &app,
        &token,
        &id,
        &json!({"status_id": in_work, "version": version}).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = patch(
        &app,
        &token,
        &id,
        &json!({"priority": "low", "version": version}).to_string(),
    )
    .await;
    assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
    assert_eq!(
        app.request(id.parse().unwrap()).await.priority,
        3,
        "still high"
    );

    // Rejecting asks for a comment, which is then on the request.
    let (id, _) = fresh(&app, &token).await;
    let comments = app.count("comments").await;
    let (status, body) = patch(
        &app,
        &token,
        &id,
        &json!({"status_id": rejected}).to_string(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("comment"))
    );
    let (status, row) = patch(
        &app,
        &token,
        &id,
        &json!({"status_id": rejected, "comment": "Дубль заявки R-1001"}).to_string(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(row["status"]["is_closing"], true);
    assert_eq!(app.count("comments").await, comments + 1);
}

#[tokio::test]
async fn bad_patches_get_json_errors_and_other_companies_requests_do_not_exist() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let (id, _) = fresh(&app, &token).await;
    for (body, expected) in [
        ("{}", vec!["body:empty"]),
        ("[1]", vec!["body:invalid_json"]),
        ("not json", vec!["body:invalid_json"]),
        (r#"{"priority": "urgent!"}"#, vec!["priority:invalid"]),
        (r#"{"status_id": "3"}"#, vec!["status_id:invalid"]),
        (
            r#"{"colour": "red", "assignee_id": -1}"#,
            vec!["assignee_id:invalid", "colour:unknown"],
        ),
    ] {
        let (status, v) = patch(&app, &token, &id, body).await;
        assert_eq!((status, code(&v)), (422, "validation"), "{body}: {v}");
        let mut got = fields(&v);
        got.sort();
        assert_eq!(got, expected, "{body}");
    }
    let (status, v) = patch(&app, &token, &id, r#"{"assignee_id": 999999}"#).await;
    assert_eq!(fields(&v), vec!["assignee_id:not_assignable"], "{status}");

    let (status, v) = patch(&app, &token, "abc", r#"{"priority": "low"}"#).await;
    assert_eq!((status, code(&v)), (404, "not_found"));
    let other = app.any_request("shop").await;
    let (status, v) = patch(
        &app,
        &token,
        &other.id.to_string(),
        r#"{"priority": "low"}"#,
    )
    .await;
    assert_eq!(
        (status, code(&v)),
        (404, "not_found"),
        "another company's request"
    );
    assert_eq!(app.request(other.id).await.version, other.version);

    let res = app
        .client()
        .patch(app.url(&format!("/api/v1/requests/{id}")))
        .json(&json!({"priority": "low"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "no token");
}

/// Open requests per executor counted from the requests themselves.
async fn counted_load(app: &TestApp, company: i64) -> std::collections::HashMap<i64, i64> {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!(
        "SELECT assignee_id, COUNT(*) AS n FROM requests WHERE company_id = {company} \
         AND closed_at IS NULL AND assignee_id IS NOT NULL GROUP BY assignee_id"
    );
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "assignee_id").unwrap(),
                r.try_get::<i64>("", "n").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_kept_open_load_follows_every_change_of_a_request() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let company = app.company("demo").await;
    let kept = || async {
        app::server::services::dictionaries::open_load(&app.db, company)
            .await
            .unwrap()
    };
    let before = counted_load(&app, company).await;
    assert!(!before.is_empty(), "the demo has assigned open requests");
    assert_eq!(kept().await, before, "as loaded by the demo");

    let (id, _) = fresh(&app, &token).await;
    let (a, b) = (
        app.user_id("executor@demo.local").await,
        app.user_id("petrov.a@demo.local").await,
    );
    let load = |m: &std::collections::HashMap<i64, i64>, u: i64| m.get(&u).copied().unwrap_or(0);
    let assign = |user: Option<i64>| {
        let (app, token, id) = (&app, &token, &id);
        async move {
            let (status, body) =
                patch(app, token, id, &json!({ "assignee_id": user }).to_string()).await;
            assert_eq!(status, 200, "{body}");
        }
    };
    assign(Some(a)).await;
    let now = kept().await;
    assert_eq!(load(&now, a), load(&before, a) + 1);
    assign(Some(b)).await;
    let now = kept().await;
    assert_eq!(
        (load(&now, a), load(&now, b)),
        (load(&before, a), load(&before, b) + 1),
        "a reassignment moves the request from one load to the other"
    );
    assert_eq!(now, counted_load(&app, company).await);
    assign(None).await;
    assert_eq!(load(&kept().await, b), load(&before, b), "unassigned");
    assign(Some(b)).await;

    // Closing, reopening and deleting, also by writers other than the application.
    for (sql, b_load) in [
        (
            format!("UPDATE requests SET closed_at = updated_at WHERE id = {id}"),
            0,
        ),
        (
            format!("UPDATE requests SET closed_at = NULL WHERE id = {id}"),
            1,
        ),
        (format!("DELETE FROM requests WHERE id = {id}"), 0),
    ] {
        app.db.execute_unprepared(&sql).await.unwrap();
        let now = kept().await;
        assert_eq!(load(&now, b), load(&before, b) + b_load, "{sql}");
        assert_eq!(now, counted_load(&app, company).await, "{sql}");
    }
}

/// Per request of the company: its kept clock log (`requests.clock_log`) and the same events
/// folded from the event log now, both as the SLA reads them.
async fn clock_logs(app: &TestApp, company: i64) -> Vec<(i64, Option<String>, Option<String>)> {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    let at = match backend {
        sea_orm::DbBackend::Postgres => "extract(epoch from e.at)",
        _ => "e.at",
    };
    let agg = match backend {
        sea_orm::DbBackend::Postgres => "string_agg",
        _ => "group_concat",
    };
    let sql = format!(
        "SELECT r.id, r.clock_log AS kept, (SELECT {agg}(e.id || '|' || COALESCE(e.status_id, \
         CASE WHEN e.assignee_id IS NULL THEN 0 ELSE -1 END) || '|' || {at}, ',') \
         FROM request_events e WHERE e.request_id = r.id \
         AND e.kind IN ('created', 'status_changed', 'assigned')) AS folded \
         FROM requests r WHERE r.company_id = {company} ORDER BY r.id"
    );
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "id").unwrap(),
                r.try_get::<Option<String>>("", "kept").unwrap(),
                r.try_get::<Option<String>>("", "folded").unwrap(),
            )
        })
        .collect()
}

/// Every request's kept clock log reads as the events folded afresh; answers how many
/// requests have one.
async fn assert_clock_logs_match(app: &TestApp, company: i64, when: &str) -> usize {
    use app::server::services::sla::context::parse_log;
    let logs = clock_logs(app, company).await;
    for (id, kept, folded) in &logs {
        let read = |text: &Option<String>| {
            text.as_deref()
                .map(|t| format!("{:?}", parse_log(t).unwrap()))
        };
        assert_eq!(read(kept), read(folded), "request {id} {when}");
    }
    logs.iter().filter(|(_, kept, _)| kept.is_some()).count()
}

#[tokio::test]
async fn the_kept_clock_log_follows_every_event_of_a_request() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let company = app.company("demo").await;
    let demo = assert_clock_logs_match(&app, company, "as loaded by the demo").await;
    assert!(demo >= 60, "the demo's requests have histories: {demo}");

    let (id, _) = fresh(&app, &token).await;
    let executor = app.user_id("executor@demo.local").await;
    let assigned = app.status_id("demo", "Назначена").await;
    let clock = || async {
        let sql = format!("SELECT clock_log FROM requests WHERE id = {id}");
        app.db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<Option<String>>("", "clock_log")
            .unwrap()
    };
    let events = |log: Option<String>| log.map_or(0, |l| l.split(',').count());
    assert_eq!(events(clock().await), 1, "created");
    for (body, n) in [
        (json!({ "assignee_id": executor, "status_id": assigned }), 3),
        (json!({ "priority": "high" }), 3),
        (json!({ "assignee_id": null }), 4),
    ] {
        let (status, row) = patch(&app, &token, &id, &body.to_string()).await;
        assert_eq!(status, 200, "{row}");
        assert_eq!(events(clock().await), n, "after {body}");
    }
    assert_clock_logs_match(&app, company, "after changes through the API").await;

    // Writers other than the application: a late event, an event moved, one deleted.
    let event = |kind: &str| {
        format!(
            "INSERT INTO request_events (company_id, request_id, kind, status_id, at, \
             recorded_at) SELECT company_id, id, '{kind}', status_id, created_at, updated_at \
             FROM requests WHERE id = {id}"
        )
    };
    for sql in [
        event("status_changed"),
        event("commented"),
        format!(
            "UPDATE request_events SET at = recorded_at WHERE request_id = {id} \
             AND kind = 'status_changed'"
        ),
        format!(
            "DELETE FROM request_events WHERE id = (SELECT MAX(id) FROM request_events \
             WHERE request_id = {id} AND kind = 'status_changed')"
        ),
    ] {
        app.db.execute_unprepared(&sql).await.unwrap();
        assert_clock_logs_match(&app, company, &sql).await;
    }
    assert_eq!(
        events(clock().await),
        4,
        "one added, one deleted, a comment not counted"
    );
    app.db
        .execute_unprepared(&format!(
            "DELETE FROM request_events WHERE request_id = {id}"
        ))
        .await
        .unwrap();
    assert_eq!(clock().await, None, "no clock events left");
}
