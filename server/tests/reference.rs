//! The company's reference data kept in memory (names, executors, SLA settings): what lists
//! show follows every change, whoever writes it, and a change rolled back is never shown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::server::services::reference::ReferenceCache;
use common::TestApp;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::Value;

async fn first_row(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, page) = app
        .api_get(token, &format!("/api/v1/requests?{query}"))
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"][0].clone()
}

#[tokio::test]
async fn list_names_follow_a_change_made_by_any_writer() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let query = "sort=number&per_page=1";
    // Read once, so the server keeps the company's names.
    let before = first_row(&app, &token, query).await;
    let (status_id, id) = (
        before["status"]["id"].as_i64().unwrap(),
        before["id"].as_i64().unwrap(),
    );
    let r = app.request(id).await;
    let executor = app.user_id("executor@demo.local").await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE requests SET assignee_id = {executor} WHERE id = {id}"
        ))
        .await
        .unwrap();
    assert_eq!(
        first_row(&app, &token, query).await["assignee"],
        "Сергей Иванов",
        "the executor's name as kept before any change"
    );

    // Not through the application: straight into the tables, as another process, a migration
    // or an operator's SQL would.
    for sql in [
        format!("UPDATE statuses SET name = 'Переименованный статус' WHERE id = {status_id}"),
        format!(
            "UPDATE categories SET name = 'Новая категория' WHERE id = {}",
            r.category_id.unwrap()
        ),
        format!(
            "UPDATE buildings SET name = 'Корпус переименован' WHERE id = {}",
            r.building_id.unwrap()
        ),
        format!("UPDATE users SET name = 'Иван Переименованный' WHERE id = {executor}"),
    ] {
        app.db.execute_unprepared(&sql).await.unwrap();
    }
    let after = first_row(&app, &token, query).await;
    assert_eq!(after["status"]["name"], "Переименованный статус");
    assert_eq!(after["category"], "Новая категория");
    assert_eq!(after["building"], "Корпус переименован");
    assert_eq!(after["assignee"], "Иван Переименованный");
}

#[tokio::test]
async fn a_settings_change_rolled_back_is_never_shown() {
    let app = TestApp::spawn().await;
    let company = app.company("demo").await;
    let status_id = app.status_id("demo", "Новая").await;
    let cache = ReferenceCache::default();
    let name =
        |r: &app::server::services::reference::Reference| r.status(status_id).unwrap().name.clone();
    assert_eq!(name(&cache.get(&app.db, company).await.unwrap()), "Новая");

    let txn = app.db.begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "UPDATE statuses SET name = 'Черновик' WHERE id = {status_id}"
    ))
    .await
    .unwrap();
    // Inside the transaction the change is seen (and kept under the transaction's stamp)…
    assert_eq!(name(&cache.get(&txn, company).await.unwrap()), "Черновик");
    txn.rollback().await.unwrap();
    // …and once it is rolled back, never again.
    assert_eq!(name(&cache.get(&app.db, company).await.unwrap()), "Новая");

    // A committed change is seen at once; an unrelated write (a login, a new request) is not
    // a settings change and keeps the copy.
    app.db
        .execute_unprepared(&format!(
            "UPDATE statuses SET name = 'Принята к работе' WHERE id = {status_id}"
        ))
        .await
        .unwrap();
    let kept = cache.get(&app.db, company).await.unwrap();
    assert_eq!(name(&kept), "Принята к работе");
    let token = app.token("demo").await;
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"title":"Не горит свет","description":"Третий этаж"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let again = cache.get(&app.db, company).await.unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&kept, &again),
        "a new request does not drop the company's reference data"
    );
}
