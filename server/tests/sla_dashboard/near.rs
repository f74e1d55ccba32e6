//! The near-breach list: open requests whose running clock reaches its limit soon.

use super::common::TestApp;
use super::dashboard;
use chrono::Utc;
use serde_json::{Value, json};

#[tokio::test]
async fn an_open_request_about_to_breach_is_near() {
    use app::server::entities::stage;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let company = app.company("demo").await;
    // «Новые» around the clock, so the 30-minute limits run whatever the time of the test.
    let new_stage = stage::Entity::find()
        .filter(stage::Column::CompanyId.eq(company))
        .filter(stage::Column::Name.eq("Новые"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let day = json!([["00:00", "24:00"]]);
    let res = app
        .client()
        .put(app.url(&format!("/api/v1/calendars/{}", new_stage.id)))
        .bearer_auth(&token)
        .json(
            &json!({"timezone": "Asia/Tashkent", "exceptions": [], "week": {
            "mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .json(&json!({"title": "Скоро нарушение"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let c = app.login("executive@demo.local", "demo").await;
    let find = |d: &Value| {
        d["near"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["request_id"] == id)
            .cloned()
    };
    // Open requests count whatever their creation date: the period does not hide them.
    let (_, d) = dashboard(&app, &c, "from=2025-01-01&to=2025-01-02&within=60").await;
    let near = find(&d).expect("listed within 60 minutes");
    assert_eq!(near["title"], "Скоро нарушение");
    assert_eq!(near["target"]["running"], true);
    let deadline =
        chrono::DateTime::parse_from_rfc3339(near["target"]["deadline"].as_str().unwrap()).unwrap();
    let left = deadline.with_timezone(&Utc) - Utc::now();
    assert!(
        left.num_minutes() > 20 && left.num_minutes() <= 30,
        "{left}"
    );
    let deadlines: Vec<&str> = d["near"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["target"]["deadline"].as_str().unwrap())
        .collect();
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "soonest first");
    assert!(
        d["calendars"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[0] == new_stage.id),
        "the clock's calendar comes along"
    );

    let (_, d) = dashboard(&app, &c, "within=15").await;
    assert!(find(&d).is_none(), "30 minutes away is not within 15");
}
