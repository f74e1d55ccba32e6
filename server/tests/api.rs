//! The REST API for integrators: bearer tokens, the list's filters, creation with
//! idempotency, JSON errors with stable codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, code};
use serde_json::{Value, json};

async fn get(app: &TestApp, token: &str, query: &str) -> (u16, Value) {
    app.api_get(token, &format!("/api/v1/requests?{query}"))
        .await
}

async fn post(app: &TestApp, token: &str, body: &str) -> (u16, Value, Option<String>) {
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status().as_u16(), res.json().await.unwrap(), location)
}

#[tokio::test]
async fn without_a_valid_token_the_api_answers_401_with_a_code() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/api/v1/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body), "unauthorized");
    for bad in ["upr_nope", "Bearer", "", "upr_"] {
        let (status, body) = get(&app, bad, "").await;
        assert_eq!(status, 401, "{bad}");
        assert_eq!(code(&body), "unauthorized");
    }
    // A session cookie is not an API credential.
    let c = app.login("admin@demo.local", "demo").await;
    assert_eq!(
        c.get(app.url("/api/v1/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    assert_eq!(get(&app, &token, "").await.0, 200);
    use app::server::entities::api_token;
    use sea_orm::{EntityTrait, sea_query::Expr};
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            Expr::value(chrono::Utc::now()),
        )
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(get(&app, &token, "").await.0, 401);
}

#[tokio::test]
async fn the_list_takes_the_same_filters_as_the_page_and_pages() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let (status, page) = get(&app, &token, "per_page=7&page=2&sort=number").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 60);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 7);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[0]["number"], "R-8");
    let closed = app.status_id("demo", "Закрыта").await;
    let (_, page) = get(&app, &token, &format!("status={closed}&per_page=200")).await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"]["id"] == closed)
    );
    assert!(page["total"].as_u64().unwrap() > 0);

    // The shop's token sees the shop only.
    let shop = app.token("shop").await;
    let (_, page) = get(&app, &shop, "per_page=200").await;
    assert_eq!(page["total"], 30);
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["channel"] == "keycrm")
    );
}

/// 1,080 requests in the demo company: its 60, each copied 17 times under new numbers.
#[tokio::test]
async fn past_a_thousand_the_count_says_more_than() {
    let app = TestApp::spawn().await;
    app.copy_demo_requests(17).await;
    let token = app.token("demo").await;

    let (status, page) = get(&app, &token, "per_page=50").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1_000);
    assert_eq!(page["capped"], true);
    assert_eq!(page["items"].as_array().unwrap().len(), 50);

    // Far pages count ten pages past themselves, so "next" is always known; here that reaches
    // the end and the count is exact.
    let (_, page) = get(&app, &token, "per_page=50&page=20&sort=number").await;
    assert_eq!(page["total"], 1_080);
    assert_eq!(page["capped"], false);
    assert_eq!(page["items"][0]["number"], "R-15051");

    // Past the last page no line carries the count, so it is asked alone.
    let (_, page) = get(&app, &token, "per_page=50&page=30").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    assert_eq!(page["total"], 1_080);
    assert_eq!(page["capped"], false);

    // The lines come in the list's order, and the next page goes on from the last line.
    let numbers = |page: &Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap()[2..].parse().unwrap())
            .collect()
    };
    let (_, first) = get(&app, &token, "per_page=50&sort=-number").await;
    let (_, second) = get(&app, &token, "per_page=50&page=2&sort=-number").await;
    let both = [numbers(&first), numbers(&second)].concat();
    assert_eq!(both.len(), 100);
    assert!(both.windows(2).all(|w| w[0] > w[1]), "{both:?}");

    // A filter under the limit is counted exactly.
    let (_, page) = get(&app, &token, "q=R-1001").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["capped"], false);

    // The page says so too.
    let c = app.login("dispatcher@demo.local", "demo").await;
    let html = app.html(&c, "/requests").await;
    assert!(
        html.contains("More than \u{2068}1000\u{2069} requests"),
        "the capped count is shown"
    );
    assert!(html.contains("20+"), "the page count says more");
}

#[tokio::test]
async fn creating_is_idempotent_by_external_id() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let body = json!({
        "title": "Протечка с крыши у Зюзюбликовых",
        "description": "После дождя течёт в подъезде",
        "priority": "high",
        "urgent": true,
        "contact": {"name": "Житель", "phone": "+998 90 000 11 22"},
        "external_id": "crm-77"
    })
    .to_string();
    let (status, created, location) = post(&app, &token, &body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["channel"], "api");
    assert_eq!(created["priority"], "high");
    assert_eq!(created["urgent"], true);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/v1/requests/{id}").as_str())
    );

    let (status, again, _) = post(&app, &token, &body).await;
    assert_eq!(status, 200, "a retry returns the first request");
    assert_eq!(again["id"], id);
    let (_, page) = get(&app, &token, "q=crm").await;
    assert_eq!(page["total"], 0, "external ids are not searched as text");
    let (_, page) = get(
        &app,
        &token,
        "q=%D0%97%D0%AE%D0%97%D0%AE%D0%91%D0%9B%D0%98%D0%9A%D0%9E%D0%92",
    )
    .await;
    assert_eq!(page["total"], 1, "exactly one request exists");
}

#[tokio::test]
async fn bad_bodies_get_json_errors_with_fields() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let before = app.count("requests").await;
    let (status, err, _) = post(&app, &token, "{not json").await;
    assert_eq!(status, 422);
    assert_eq!(code(&err), "validation");
    assert_eq!(
        err["error"]["fields"][0],
        json!({"field": "body", "code": "invalid_json"})
    );

    let (status, err, _) = post(
        &app,
        &token,
        r#"{"title": "", "category_id": "abc", "building_id": 999999, "contact": {"phone": "12"}}"#,
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec!["title", "category_id", "building_id", "contact_phone"]
    );
    assert_eq!(app.count("requests").await, before, "nothing written");
}
