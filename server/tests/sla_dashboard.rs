//! The SLA dashboard and its XLSX report through the real router: figures that add up, a
//! backfilled breach in its weekday and hour, roles, tenancy, and the workbook read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "sla_dashboard/near.rs"]
mod near;
#[path = "sla_dashboard/report.rs"]
mod report;
#[path = "sla_dashboard/settled.rs"]
mod settled;

use app::api::dashboard::GetSlaDashboard;
use app::domain::sla::policy::SlaState;
use chrono::Utc;
use common::{TestApp, code};
use report::sheet;
use serde_json::{Value, json};

/// The demo's six months, in one period.
pub const DEMO_PERIOD: &str = "from=2026-05-01&to=2026-11-21";

pub async fn dashboard(app: &TestApp, c: &reqwest::Client, query: &str) -> (u16, Value) {
    let (status, body) = app.call::<GetSlaDashboard>(c, &[("query", query)]).await;
    (status.as_u16(), body)
}

/// The 7 × 24 grid `name` of a dashboard answer.
fn grid(d: &Value, name: &str) -> Vec<Vec<u64>> {
    d[name]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect()
        })
        .collect()
}

fn total(g: &[Vec<u64>]) -> u64 {
    g.iter().flatten().sum()
}

/// Requests of company `slug` created in [from, to) and the targets over their limit now.
pub async fn independent_counts(
    app: &TestApp,
    slug: &str,
    from: &str,
    to: &str,
) -> (u64, u64, u64) {
    use app::server::entities::request;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let company = app.company(slug).await;
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&Utc)
    };
    let rows = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company))
        .filter(request::Column::CreatedAt.gte(at(from)))
        .filter(request::Column::CreatedAt.lt(at(to)))
        .all(&app.db)
        .await
        .unwrap();
    let assigned = rows.iter().filter(|r| r.assignee_id.is_some()).count() as u64;
    let (_, figures) =
        app::server::services::sla::for_requests(&app.db, company, &rows, Utc::now())
            .await
            .unwrap();
    let over = figures
        .values()
        .flat_map(|f| f.targets.iter())
        .filter(|t| t.state == SlaState::Over)
        .count() as u64;
    (rows.len() as u64, assigned, over)
}

#[tokio::test]
async fn the_figures_add_up() {
    let app = TestApp::spawn().await;
    let c = app.login("manager@demo.local", "demo").await;
    // Tashkent is UTC+5: the period's days start at 19:00 UTC the day before.
    let (from, to) = ("2026-04-30T19:00:00Z", "2026-11-21T19:00:00Z");
    let (_, _, over_before) = independent_counts(&app, "demo", from, to).await;
    let (status, d) = dashboard(&app, &c, DEMO_PERIOD).await;
    assert_eq!(status, 200, "{d}");
    let (requests, assigned, over_after) = independent_counts(&app, "demo", from, to).await;

    assert_eq!(d["timezone"], "Asia/Tashkent");
    assert_eq!(d["requests"].as_u64(), Some(requests));
    assert!(
        requests >= 50,
        "the demo's requests are in the period: {requests}"
    );
    assert_eq!(
        total(&grid(&d, "arrivals")),
        requests,
        "one arrival per request"
    );

    let breached = d["breached_targets"].as_u64().unwrap();
    assert!(breached > 0, "the demo has breaches");
    assert_eq!(
        total(&grid(&d, "breaches")),
        breached,
        "one cell per breached target"
    );
    // Recomputed independently around the call (a running clock may cross its limit).
    assert!(
        (over_before..=over_after).contains(&breached),
        "{over_before} ≤ {breached} ≤ {over_after}"
    );

    let staff = d["staff"].as_array().unwrap();
    let staff_assigned: u64 = staff.iter().map(|s| s["assigned"].as_u64().unwrap()).sum();
    assert_eq!(
        staff_assigned, assigned,
        "the staff table covers every assigned request"
    );
    assert_eq!(staff_assigned + d["unassigned"].as_u64().unwrap(), requests);
    // Sorted by violation rate, worst first (the default).
    let rates: Vec<f64> = staff
        .iter()
        .map(|s| s["breached"].as_f64().unwrap() / s["assigned"].as_f64().unwrap())
        .collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    assert!(d["on_time_targets"].as_u64() <= d["finished_targets"].as_u64());
    let windows: Vec<&str> = d["averages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["window"].as_str().unwrap())
        .collect();
    assert_eq!(windows, ["today", "week", "month"]);

    // The staff table sorts on the server: by name, ascending.
    let (_, by_name) = dashboard(&app, &c, &format!("{DEMO_PERIOD}&sort=name")).await;
    let names: Vec<String> = by_name["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    // A team narrows the table to its members' requests.
    let team = d["options"]["teams"][0]["id"].as_i64().unwrap();
    let (_, one_team) = dashboard(&app, &c, &format!("{DEMO_PERIOD}&team={team}")).await;
    assert!(one_team["requests"].as_u64() < Some(requests));
    assert_eq!(
        one_team["unassigned"], 0,
        "a team's requests all have an assignee"
    );
}

#[tokio::test]
async fn a_backfilled_breach_lands_in_its_weekday_and_hour() {
    let app = TestApp::spawn().await;
    let token = app.token("demo").await;
    let st = |name: &'static str| app.status_id("demo", name);
    let (work, done) = (st("В работе").await, st("Выполнена").await);
    // Monday 2025-06-02, Tashkent (UTC+5): created 10:00, in work from 11:00, done Thursday
    // 12:00; nobody assigned. Demo policy: «Новые» 30 min (Mon–Sat 08–20), «В работе» 8 h
    // (Mon–Fri 09–13, 14–18), reaction 30 min, full cycle 24 h.
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Проверка панели SLA",
            "created_at": "2025-06-02T05:00:00Z",
            "history": [
                {"status_id": work, "at": "2025-06-02T06:00:00Z"},
                {"status_id": done, "at": "2025-06-05T07:00:00Z"}
            ]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["urgent"], false, "normal limits apply");

    let c = app.login("dispatcher@demo.local", "demo").await;
    let (status, d) = dashboard(&app, &c, "from=2025-06-02&to=2025-06-02").await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["requests"], 1);
    let mut expected = vec![vec![0u64; 24]; 7];
    expected[0][10] = 2; // «Новые» and the reaction: Monday 10:30
    expected[1][11] = 1; // «В работе»: 6 h on Monday + 2 h → Tuesday 11:00
    expected[3][10] = 1; // full cycle: 1 + 6 + 8 + 8 h → Thursday 10:00
    assert_eq!(grid(&d, "breaches"), expected);
    let mut arrivals = vec![vec![0u64; 24]; 7];
    arrivals[0][10] = 1;
    assert_eq!(grid(&d, "arrivals"), arrivals);
    assert_eq!(d["breached_targets"], 4);
    assert_eq!(
        (
            d["unassigned"].as_u64(),
            d["staff"].as_array().map(Vec::len)
        ),
        (Some(1), Some(0))
    );

    // The same in the report: one row per target, over, with the instant it went over.
    let res = c
        .get(app.url("/reports/sla.xlsx?from=2025-06-02&to=2025-06-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let rows = sheet(&res.bytes().await.unwrap(), "SLA");
    assert_eq!(rows.len(), 5, "header + 4 targets: {rows:?}");
    assert!(
        rows[1..].iter().all(|r| r[8] == "Over the limit"),
        "{rows:?}"
    );
    let targets: Vec<&str> = rows[1..].iter().map(|r| r[5].as_str()).collect();
    assert!(
        targets.contains(&"Reaction") && targets.contains(&"Cycle «Полный цикл»"),
        "{targets:?}"
    );
    let cycle = rows.iter().find(|r| r[5] == "Cycle «Полный цикл»").unwrap();
    assert_eq!(
        cycle[9], "2025-06-05 10:00",
        "the deadline column in Tashkent time"
    );
}

#[tokio::test]
async fn only_managing_roles_see_it_and_only_their_company() {
    let app = TestApp::spawn().await;
    for email in [
        "executor@demo.local",
        "viewer@demo.local",
        "accountant@demo.local",
    ] {
        let c = app.login(email, "demo").await;
        let (status, body) = dashboard(&app, &c, "").await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{email}");
        let res = c.get(app.url("/reports/sla.xlsx")).send().await.unwrap();
        assert_eq!(res.status(), 403, "{email}");
    }
    for email in [
        "executive@demo.local",
        "dispatcher@demo.local",
        "admin@demo.local",
    ] {
        let c = app.login(email, "demo").await;
        assert_eq!(dashboard(&app, &c, "").await.0, 200, "{email}");
    }

    let demo = app.login("manager@demo.local", "demo").await;
    let (_, d) = dashboard(&app, &demo, DEMO_PERIOD).await;
    let shop = app.login("shop@demo.local", "demo").await;
    let (status, s) = dashboard(&app, &shop, DEMO_PERIOD).await;
    assert_eq!(status, 200);
    assert_eq!(s["timezone"], "Europe/Kyiv");
    let (shop_requests, ..) =
        independent_counts(&app, "shop", "2026-04-30T21:00:00Z", "2026-11-21T22:00:00Z").await;
    assert_eq!(s["requests"].as_u64(), Some(shop_requests));
    let ids = |v: &Value, list: &str| -> Vec<i64> {
        v["options"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_i64().unwrap())
            .collect()
    };
    for list in ["pipelines", "categories", "buildings", "teams"] {
        let theirs = ids(&d, list);
        assert!(
            ids(&s, list).iter().all(|id| !theirs.contains(id)),
            "{list}"
        );
    }
    // Another company's ids in the filter select nothing.
    let pipeline = ids(&d, "pipelines")[0];
    let (_, foreign) = dashboard(&app, &shop, &format!("{DEMO_PERIOD}&pipeline={pipeline}")).await;
    assert_eq!(foreign["requests"], 0);
    let staff_names = |v: &Value| -> Vec<String> {
        v["staff"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].to_string())
            .collect()
    };
    let demo_staff = staff_names(&d);
    assert!(staff_names(&s).iter().all(|n| !demo_staff.contains(n)));
}
