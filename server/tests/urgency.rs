//! Urgency rules (category, keyword, item SKU / offer / product) applied to new requests, and a
//! person's override; both recorded in the request's history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::requests::GetRequest;
use app::api::sla::GetSlaSettings;
use app::api::urgency::{SaveUrgencyRules, SetUrgent};
use common::{TestApp, code};
use serde_json::json;

async fn setup(app: &TestApp) -> (reqwest::Client, String) {
    let manager = app.login("manager@demo.local", "demo").await;
    let (_, s) = app.call::<GetSlaSettings>(&manager, &[]).await;
    let pipeline = s["pipeline_id"].as_i64().unwrap().to_string();
    let lift = s["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Лифт")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, body) = app
        .call::<SaveUrgencyRules>(
            &manager,
            &[
                ("pipeline_id", &pipeline),
                ("form[rule_0_type]", "keyword"),
                ("form[rule_0_value]", "затоп"),
                ("form[rule_1_type]", "sku"),
                ("form[rule_1_value]", "GAS-VALVE"),
                ("form[rule_2_type]", "category"),
                ("form[rule_2_category]", &lift),
                ("form[rule_3_type]", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    (manager, lift)
}

#[tokio::test]
async fn matching_rules_make_new_requests_urgent_and_say_why() {
    let app = TestApp::spawn().await;
    let (_, lift) = setup(&app).await;
    let d = app.login("dispatcher@demo.local", "demo").await;

    let flooded = app
        .create_request(&d, &[("title", "Затопило подвал"), ("description", "")])
        .await;
    let plain = app
        .create_request(&d, &[("title", "Скрипит дверь"), ("description", "")])
        .await;
    let lift_req = app
        .create_request(
            &d,
            &[
                ("title", "Шумит"),
                ("description", ""),
                ("category_id", &lift),
            ],
        )
        .await;
    assert!(app.request(flooded).await.urgent);
    assert!(!app.request(plain).await.urgent);
    assert!(app.request(lift_req).await.urgent);
    assert_eq!(
        app.request(flooded).await.urgency_source.as_deref(),
        Some("rule")
    );

    let (_, detail) = app
        .call::<GetRequest>(&d, &[("id", &flooded.to_string())])
        .await;
    let urgency = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["what"]["kind"] == "urgency_changed")
        .unwrap();
    assert_eq!(urgency["what"]["rule"], "keyword: затоп");

    // An order item from the REST API.
    let token = app.token("demo").await;
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .json(&json!({"title": "Замена оборудования", "items": [{"sku": "gas-valve", "product_id": 7, "quantity": 1}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["urgent"], true);
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .json(&json!({"title": "Плохие позиции", "items": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_person_overrides_urgency_and_the_history_records_it() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let d = app.login("dispatcher@demo.local", "demo").await;
    let id = app
        .create_request(&d, &[("title", "Затопило кухню"), ("description", "")])
        .await
        .to_string();
    let (status, _) = app
        .call::<SetUrgent>(&d, &[("id", &id), ("urgent", "false")])
        .await;
    assert_eq!(status, 200);
    let r = app.request(id.parse().unwrap()).await;
    assert!(!r.urgent);
    assert_eq!(r.urgency_source.as_deref(), Some("manual"));
    let (_, again) = app
        .call::<SetUrgent>(&d, &[("id", &id), ("urgent", "false")])
        .await;
    assert_eq!(
        again,
        serde_json::Value::Null,
        "the same decision again is a no-op"
    );
    let (_, detail) = app.call::<GetRequest>(&d, &[("id", &id)]).await;
    let kinds: Vec<(bool, bool)> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["what"]["kind"] == "urgency_changed")
        .map(|e| {
            (
                e["what"]["urgent"].as_bool().unwrap(),
                e["what"]["rule"].is_null(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![(true, false), (false, true)],
        "by rule, then by a person"
    );

    let viewer = app.login("viewer@demo.local", "demo").await;
    let (_, err) = app
        .call::<SetUrgent>(&viewer, &[("id", &id), ("urgent", "true")])
        .await;
    assert_eq!(code(&err), "forbidden");
}

#[tokio::test]
async fn bad_rules_are_refused_with_field_errors() {
    let app = TestApp::spawn().await;
    let manager = app.login("manager@demo.local", "demo").await;
    let (_, s) = app.call::<GetSlaSettings>(&manager, &[]).await;
    let pipeline = s["pipeline_id"].as_i64().unwrap().to_string();
    let (status, err) = app
        .call::<SaveUrgencyRules>(
            &manager,
            &[
                ("pipeline_id", &pipeline),
                ("form[rule_0_type]", "keyword"),
                ("form[rule_0_value]", " "),
                ("form[rule_1_type]", "category"),
                ("form[rule_1_category]", "999999"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["fields"][0]["field"], "rule_0_value");
    let d = app.login("dispatcher@demo.local", "demo").await;
    let (_, err) = app
        .call::<SaveUrgencyRules>(&d, &[("pipeline_id", &pipeline)])
        .await;
    assert_eq!(code(&err), "forbidden");
}
