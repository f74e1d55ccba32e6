//! Bulk changes from the list: each selected request changes on its own (its own checks and
//! events), a refusal is reported for its request and does not undo the others.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::requests::BulkUpdate;
use common::{TestApp, code};
use serde_json::{Value, json};

async fn create(app: &TestApp, token: &str, title: &str) -> i64 {
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(token)
        .json(&json!({"title": title, "contact": {"name": "Житель", "phone": "+998 90 000 33 55"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The form fields selecting `ids`, plus `extra`.
fn form(ids: &[i64], extra: &[(&str, String)]) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| (format!("form[sel_{id}]"), "on".to_string()))
        .chain(extra.iter().map(|(k, v)| (format!("form[{k}]"), v.clone())))
        .collect()
}

async fn bulk(app: &TestApp, c: &reqwest::Client, fields: &[(String, String)]) -> (u16, Value) {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body) = app.call::<BulkUpdate>(c, &f).await;
    (status.as_u16(), body)
}

async fn events(app: &TestApp, id: i64, kind: &str) -> usize {
    use app::server::entities::request_event;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    request_event::Entity::find()
        .filter(request_event::Column::RequestId.eq(id))
        .filter(request_event::Column::Kind.eq(kind))
        .count(&app.db)
        .await
        .unwrap() as usize
}

#[tokio::test]
async fn twenty_requests_are_assigned_and_moved_one_by_one() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(create(&app, &token, &format!("Массовое назначение {i}")).await);
    }
    let executor = app.user_id("executor@demo.local").await;

    let (status, out) = bulk(
        &app,
        &dispatcher,
        &form(&ids, &[("assignee_id", executor.to_string())]),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["changed"].as_array().unwrap().len(), 20);
    assert!(out["failed"].as_array().unwrap().is_empty());
    for id in &ids {
        assert_eq!(app.request(*id).await.assignee_id, Some(executor));
        assert_eq!(events(&app, *id, "assigned").await, 1, "its own event");
    }
    // The same again changes nothing (a retry is safe).
    let (_, again) = bulk(
        &app,
        &dispatcher,
        &form(&ids, &[("assignee_id", executor.to_string())]),
    )
    .await;
    assert_eq!(again["changed"].as_array().unwrap().len(), 20);
    assert_eq!(events(&app, ids[0], "assigned").await, 1);

    // «В работе» needs an assignee: two unassigned requests are refused, the rest move.
    let bare = [
        create(&app, &token, "Без исполнителя 1").await,
        create(&app, &token, "Без исполнителя 2").await,
    ];
    let other = app.any_request("shop").await;
    let in_work = app.status_id("demo", "В работе").await;
    let assigned = app.status_id("demo", "Назначена").await;
    let mut selection: Vec<i64> = ids.clone();
    selection.extend(bare);
    selection.push(other.id);
    // New → Assigned → In progress, as the pipeline allows.
    let (_, out) = bulk(
        &app,
        &dispatcher,
        &form(&ids, &[("status_id", assigned.to_string())]),
    )
    .await;
    assert_eq!(out["changed"].as_array().unwrap().len(), 20, "{out}");
    let (status, out) = bulk(
        &app,
        &dispatcher,
        &form(&selection, &[("status_id", in_work.to_string())]),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["changed"].as_array().unwrap().len(), 20);
    let failed: Vec<(i64, String)> = out["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_i64().unwrap(), code(&f["error"]).to_string()))
        .collect();
    assert_eq!(failed.len(), 3, "{out}");
    assert!(
        failed.contains(&(other.id, "not_found".into())),
        "another company's id"
    );
    for id in bare {
        assert!(
            failed.contains(&(id, "invalid_transition".into()))
                || failed.contains(&(id, "missing_field".into())),
            "{failed:?}"
        );
        assert_eq!(
            app.request(id).await.status_id,
            app.status_id("demo", "Новая").await
        );
    }
    for id in &ids {
        assert_eq!(app.request(*id).await.status_id, in_work, "not rolled back");
    }
    assert_eq!(app.request(other.id).await, other, "untouched");
}

#[tokio::test]
async fn bulk_changes_are_checked_on_the_server() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let id = create(&app, &token, "Проверка прав").await;
    let executor = app.user_id("executor@demo.local").await.to_string();
    for who in ["viewer@demo.local", "executor@demo.local"] {
        let c = app.login(who, "demo").await;
        let (status, body) =
            bulk(&app, &c, &form(&[id], &[("assignee_id", executor.clone())])).await;
        assert_eq!(status, 403, "{who}: {body}");
    }
    assert_eq!(app.request(id).await.assignee_id, None);
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let (status, body) = bulk(
        &app,
        &dispatcher,
        &form(&[], &[("assignee_id", executor.clone())]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "ids");
    let (status, body) = bulk(&app, &dispatcher, &form(&[id], &[])).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "change");
    let (status, body) = bulk(
        &app,
        &dispatcher,
        &form(&[id], &[("assignee_id", "кто-то".into())]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "assignee_id");
    // An executor who cannot take work is refused for that request.
    let viewer = app.user_id("viewer@demo.local").await.to_string();
    let (_, out) = bulk(&app, &dispatcher, &form(&[id], &[("assignee_id", viewer)])).await;
    assert_eq!(
        out["failed"][0]["error"]["fields"][0]["code"],
        "not_assignable"
    );

    // The list offers the selection to dispatchers only.
    let html = app.html(&dispatcher, "/requests").await;
    assert!(html.contains(&format!("name=\"form[sel_{id}]\"")));
    assert!(html.contains("form=\"bulk\""));
    let viewer = app.login("viewer@demo.local", "demo").await;
    let html = app.html(&viewer, "/requests").await;
    assert!(!html.contains("form[sel_"));
}
