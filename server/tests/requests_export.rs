//! `GET /requests.xlsx`: the list's rows as a workbook through the real router — every row the
//! filter selects, in the list's order, headers in the user's language, dates in the company's
//! timezone; executors get only their own requests; no session, no file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use common::{TestApp, sheet};
use serde_json::Value;

async fn export(c: &reqwest::Client, app: &TestApp, query: &str, lang: &str) -> (u16, Vec<u8>) {
    let res = c
        .get(app.url(&format!("/requests.xlsx?{query}")))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    if status == 200 {
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment; filename=\"requests-")
        );
    }
    (status, res.bytes().await.unwrap().to_vec())
}

/// Every row of the REST list for `query`, page by page.
async fn api_rows(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut out = vec![];
    for page in 1.. {
        let v: Value = app
            .client()
            .get(app.url(&format!(
                "/api/v1/requests?{query}&per_page=200&page={page}"
            )))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = v["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        out.extend(items);
    }
    out
}

#[tokio::test]
async fn the_export_holds_every_filtered_row_in_the_lists_order() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let c = app.login("dispatcher@demo.local", "demo").await;

    let (status, bytes) = export(&c, &app, "sort=-created", "ru-RU,ru;q=0.9").await;
    assert_eq!(status, 200);
    // The sheet is named in the user's language (reading another name fails).
    let table = sheet(&bytes, "Заявки");
    assert_eq!(table[0][0], "№");
    assert_eq!(table[0][12], "Создана");
    let expected = api_rows(&app, &token, "sort=-created").await;
    assert!(
        expected.len() >= 60,
        "all demo requests, over several pages"
    );
    let numbers: Vec<&str> = table[1..].iter().map(|r| r[0].as_str()).collect();
    let api_numbers: Vec<&str> = expected
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, api_numbers, "same rows, same order");
    // Created, in Tashkent time (UTC+5), and the status by name.
    let tz: chrono_tz::Tz = "Asia/Tashkent".parse().unwrap();
    for (line, api) in table[1..].iter().zip(&expected) {
        let created: DateTime<Utc> = serde_json::from_value(api["created_at"].clone()).unwrap();
        assert_eq!(
            line[12],
            created
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        );
        assert_eq!(line[7], api["status"]["name"].as_str().unwrap());
        assert_eq!(line[1], api["title"].as_str().unwrap());
        // The names a line refers to, as the list shows them (empty where there is none).
        for (col, field) in [
            (3, "category"),
            (4, "building"),
            (5, "apartment"),
            (6, "contact_phone"),
            (10, "assignee"),
        ] {
            assert_eq!(line[col], api[field].as_str().unwrap_or(""), "{field}");
        }
        assert_eq!(line[2].is_empty(), !api["urgent"].as_bool().unwrap());
        // The most pressing SLA target, as the list's badge has it.
        let state = match api["sla"]["target"]["state"].as_str() {
            Some("ok") => "В срок",
            Some("near") => "Близко к сроку",
            Some("over") => "Нарушен",
            _ => "",
        };
        assert_eq!(line[14], state, "SLA of {}", line[0]);
    }
    assert!(
        table[1..]
            .iter()
            .any(|l| !l[14].is_empty() && !l[10].is_empty() && !l[5].is_empty()),
        "the demo has lines with an SLA, an assignee and an apartment"
    );

    // A filter: the closed requests only, in English.
    let closed = app.status_id("demo", "Закрыта").await;
    let query = format!("status={closed}&sort=number");
    let (_, bytes) = export(&c, &app, &query, "en").await;
    let table = sheet(&bytes, "Requests");
    assert_eq!(table[0][0], "No.");
    let expected = api_rows(&app, &token, &query).await;
    assert!(!expected.is_empty());
    assert_eq!(table.len() - 1, expected.len());
    assert!(table[1..].iter().all(|r| r[7] == "Закрыта"));
}

#[tokio::test]
async fn a_long_export_keeps_the_lists_order_in_every_sort() {
    // 60 demo requests and 9 copies with the same times, priorities and statuses: ties
    // everywhere, and on SQLite several packs of lines (see services::requests::export).
    let app = TestApp::spawn().await;
    app.copy_demo_requests(9).await;
    let token = app.token("demo").await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    for query in [
        "sort=-created",
        "sort=priority",
        "sort=-status",
        "sort=updated",
        "sort=number",
        "open=1&sort=-priority",
    ] {
        let (status, bytes) = export(&c, &app, query, "en").await;
        assert_eq!(status, 200, "{query}");
        let table = sheet(&bytes, "Requests");
        let expected = api_rows(&app, &token, query).await;
        let numbers: Vec<&str> = table[1..].iter().map(|r| r[0].as_str()).collect();
        let api_numbers: Vec<&str> = expected
            .iter()
            .map(|r| r["number"].as_str().unwrap())
            .collect();
        assert!(
            numbers.len() > 400 || query.starts_with("open"),
            "{query}: {} lines",
            numbers.len()
        );
        assert_eq!(numbers, api_numbers, "{query}: same rows, same order");
        for (line, api) in table[1..].iter().zip(&expected) {
            assert_eq!(line[1], api["title"].as_str().unwrap(), "{query}");
            assert_eq!(
                line[6],
                api["contact_phone"].as_str().unwrap_or(""),
                "{query}"
            );
        }
    }
}

#[tokio::test]
async fn executors_export_their_own_requests_and_strangers_get_nothing() {
    let app = TestApp::spawn().await;
    let (status, _) = export(&app.client(), &app, "", "en").await;
    assert_eq!(status, 401);

    let executor = app.user_id("executor@demo.local").await;
    let c = app.login("executor@demo.local", "demo").await;
    let (status, bytes) = export(&c, &app, "", "en").await;
    assert_eq!(status, 200);
    let table = sheet(&bytes, "Requests");
    let own = {
        use app::server::entities::request;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        request::Entity::find()
            .filter(request::Column::AssigneeId.eq(executor))
            .count(&app.db)
            .await
            .unwrap()
    };
    assert!(own > 0, "the demo executor has requests");
    assert_eq!(table.len() as u64 - 1, own);
}

/// The export reuses the settled requests' SLA figures the server keeps; the lines are the
/// same as when every clock is evaluated from its log.
#[tokio::test]
async fn kept_sla_figures_give_the_same_lines_as_evaluating_every_clock() {
    use app::model::{RequestFilter, RequestRow, Role};
    use app::server::auth::Actor;
    use app::server::entities::company;
    use app::server::services::reference::ReferenceCache;
    use app::server::services::requests::export;
    use app::server::services::sla::dashboard::{self, settled::SettledFigures};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::spawn().await;
    let company_id = company::Entity::find()
        .filter(company::Column::Slug.eq("demo"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let actor = Actor {
        user_id: Some(app.user_id("dispatcher@demo.local").await),
        company_id,
        role: Role::Dispatcher,
        session_id: None,
    };
    let kept = SettledFigures::default();
    assert!(
        dashboard::warm(&app.db, &kept, company_id, Utc::now())
            .await
            .unwrap()
    );
    assert!(kept.len(company_id) > 0, "the demo has settled requests");

    let read = |store: SettledFigures| {
        let (db, actor) = (app.db.clone(), actor.clone());
        async move {
            let mut rows: Vec<RequestRow> = vec![];
            let reference = ReferenceCache::default()
                .get(&db, actor.company_id)
                .await
                .unwrap();
            export::batches(
                &db,
                &reference,
                &store,
                &actor,
                &RequestFilter::default(),
                |batch| {
                    rows.extend(batch);
                    async { true }
                },
            )
            .await
            .unwrap();
            // The badge's computed_at is the time of each read; the rest must be equal.
            for r in &mut rows {
                if let Some(b) = &mut r.sla {
                    b.computed_at = DateTime::<Utc>::UNIX_EPOCH;
                }
            }
            rows
        }
    };
    let from_kept = read(kept).await;
    let evaluated = read(SettledFigures::default()).await;
    assert!(from_kept.len() >= 60);
    assert!(from_kept.iter().filter(|r| r.sla.is_some()).count() > 10);
    assert_eq!(from_kept, evaluated);
}
