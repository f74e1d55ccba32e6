//! The kanban board through the real router: columns and cards under the list's filter, the
//! column totals, "show more", WIP limits (managers only), and what each role may do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::board::{GetBoard, SetWipLimits};
use common::TestApp;
use serde_json::Value;

async fn board(app: &TestApp, c: &reqwest::Client, query: &str) -> Value {
    let (status, body) = app.call::<GetBoard>(c, &[("query", query)]).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn columns(b: &Value) -> Vec<&Value> {
    b["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["columns"].as_array().unwrap().iter())
        .collect()
}

#[tokio::test]
async fn the_board_shows_each_status_with_its_cards_and_totals() {
    let app = TestApp::spawn().await;
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let token = app.token("demo").await;
    let b = board(&app, &dispatcher, "").await;
    let cols = columns(&b);
    assert_eq!(cols.len(), 7, "every status of the pipeline");
    assert_eq!(cols[0]["status"]["name"], "Новая");
    let mut sum = 0;
    for c in &cols {
        let id = c["status"]["id"].as_i64().unwrap();
        for card in c["cards"].as_array().unwrap() {
            assert_eq!(card["status"]["id"], id);
        }
        // The column's total is the list's total for that status.
        let list: Value = app
            .client()
            .get(app.url(&format!("/api/v1/requests?status={id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(c["total"], list["total"], "{}", c["status"]["name"]);
        sum += c["total"].as_u64().unwrap();
        assert!(c["cards"].as_array().unwrap().len() as u64 <= 30);
    }
    assert_eq!(sum, 60, "all the demo company's requests");
    assert!(b["can_move"].as_bool().unwrap());
    assert!(!b["can_set_limits"].as_bool().unwrap());
    assert!(b["transitions"].as_array().unwrap().len() >= 10);

    // The list's filter applies; "more" opens a column further.
    let high = board(&app, &dispatcher, "priority=critical").await;
    for c in columns(&high) {
        for card in c["cards"].as_array().unwrap() {
            assert_eq!(card["priority"], "critical");
        }
    }
    let closed = cols
        .iter()
        .find(|c| c["total"].as_u64().unwrap() > 30)
        .map(|c| c["status"]["id"].as_i64().unwrap());
    if let Some(id) = closed {
        let more = board(&app, &dispatcher, &format!("more={id}")).await;
        let col = columns(&more)
            .into_iter()
            .find(|c| c["status"]["id"] == id)
            .unwrap()
            .clone();
        assert!(col["cards"].as_array().unwrap().len() > 30);
    }

    // The page: columns, cards with a handle and a move form.
    let html = app.html(&dispatcher, "/board?lane=assignee").await;
    assert!(html.contains("data-status=\""));
    assert!(html.contains("class=\"handle\""));
    assert!(html.contains("board-lane-head"));
}

#[tokio::test]
async fn executors_see_their_own_cards_and_viewers_move_nothing() {
    let app = TestApp::spawn().await;
    let executor = app.login("executor@demo.local", "demo").await;
    let me = app.user_id("executor@demo.local").await;
    let b = board(&app, &executor, "").await;
    let mut n = 0;
    for c in columns(&b) {
        for card in c["cards"].as_array().unwrap() {
            assert_eq!(card["assignee_id"], me);
            n += 1;
        }
    }
    assert!(n > 0);
    let viewer = app.login("viewer@demo.local", "demo").await;
    let b = board(&app, &viewer, "").await;
    assert!(!b["can_move"].as_bool().unwrap());
    let html = app.html(&viewer, "/board").await;
    assert!(html.contains("data-status=\""));
    assert!(
        !html.contains("class=\"handle\""),
        "no handles for a viewer"
    );
    // Another company's board is its own.
    let shop = app.login("shop@demo.local", "demo").await;
    let b = board(
        &app,
        &shop,
        &format!("pipeline={}", app.any_request("demo").await.pipeline_id),
    )
    .await;
    assert_ne!(b["pipeline_id"], app.any_request("demo").await.pipeline_id);
}

#[tokio::test]
async fn wip_limits_are_set_by_managers_and_checked() {
    let app = TestApp::spawn().await;
    let manager = app.login("manager@demo.local", "demo").await;
    let status = app.status_id("demo", "В работе").await.to_string();
    let (code, body) = app
        .call::<SetWipLimits>(
            &manager,
            &[
                ("status_id", &status),
                ("wip_limit", "3"),
                ("lane_wip_limit", "1"),
            ],
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let b = board(&app, &manager, "").await;
    assert!(b["can_set_limits"].as_bool().unwrap());
    let col = columns(&b)
        .into_iter()
        .find(|c| c["status"]["id"].as_i64() == status.parse().ok())
        .unwrap()
        .clone();
    assert_eq!(col["wip_limit"], 3);
    assert_eq!(col["lane_wip_limit"], 1);
    // Over the limit, the page says so.
    if col["total"].as_u64().unwrap() > 3 {
        let html = app.html(&manager, "/board").await;
        assert!(html.contains("wip-warning"));
    }
    let (code, body) = app
        .call::<SetWipLimits>(&manager, &[("status_id", &status), ("wip_limit", "0")])
        .await;
    assert_eq!(code, 422);
    assert_eq!(body["fields"][0]["code"], "out_of_range");
    // Empty clears.
    let (code, _) = app
        .call::<SetWipLimits>(&manager, &[("status_id", &status), ("wip_limit", "")])
        .await;
    assert_eq!(code, 200);
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let (code, _) = app
        .call::<SetWipLimits>(&dispatcher, &[("status_id", &status), ("wip_limit", "5")])
        .await;
    assert_eq!(code, 403);
    let shop = app.login("shop@demo.local", "demo").await;
    let (code, _) = app
        .call::<SetWipLimits>(&shop, &[("status_id", &status), ("wip_limit", "5")])
        .await;
    assert_eq!(code, 404);
}
