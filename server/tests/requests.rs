//! Requests through the real router: create with validation, status rules, assignment,
//! comments, attachments, the event log and the list's filters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::requests::{
    AddComment, AssignRequest, ChangeStatus, CreateRequest, GetRequest, ListRequests,
};
use app::server::entities::{request_event, status};
use app::server::services::requests::events::{Applied, apply_status};
use chrono::Duration;
use common::{TestApp, code};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const DISPATCHER: &str = "dispatcher@demo.local";

async fn events(app: &TestApp, request_id: i64) -> Vec<request_event::Model> {
    request_event::Entity::find()
        .filter(request_event::Column::RequestId.eq(request_id))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn invalid_input_gets_every_field_error_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let shop_category = {
        use app::server::entities::category;
        let shop = app.company("shop").await;
        category::Entity::find()
            .filter(category::Column::CompanyId.eq(shop))
            .one(&app.db)
            .await
            .unwrap()
    };
    let foreign = shop_category.map(|c| c.id).unwrap_or(999_999).to_string();
    let before = (
        app.count("requests").await,
        app.count("request_events").await,
        app.count("contacts").await,
    );
    let (_, err) = app
        .call::<CreateRequest>(
            &c,
            &[
                ("title", "  "),
                ("description", ""),
                ("category_id", &foreign),
                ("priority", "urgentest"),
                ("apartment", "12"),
                ("contact_phone", "call me"),
                ("channel", "fax"),
                ("assignee_id", "abc"),
            ],
        )
        .await;
    assert_eq!(code(&err), "validation");
    let mut fields: Vec<(String, String)> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("apartment".into(), "needs_building".into()),
            ("assignee_id".into(), "invalid".into()),
            ("category_id".into(), "unknown".into()),
            ("channel".into(), "invalid".into()),
            ("contact_phone".into(), "invalid_phone".into()),
            ("priority".into(), "invalid".into()),
            ("title".into(), "required".into()),
        ]
    );
    let after = (
        app.count("requests").await,
        app.count("request_events").await,
        app.count("contacts").await,
    );
    assert_eq!(before, after, "nothing written");
}

#[tokio::test]
async fn a_dispatcher_creates_a_request_with_its_number_contact_and_history() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let company = app.company("demo").await;
    let seq_before = app::server::services::companies::by_id(&app.db, company)
        .await
        .unwrap()
        .request_seq;
    let executor = app.user_id("executor@demo.local").await.to_string();
    let id = app
        .create_request(
            &c,
            &[
                ("title", "Течёт кран на кухне"),
                ("description", "Капает с утра"),
                ("priority", "high"),
                ("urgent", "on"),
                ("contact_name", "Иван Петрович"),
                ("contact_phone", "+998 (90) 111-22-33"),
                ("channel", "phone"),
                ("assignee_id", &executor),
            ],
        )
        .await;
    let r = app.request(id).await;
    assert_eq!(r.number, seq_before + 1);
    assert_eq!(r.priority, 3);
    assert!(r.urgent);
    assert_eq!(r.assignee_id, Some(executor.parse().unwrap()));
    let kinds: Vec<String> = events(&app, id).await.into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec!["created", "assigned"]);

    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    assert_eq!(detail["number"], format!("R-{}", seq_before + 1));
    assert_eq!(detail["contact"]["phone"], "+998901112233");
    assert_eq!(detail["status"]["name"], "Новая");
    assert_eq!(detail["events"][0]["actor"], "Наталья Морозова");

    // The same caller again: the contact is found by phone, not duplicated.
    let contacts = app.count("contacts").await;
    app.create_request(
        &c,
        &[
            ("title", "Ещё раз течёт"),
            ("description", ""),
            ("contact_phone", "+998901112233"),
        ],
    )
    .await;
    assert_eq!(app.count("contacts").await, contacts);
}

#[tokio::test]
async fn without_javascript_the_form_redirects_to_the_new_request() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let res = c
        .post(app.url(<CreateRequest as server_fn::ServerFn>::PATH))
        .header("accept", "text/html")
        .header("referer", app.url("/requests/new"))
        .form(&[("title", "Не работает домофон"), ("description", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/requests/"), "{location}");
    let html = app.html(&c, &location).await;
    assert!(html.contains("Не работает домофон"));
}

#[tokio::test]
async fn status_changes_follow_the_pipeline_rules() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let id = app
        .create_request(
            &c,
            &[("title", "Не горит свет в подъезде"), ("description", "")],
        )
        .await;
    let sid = |n: &'static str| {
        let app = &app;
        async move { app.status_id("demo", n).await.to_string() }
    };
    let ids = id.to_string();

    // Not an allowed transition from «Новая».
    let (_, err) = app
        .call::<ChangeStatus>(&c, &[("id", &ids), ("status_id", &sid("Закрыта").await)])
        .await;
    assert_eq!(code(&err), "invalid_transition");
    // «Назначена» needs an assignee first.
    let (_, err) = app
        .call::<ChangeStatus>(&c, &[("id", &ids), ("status_id", &sid("Назначена").await)])
        .await;
    assert_eq!(code(&err), "missing_field");
    assert_eq!(err["field"], "assignee_id");
    // Rejecting needs a comment.
    let (_, err) = app
        .call::<ChangeStatus>(&c, &[("id", &ids), ("status_id", &sid("Отклонена").await)])
        .await;
    assert_eq!(code(&err), "missing_field");
    assert_eq!(err["field"], "comment");
    assert_eq!(events(&app, id).await.len(), 1, "refusals write nothing");

    let executor = app.user_id("executor@demo.local").await.to_string();
    let (status, _) = app
        .call::<AssignRequest>(&c, &[("id", &ids), ("assignee_id", &executor)])
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call::<ChangeStatus>(&c, &[("id", &ids), ("status_id", &sid("Назначена").await)])
        .await;
    assert_eq!(status, 200);
    let r = app.request(id).await;
    assert_eq!(r.status_id.to_string(), sid("Назначена").await);
    let stage = status::Entity::find_by_id(r.status_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .stage_id;
    assert_eq!(r.stage_id, stage, "the stage follows the status");

    // A retry of the same move is a no-op, not an error and not a second event.
    let n = events(&app, id).await.len();
    let (status, _) = app
        .call::<ChangeStatus>(&c, &[("id", &ids), ("status_id", &sid("Назначена").await)])
        .await;
    assert_eq!(status, 200);
    assert_eq!(events(&app, id).await.len(), n);

    // A stale version is a conflict.
    let stale = (r.version - 1).to_string();
    let (_, err) = app
        .call::<ChangeStatus>(
            &c,
            &[
                ("id", &ids),
                ("status_id", &sid("В работе").await),
                ("version", &stale),
            ],
        )
        .await;
    assert_eq!(code(&err), "conflict");
    let current = r.version.to_string();
    let (status, _) = app
        .call::<ChangeStatus>(
            &c,
            &[
                ("id", &ids),
                ("status_id", &sid("В работе").await),
                ("version", &current),
            ],
        )
        .await;
    assert_eq!(status, 200);

    // The same move sent again with the version it was made from (an offline queue's
    // retry after a lost answer) is recognised as applied: no conflict, no second event.
    let n = events(&app, id).await.len();
    let (status, body) = app
        .call::<ChangeStatus>(
            &c,
            &[
                ("id", &ids),
                ("status_id", &sid("В работе").await),
                ("version", &current),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(events(&app, id).await.len(), n);
    // …but a different change from that old version still is a conflict.
    let (_, err) = app
        .call::<ChangeStatus>(
            &c,
            &[
                ("id", &ids),
                ("status_id", &sid("Назначена").await),
                ("version", &current),
            ],
        )
        .await;
    assert_eq!(code(&err), "conflict");
}

#[tokio::test]
async fn rejecting_with_a_comment_closes_the_request() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let id = app
        .create_request(&c, &[("title", "Повторная заявка"), ("description", "")])
        .await;
    let rejected = app.status_id("demo", "Отклонена").await.to_string();
    let (status, _) = app
        .call::<ChangeStatus>(
            &c,
            &[
                ("id", &id.to_string()),
                ("status_id", &rejected),
                ("comment", "Дубликат R-12"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let r = app.request(id).await;
    assert!(r.closed_at.is_some());
    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    assert_eq!(detail["comments"][0]["body"], "Дубликат R-12");
    assert_eq!(
        detail["next_statuses"].as_array().unwrap().len(),
        0,
        "nothing follows «Отклонена»"
    );
    let whats: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(whats, vec!["created", "status_changed", "commented"]);
}

#[tokio::test]
async fn late_and_repeated_status_events_never_overwrite_current_state() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let id = app
        .create_request(
            &c,
            &[("title", "Проверка позднего события"), ("description", "")],
        )
        .await;
    let req = app.request(id).await;
    let status_of = |name: &'static str| {
        let app = &app;
        async move {
            let sid = app.status_id("demo", name).await;
            status::Entity::find_by_id(sid)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let done = status_of("Выполнена").await;
    let t1 = req.status_at + Duration::hours(2);
    let (applied, now) = apply_status(&app.db, req.clone(), &done, t1, None)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Current);
    assert_eq!(now.status_id, done.id);

    // The same webhook again: one row.
    let (applied, _) = apply_status(&app.db, now.clone(), &done, t1, None)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Duplicate);

    // An event from an hour before arrives late: kept in the log, current state unchanged.
    let in_progress = status_of("В работе").await;
    let t0 = req.status_at + Duration::hours(1);
    let (applied, after) = apply_status(&app.db, now.clone(), &in_progress, t0, None)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Late);
    assert_eq!(after.status_id, done.id);
    assert_eq!(app.request(id).await.status_id, done.id);
    let status_events = events(&app, id)
        .await
        .into_iter()
        .filter(|e| e.kind != "assigned")
        .count();
    assert_eq!(status_events, 3, "created + done + the late one");

    // The timeline places the late event where it happened and derives «from» correctly.
    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    let evs = detail["events"].as_array().unwrap();
    assert_eq!(evs[1]["what"]["to"], "В работе");
    assert_eq!(evs[1]["what"]["from"], "Новая");
    assert_eq!(evs[2]["what"]["from"], "В работе");
    assert_eq!(evs[2]["what"]["to"], "Выполнена");
}

#[tokio::test]
async fn comments_are_validated_and_recorded() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let id = app
        .create_request(&c, &[("title", "Шумят трубы"), ("description", "")])
        .await
        .to_string();
    let (_, err) = app
        .call::<AddComment>(&c, &[("id", &id), ("body", "   ")])
        .await;
    assert_eq!(err["fields"][0]["code"], "required");
    let long = "я".repeat(5001);
    let (_, err) = app
        .call::<AddComment>(&c, &[("id", &id), ("body", &long)])
        .await;
    assert_eq!(err["fields"][0]["code"], "too_long");
    let (status, _) = app
        .call::<AddComment>(&c, &[("id", &id), ("body", "Позвонил жителю")])
        .await;
    assert_eq!(status, 200);
    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id)]).await;
    assert_eq!(detail["comments"].as_array().unwrap().len(), 1);
    assert_eq!(detail["comments"][0]["author"], "Наталья Морозова");
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
    0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
];

async fn upload(app: &TestApp, c: &reqwest::Client, id: i64, name: &str, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let res = c
        .post(app.url(&format!("/requests/{id}/attachments")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        303,
        "uploads answer with a redirect back to the page"
    );
    res.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn attachments_are_checked_stored_and_served_only_inside_the_company() {
    let settings = app::server::Settings {
        max_upload_bytes: 1024,
        ..Default::default()
    };
    let app = TestApp::spawn_with(settings, true).await;
    let c = app.login(DISPATCHER, "demo").await;
    let id = app
        .create_request(&c, &[("title", "Трещина в стене"), ("description", "")])
        .await;

    let back = upload(&app, &c, id, "стена.png", PNG.to_vec()).await;
    assert_eq!(back, format!("/requests/{id}#attachments"));
    assert!(
        upload(&app, &c, id, "setup.exe", b"MZ....".to_vec())
            .await
            .contains("upload_error=file_type_not_allowed")
    );
    assert!(
        upload(&app, &c, id, "fake.png", b"GIF89a....".to_vec())
            .await
            .contains("upload_error=file_content_mismatch")
    );
    assert!(
        upload(&app, &c, id, "big.txt", vec![b'a'; 2048])
            .await
            .contains("upload_error=file_too_large")
    );

    let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id.to_string())]).await;
    let files = detail["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the valid file was kept");
    assert_eq!(files[0]["file_name"], "стена.png");
    assert_eq!(files[0]["content_type"], "image/png");
    let file_id = files[0]["id"].as_i64().unwrap();
    let stored: Vec<_> = walk(&app.dir.join("files"));
    assert_eq!(stored.len(), 1, "no half-written files left: {stored:?}");

    let res = c
        .get(app.url(&format!("/files/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    let other = app.login("shop@demo.local", "demo").await;
    assert_eq!(
        other
            .get(app.url(&format!("/files/{file_id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.client()
            .get(app.url(&format!("/files/{file_id}")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p))
            } else {
                out.push(p)
            }
        }
    }
    out
}

async fn list(app: &TestApp, c: &reqwest::Client, query: &str) -> serde_json::Value {
    let (status, page) = app.call::<ListRequests>(c, &[("query", query)]).await;
    assert_eq!(status, 200, "{page}");
    page
}

fn numbers(page: &serde_json::Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_list_filters_searches_sorts_and_pages_on_the_server() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let all = list(&app, &c, "per_page=200").await;
    let total = all["total"].as_u64().unwrap();
    assert_eq!(total, 60, "the demo company's requests only");

    let id = app
        .create_request(
            &c,
            &[
                ("title", "Сломался ЛИФТ в третьем подъезде"),
                ("description", "Кабина стоит между этажами"),
                ("priority", "critical"),
                ("contact_phone", "+998 90 765 43 21"),
            ],
        )
        .await;
    let number = format!("R-{}", app.request(id).await.number);

    // Search: number, words in any case (Cyrillic included), and phone digits.
    for q in [
        number.as_str(),
        "лифт",
        "ЛИФТ в третьем",
        "между ЭТАЖАМИ",
        "765 43 21",
    ] {
        let found = list(&app, &c, &format!("q={}", urlencode(q))).await;
        assert!(
            numbers(&found).contains(&number),
            "search «{q}» finds {number}"
        );
    }
    assert_eq!(
        list(&app, &c, "q=%25").await["total"],
        0,
        "LIKE wildcards are literal"
    );

    // Filters.
    let critical = list(&app, &c, "priority=critical&per_page=200").await;
    assert!(
        critical["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["priority"] == "critical")
    );
    assert!(numbers(&critical).contains(&number));
    let new_status = app.status_id("demo", "Новая").await;
    let in_new = list(&app, &c, &format!("status={new_status}&per_page=200")).await;
    assert!(
        in_new["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"]["id"] == new_status)
    );
    let nobody = list(&app, &c, "assignee=none&open=1&per_page=200").await;
    assert!(
        nobody["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["assignee"].is_null())
    );
    let by_phone_channel = list(&app, &c, "channel=phone&per_page=200").await;
    assert!(
        by_phone_channel["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["channel"] == "phone")
    );
    // The date range is read in the company's timezone (Tashkent, UTC+5): after 19:00 UTC
    // its «today» is already the next UTC day.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Tashkent)
        .date_naive();
    let created_today = list(&app, &c, &format!("from={today}&to={today}")).await;
    assert!(numbers(&created_today).contains(&number));
    let old = list(&app, &c, "to=2020-01-01").await;
    assert_eq!(old["total"], 0);

    // Sort and pages.
    let asc = list(&app, &c, "sort=number&per_page=10").await;
    assert_eq!(numbers(&asc)[0], "R-1");
    let page2 = list(&app, &c, "sort=number&per_page=10&page=2").await;
    assert_eq!(numbers(&page2)[0], "R-11");
    assert_eq!(page2["total"].as_u64().unwrap(), total + 1);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_list_page_renders_the_filter_from_the_url() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    app.create_request(
        &c,
        &[
            ("title", "Очень срочная заявка про подвал"),
            ("description", ""),
            ("priority", "critical"),
        ],
    )
    .await;
    let html = app
        .html(
            &c,
            "/requests?priority=critical&q=%D0%BF%D0%BE%D0%B4%D0%B2%D0%B0%D0%BB",
        )
        .await;
    assert!(html.contains("Очень срочная заявка про подвал"));
    assert!(
        html.contains(r#"<option value="critical" selected"#),
        "the filter shows its state"
    );
    assert!(
        html.contains(r#"value="подвал""#),
        "the search box keeps the term"
    );
}

/// The frame around every page waits for the signed-in user, then builds itself once: Leptos'
/// `Suspense` walks its children again when a resource loads, and a frame rebuilt on each walk
/// created its resources (and the page's) again, so their data was read and sent twice.
/// (Full hydration only: in islands mode resources outside islands are not sent at all.)
#[cfg(not(feature = "islands"))]
#[tokio::test]
async fn a_server_rendered_page_builds_its_frame_and_page_once() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let html = app.html(&c, "/requests").await;
    // The bell's unread count is the frame's own, the rows and the assignee picker's list the
    // page's.
    let sent = resources(&html);
    for (key, what) in [
        (r#""unread":"#, "the bell's data"),
        (r#""rows":["#, "the list's page"),
        (r#""assignees":["#, "the filters' dictionaries"),
    ] {
        let times = sent.iter().filter(|(_, json)| json.contains(key)).count();
        assert_eq!(times, 1, "{what} sent once");
    }
}

/// In islands mode (the default build) the list's rows are the server's HTML alone: no
/// resource carries their data to the browser, and each row is rendered once.
#[cfg(feature = "islands")]
#[tokio::test]
async fn in_islands_mode_the_list_rows_travel_as_html_only() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let html = app.html(&c, "/requests?sort=-number").await;
    let sent = resources(&html);
    assert!(
        sent.iter().all(|(_, json)| !json.contains(r#""rows":["#)),
        "no resource with the page's rows"
    );
    let api = list(&app, &c, "sort=-number").await;
    let shown = numbers(&api);
    assert_eq!(shown.len(), 50);
    for number in &shown {
        assert_eq!(
            html.matches(&format!(">{number}</a>")).count(),
            1,
            "{number} rendered once"
        );
    }
}

/// The resources a server-rendered page hands to the browser, each as the JavaScript string
/// literal leptos wrote and the JSON it carries (written as JSON text, or as base64 bytes of
/// it: `app::ui::packed`).
fn resources(html: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    for part in html.split("__RESOLVED_RESOURCES[").skip(1) {
        let Some(start) = part.find(" = \"") else {
            continue;
        };
        // The literal ends at the first quote that no backslash escapes.
        let body = &part[start + 3..];
        let (mut end, mut escaped) = (None, false);
        for (i, ch) in body.char_indices().skip(1) {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let literal = &body[..=end.expect("a closed string literal")];
        let text: String = serde_json::from_str(literal).expect("a string JSON can read");
        let json = if text.starts_with('{') || text.starts_with('[') {
            text
        } else {
            let bytes =
                <[u8] as leptos::server::FromEncodedStr>::from_encoded_str(&text).expect("base64");
            String::from_utf8(bytes).expect("UTF-8 JSON")
        };
        out.push((literal.to_string(), json));
    }
    out
}

/// The list's rows go to the browser as base64 of their JSON, which the hydration script
/// writes without escaping a character (`app::ui::packed`); the browser reads the same page.
#[cfg(not(feature = "islands"))]
#[tokio::test]
async fn the_list_rows_travel_as_base64_of_their_json() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    let html = app.html(&c, "/requests?sort=-number").await;
    let sent = resources(&html);
    let (literal, json) = sent
        .iter()
        .find(|(_, json)| json.contains(r#""rows":["#))
        .expect("the list's page in the script");
    assert!(
        literal[1..literal.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'),
        "nothing to escape: {}",
        &literal[..80.min(literal.len())]
    );
    let sent: serde_json::Value = serde_json::from_str(json).expect("the page's JSON");
    // The resource holds the server function's result; its SLA figures are as of each call.
    let page = &sent["Ok"];
    let api = list(&app, &c, "sort=-number").await;
    assert_eq!(numbers(page).len(), 50);
    assert_eq!(
        numbers(page),
        numbers(&api),
        "the rows the server function returns"
    );
    assert_eq!(page["total"], api["total"]);
    let first = page["rows"][0]["number"].as_str().expect("a number");
    assert!(
        html.contains(&format!(">{first}</a>")),
        "and the rows rendered"
    );
}

/// Row after row repeats the same words (priorities, time units), which the server formats once
/// per language and keeps: switching the language must not show another language's words.
#[tokio::test]
async fn the_list_rows_speak_the_language_the_reader_chose() {
    let app = TestApp::spawn().await;
    let c = app.login(DISPATCHER, "demo").await;
    // The SLA texts of a page: `<span class="sla-time">3 h 12 m left</span>`.
    let clocks = |html: &str| -> Vec<String> {
        html.split(r#"<span class="sla-time">"#)
            .skip(1)
            .filter_map(|s| s.split("</span>").next())
            .map(|s| s.replace(['\u{2068}', '\u{2069}'], ""))
            .collect()
    };
    for (lang, normal, others, units) in [
        ("en", "Normal", ["Обычный", "Звичайний"], [" d", " h", " m"]),
        (
            "ru",
            "Обычный",
            ["Normal", "Звичайний"],
            [" д", " ч", " мин"],
        ),
        (
            "uk",
            "Звичайний",
            ["Normal", "Обычный"],
            [" д", " год", " хв"],
        ),
        ("en", "Normal", ["Обычный", "Звичайний"], [" d", " h", " m"]),
    ] {
        let res = c
            .get(app.url(&format!("/prefs/lang/{lang}")))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection() || res.status().is_success());
        let html = app.html(&c, "/requests?priority=normal").await;
        assert!(
            html.contains(&format!(">{normal}</span>")),
            "{lang}: {normal}"
        );
        for other in others {
            assert!(
                !html.contains(&format!(">{other}</span>")),
                "{lang}: {other}"
            );
        }
        let times = clocks(&html);
        assert!(
            !times.is_empty(),
            "{lang}: the demo's open requests have clocks"
        );
        for t in &times {
            assert!(units.iter().any(|u| t.contains(u)), "{lang}: {t}");
        }
    }
}
