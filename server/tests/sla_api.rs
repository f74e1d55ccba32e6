//! SLA over the REST API: calendars, policies, a backfilled request's intervals and targets,
//! late and repeated events, and figures recomputed after a calendar edit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, code};
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = app
        .client()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn find<'a>(items: &'a [Value], key: &str, name: &str) -> &'a Value {
    items
        .iter()
        .find(|v| v[key] == name)
        .unwrap_or_else(|| panic!("{name}"))
}

#[tokio::test]
async fn a_backfilled_request_gets_intervals_and_targets_that_follow_the_calendar() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;

    let (status, pipelines) = call(&app, &token, Method::GET, "/api/v1/pipelines", None).await;
    assert_eq!(status, 200);
    let pipeline = &pipelines["items"][0];
    let stages = pipeline["stages"].as_array().unwrap();
    let new_stage = find(stages, "name", "Новые");
    let work_stage = find(stages, "name", "В работе");
    let done_stage = find(stages, "name", "Завершение");
    let st = |stage: &Value, name: &str| {
        find(stage["statuses"].as_array().unwrap(), "name", name)["id"]
            .as_i64()
            .unwrap()
    };
    let (s_new, s_assigned, s_work, s_wait) = (
        st(new_stage, "Новая"),
        st(work_stage, "Назначена"),
        st(work_stage, "В работе"),
        st(work_stage, "Ожидание жителя"),
    );
    let s_closed = st(done_stage, "Закрыта");
    assert_eq!(
        find(
            work_stage["statuses"].as_array().unwrap(),
            "name",
            "Ожидание жителя"
        )["pauses_sla"],
        true
    );
    let work_id = work_stage["id"].as_i64().unwrap();
    let pipeline_id = pipeline["id"].as_i64().unwrap();

    // Working hours of the «В работе» stage: Mon–Fri 09–13, 14–18 in Tashkent.
    let office = json!({"timezone": "Asia/Tashkent", "week": {
        "mon": [["09:00","13:00"],["14:00","18:00"]], "tue": [["09:00","13:00"],["14:00","18:00"]],
        "wed": [["09:00","13:00"],["14:00","18:00"]], "thu": [["09:00","13:00"],["14:00","18:00"]],
        "fri": [["09:00","13:00"],["14:00","18:00"]], "sat": [], "sun": []}, "exceptions": []});
    let (status, saved) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/calendars/{work_id}"),
        Some(office.clone()),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let (_, got) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/calendars/{work_id}"),
        None,
    )
    .await;
    assert_eq!(
        got["week"]["mon"],
        json!([["09:00", "13:00"], ["14:00", "18:00"]])
    );
    assert_eq!(got["source"], "stage");

    let policy = json!({
        "stages": {work_id.to_string(): {"normal": "04:00", "urgent": "01:00"}},
        "reaction": {"normal": "00:30", "urgent": "00:10"},
        "cycles": [{"name": "full", "start": {"stage_id": new_stage["id"]}, "end": {"status_id": s_closed}, "normal": "48:00", "urgent": "12:00"}],
        "near": {"share": 0.8}
    });
    let (status, saved) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/sla-policy/{pipeline_id}"),
        Some(policy),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["stages"][work_id.to_string()]["normal"], "04:00");

    // Monday 2026-11-16, Tashkent (UTC+5): created 10:00, assigned 10:20, in progress 11:00,
    // waiting for the resident 14:30–15:30, back in progress.
    let (status, created) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/requests",
        Some(json!({
            "title": "Не работает розетка (импорт)",
            "created_at": "2026-11-16T05:00:00Z",
            "history": [
                {"status_id": s_assigned, "at": "2026-11-16T05:20:00Z"},
                {"status_id": s_work, "at": "2026-11-16T06:00:00Z"},
                {"status_id": s_wait, "at": "2026-11-16T09:30:00Z"},
                {"status_id": s_work, "at": "2026-11-16T10:30:00Z"}
            ]
        })),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"]["id"], s_work);
    let id = created["id"].as_i64().unwrap();

    let (status, sla) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/requests/{id}/sla"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let intervals = sla["intervals"].as_array().unwrap();
    let seq: Vec<(i64, bool, Option<&str>)> = intervals
        .iter()
        .map(|i| {
            (
                i["status_id"].as_i64().unwrap(),
                i["paused"].as_bool().unwrap(),
                i["to"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        seq,
        vec![
            (s_new, false, Some("2026-11-16T05:20:00Z")),
            (s_assigned, false, Some("2026-11-16T06:00:00Z")),
            (s_work, false, Some("2026-11-16T09:30:00Z")),
            (s_wait, true, Some("2026-11-16T10:30:00Z")),
            (s_work, false, None),
        ]
    );
    // 11:00–14:30 local in progress: 2 h 30 m of working time (13–14 is lunch), 3 h 30 m of wall time.
    assert_eq!(intervals[2]["wall_seconds"], 3 * 3600 + 1800);
    assert_eq!(intervals[2]["working_seconds"], 2 * 3600 + 1800);
    let targets = sla["targets"].as_array().unwrap();
    let reaction = find(targets, "kind", "reaction");
    // The import carried statuses only: nobody has been assigned, so the reaction clock
    // (created → first assignment, 24/7 default calendar of «Новые») still runs and is over.
    assert_eq!(reaction["running"], true);
    assert_eq!(reaction["state"], "over");
    assert_eq!(reaction["deadline"], "2026-11-16T05:30:00Z");
    let stage = find(targets, "kind", "stage");
    assert_eq!(stage["limit_seconds"], 4 * 3600);
    assert!(
        stage["used_seconds"].as_i64().unwrap() > 4 * 3600,
        "it is days later now"
    );
    assert_eq!(stage["state"], "over");
    // Assigned 10:20–11:00 (40 m) + in progress 11:00–14:30 (2 h 30 m) + 50 m after the pause.
    assert_eq!(
        stage["deadline"], "2026-11-16T11:20:00Z",
        "reached at 16:20 local"
    );

    // A late event (from before the current one) is kept but does not change the state; the
    // same event again is a no-op.
    let late = json!({"status_id": s_wait, "at": "2026-11-16T08:00:00Z"});
    let (status, res) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/requests/{id}/events"),
        Some(late.clone()),
    )
    .await;
    assert_eq!((status, res["applied"].as_str()), (201, Some("late")));
    assert_eq!(res["status_id"], s_work);
    let (status, res) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/requests/{id}/events"),
        Some(late),
    )
    .await;
    assert_eq!((status, res["applied"].as_str()), (200, Some("duplicate")));
    let (_, sla2) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/requests/{id}/sla"),
        None,
    )
    .await;
    // Placed where it happened: «waiting» now starts at 13:00 local and runs into the stay
    // that was already recorded from 14:30.
    let iv2 = sla2["intervals"].as_array().unwrap();
    assert_eq!(iv2.len(), 5);
    assert_eq!(iv2[3]["status_id"], s_wait);
    assert_eq!(iv2[3]["from"], "2026-11-16T08:00:00Z");
    assert_eq!(iv2[2]["to"], "2026-11-16T08:00:00Z");

    // Editing the calendar recomputes the figures from the log: make the Monday a holiday.
    let mut holiday = office.clone();
    holiday["exceptions"] = json!([{"date": "2026-11-16", "windows": []}]);
    let (status, _) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/calendars/{work_id}"),
        Some(holiday),
    )
    .await;
    assert_eq!(status, 200);
    let (_, sla3) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/requests/{id}/sla"),
        None,
    )
    .await;
    assert_eq!(sla3["intervals"][2]["working_seconds"], 0);
    assert_ne!(
        find(sla3["targets"].as_array().unwrap(), "kind", "stage")["used_seconds"],
        stage["used_seconds"]
    );
}

#[tokio::test]
async fn bad_settings_and_events_get_json_errors() {
    use reqwest::Method;
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let (_, pipelines) = call(&app, &token, Method::GET, "/api/v1/pipelines", None).await;
    let stage_id = pipelines["items"][0]["stages"][0]["id"].as_i64().unwrap();
    let pipeline_id = pipelines["items"][0]["id"].as_i64().unwrap();

    let (status, err) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/calendars/{stage_id}"),
        Some(json!({"timezone": "Mars/Base", "week": {"mon": [["18:00", "09:00"]]}})),
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["timezone", "week.mon.0"]);
    let (status, _) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/calendars/{stage_id}"),
        Some(json!({"timezone": "UTC", "week": {"mon": [["9am", "5pm"]]}})),
    )
    .await;
    assert_eq!(status, 422);

    let (status, err) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/sla-policy/{pipeline_id}"),
        Some(json!({"stages": {"999999": {"normal": "01:00"}}})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["code"], "unknown_stage");

    // Another company's stage and pipeline are not found.
    let shop = app.token("shop").await;
    let (status, err) = call(
        &app,
        &shop,
        Method::GET,
        &format!("/api/v1/calendars/{stage_id}"),
        None,
    )
    .await;
    assert_eq!((status, code(&err)), (404, "not_found"));
    let (status, _) = call(
        &app,
        &shop,
        Method::PUT,
        &format!("/api/v1/sla-policy/{pipeline_id}"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 404);

    let request = app.any_request("demo").await;
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/requests/{}/events", request.id),
        Some(json!({"status_id": request.status_id, "at": "2099-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["code"], "in_future");
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/requests/{}/events", request.id),
        Some(json!({"status_id": request.status_id})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "at");
    let (status, _) = call(
        &app,
        &shop,
        Method::POST,
        &format!("/api/v1/requests/{}/events", request.id),
        Some(json!({"status_id": request.status_id, "at": "2026-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(status, 404);
}
