//! The executor's phone view through the real router: their own open requests by urgency,
//! the pages, the start page by role, and the photo upload's JSON answers and checks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::my::{GetMyRequest, MyRequests};
use app::api::requests::GetRequest;
use app::model::{RequestRow, by_urgency};
use common::{TestApp, code};
use serde_json::Value;

const EXECUTOR: &str = "executor@demo.local";

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
    0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

/// Requests assigned to the demo executor by the dispatcher: one normal, one urgent, one
/// critical.
async fn assign_some(app: &TestApp) {
    let d = app.login("dispatcher@demo.local", "demo").await;
    let me = app.user_id(EXECUTOR).await.to_string();
    for fields in [
        vec![("title", "Скрипит дверь в подъезде")],
        vec![("title", "Нет воды на 5 этаже"), ("urgent", "on")],
        vec![("title", "Искрит розетка"), ("priority", "critical")],
    ] {
        let mut fields = fields;
        fields.extend([("description", ""), ("assignee_id", me.as_str())]);
        app.create_request(&d, &fields).await;
    }
}

async fn my_rows(app: &TestApp, c: &reqwest::Client) -> Vec<RequestRow> {
    let (status, body) = app.call::<MyRequests>(c, &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body["rows"].clone()).unwrap()
}

#[tokio::test]
async fn the_executor_sees_their_own_open_requests_most_urgent_first() {
    let app = TestApp::spawn().await;
    assign_some(&app).await;
    let c = app.login(EXECUTOR, "demo").await;
    let me = app.user_id(EXECUTOR).await;
    let rows = my_rows(&app, &c).await;
    assert!(rows.len() >= 3, "{} open requests", rows.len());
    assert!(rows[0].urgent, "the urgent one first: {}", rows[0].title);
    assert!(
        rows.iter().all(|r| r.assignee_id == Some(me)),
        "only their own"
    );
    assert!(rows.iter().all(|r| !r.status.is_closing), "only open ones");
    let mut sorted = rows.clone();
    by_urgency(&mut sorted);
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        sorted.iter().map(|r| r.id).collect::<Vec<_>>(),
        "most urgent first"
    );

    // The pages render for them, with the request's number and its allowed next statuses.
    let first = &rows[0];
    let html = app.html(&c, "/my").await;
    assert!(
        html.contains(&first.number),
        "the list shows {}",
        first.number
    );
    assert!(
        html.contains("manifest.webmanifest"),
        "installable: the manifest is linked"
    );
    let res = c
        .get(app.url(&format!("/my/{}", first.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(&first.title.replace('"', "&quot;")));
    assert!(html.contains(r#"name="status_id""#), "status buttons");
    assert!(html.contains(r#"capture="environment""#), "the camera form");

    // Someone else's request is not found on their page either.
    let other = app.any_request("shop").await;
    let (status, body) = app
        .call::<GetMyRequest>(&c, &[("id", &other.id.to_string())])
        .await;
    assert_eq!((status.as_u16(), code(&body)), (404, "not_found"), "{body}");

    // Without a session: refused.
    let (status, _) = app.call::<MyRequests>(&app.client(), &[]).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_start_page_depends_on_the_role() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/login?next=/");
    for (email, start) in [(EXECUTOR, "/my"), ("dispatcher@demo.local", "/requests")] {
        let c = app.login(email, "demo").await;
        let res = c.get(app.url("/")).send().await.unwrap();
        assert!(res.status().is_redirection(), "{email}: {}", res.status());
        assert_eq!(res.headers()["location"], start, "{email}");
    }
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
    fields: &[(&'static str, &'static str)],
) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(*k, *v);
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let res = c
        .post(app.url(&format!("/requests/{id}/attachments")))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn photos_from_the_phone_are_checked_and_answered_in_json() {
    let settings = app::server::Settings {
        max_upload_bytes: 1024,
        ..Default::default()
    };
    let app = TestApp::spawn_with(settings, true).await;
    assign_some(&app).await;
    let c = app.login(EXECUTOR, "demo").await;
    let id = my_rows(&app, &c).await[0].id;
    let photo = [("only", "image")];

    let (status, body) = upload(&app, &c, id, "кран.png", PNG.to_vec(), &photo).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["file_name"], "кран.png");
    assert!(body["id"].as_i64().is_some());

    let field_code = |body: &Value| {
        body["error"]["fields"][0]["code"]
            .as_str()
            .map(String::from)
    };
    let (status, body) = upload(&app, &c, id, "акт.pdf", b"%PDF-1.4 ...".to_vec(), &photo).await;
    assert_eq!(
        (status, field_code(&body).as_deref()),
        (422, Some("not_an_image")),
        "{body}"
    );
    let (status, body) = upload(
        &app,
        &c,
        id,
        "big.png",
        [PNG, &[0u8; 2048]].concat(),
        &photo,
    )
    .await;
    assert_eq!(
        (status, field_code(&body).as_deref()),
        (422, Some("file_too_large")),
        "{body}"
    );
    // The request page's own form still takes documents.
    let (status, body) = upload(&app, &c, id, "акт.pdf", b"%PDF-1.4 ...".to_vec(), &[]).await;
    assert_eq!(status, 200, "{body}");

    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    let names: Vec<&str> = detail["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "only the accepted files were kept: {names:?}"
    );

    // Another company's request, and a viewer: refused with a code, nothing stored.
    let other = app.any_request("shop").await;
    let (status, body) = upload(&app, &c, other.id, "x.png", PNG.to_vec(), &photo).await;
    assert_eq!((status, code(&body["error"])), (404, "not_found"), "{body}");
    let viewer = app.login("viewer@demo.local", "demo").await;
    let (status, body) = upload(&app, &viewer, id, "x.png", PNG.to_vec(), &photo).await;
    assert_eq!((status, code(&body["error"])), (403, "forbidden"), "{body}");
    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    assert_eq!(detail["attachments"].as_array().unwrap().len(), 2);

    // The plain form (no JavaScript) goes back to the phone page, with the error code.
    let form = reqwest::multipart::Form::new()
        .text("only", "image")
        .text("back", "my")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("a.pdf"),
        );
    let res = c
        .post(app.url(&format!("/requests/{id}/attachments")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/my/{id}?upload_error=not_an_image#attachments").as_str()
    );
}
