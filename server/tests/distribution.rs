//! Automatic assignment through the real router: rules and staff set on the settings page,
//! `POST /api/v1/requests/{id}/auto-assign`, assignment on arrival, the waiting queue, the
//! reasons in the timeline, statistics, and who may do what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::distribution::{
    AutoAssignRequest, DeleteDistributionRule, GetDistributionSettings, GetDistributionStats,
    SaveDistributionRule, SaveStaff, SaveTeam,
};
use app::api::requests::GetRequest;
use common::{TestApp, code};
use reqwest::Client;
use serde_json::{Value, json};

const A: &str = "petrov.a@demo.local";
const B: &str = "yusupov.r@demo.local";
const C: &str = "kim.d@demo.local";

/// A new team of executors A, B and C with free room 3, 1 and 0 (C is full) and a weighted
/// rule 10/30/20 for category `Домофон`-less requests of the `api` channel. Returns the
/// manager's client, the team id and the three user ids.
struct Setup {
    manager: Client,
    team_id: i64,
    users: [i64; 3],
}

async fn team(app: &TestApp) -> Setup {
    use app::server::entities::team;
    use sea_orm::{ActiveModelTrait, Set};
    let manager = app.login("manager@demo.local", "demo").await;
    let company_id = app.company("demo").await;
    let team_id = team::ActiveModel {
        name: Set("Дежурная смена «Северный квартал»".into()),
        company_id: Set(company_id),
        lead_user_id: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let mut users = [0; 3];
    for (i, (email, room)) in [(A, 3), (B, 1), (C, 0)].into_iter().enumerate() {
        users[i] = app.user_id(email).await;
        staff(app, &manager, users[i], Some(team_id), room, true).await;
    }
    Setup {
        manager,
        team_id,
        users,
    }
}

/// Puts `user` in `team` with max load = their open load + `room`.
async fn staff(app: &TestApp, c: &Client, user: i64, team: Option<i64>, room: i64, active: bool) {
    let load = open_load(app, user).await;
    let mut fields = vec![
        ("user_id", user.to_string()),
        ("team_id", team.map(|t| t.to_string()).unwrap_or_default()),
        ("max_load", (load + room).to_string()),
    ];
    if active {
        fields.push(("active", "on".into()));
    }
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = app.call::<SaveStaff>(c, &f).await;
    assert_eq!(status, 200, "{body}");
}

async fn open_load(app: &TestApp, user: i64) -> i64 {
    let loads = app::server::services::dictionaries::open_load(&app.db, app.company("demo").await)
        .await
        .unwrap();
    loads.get(&user).copied().unwrap_or(0)
}

async fn save_rule(app: &TestApp, c: &Client, fields: &[(&str, &str)]) -> (u16, Value) {
    let (status, body) = app.call::<SaveDistributionRule>(c, fields).await;
    (status.as_u16(), body)
}

async fn settings(app: &TestApp, c: &Client) -> Value {
    let (status, body) = app.call::<GetDistributionSettings>(c, &[]).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The id of the rule of `team_id` on the settings page.
async fn rule_id(app: &TestApp, c: &Client, team_id: i64) -> i64 {
    settings(app, c).await["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["team"]["id"] == team_id)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn create_api(app: &TestApp, token: &str, title: &str) -> Value {
    let res = app
        .client()
        .post(app.url("/api/v1/requests"))
        .bearer_auth(token)
        .json(&json!({"title": title, "contact": {"name": "Житель", "phone": "+998 90 000 22 44"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

async fn auto(app: &TestApp, token: &str, id: i64) -> (u16, Value) {
    let res = app
        .client()
        .post(app.url(&format!("/api/v1/requests/{id}/auto-assign")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn auto_assign_follows_weights_and_loads_and_says_why() {
    let app = TestApp::spawn().await;
    let s = team(&app).await;
    let token = app.token("demo").await;
    let weights = [
        format!("form[weight_{}]", s.users[0]),
        format!("form[weight_{}]", s.users[1]),
        format!("form[weight_{}]", s.users[2]),
    ];
    let team = s.team_id.to_string();
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[
            ("form[team_id]", &team),
            ("form[channel]", "api"),
            ("form[strategy]", "weighted"),
            (&weights[0], "10"),
            (&weights[1], "30"),
            (&weights[2], "20"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let row = create_api(&app, &token, "Протечка на техническом этаже").await;
    assert!(
        row["assignee"].is_null(),
        "on arrival only when the rule says so"
    );
    let id = row["id"].as_i64().unwrap();
    let (status, out) = auto(&app, &token, id).await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["outcome"], "assigned");
    assert_eq!(out["strategy"], "weighted");
    // The seed's worked example: weights 10/30/20, C full → 25 % / 75 % / 0 %.
    let chances: Vec<(i64, f64, Option<&str>)> = out["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["user_id"].as_i64().unwrap(),
                c["share"].as_f64().unwrap(),
                c["unavailable"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        chances,
        vec![
            (s.users[0], 0.25, None),
            (s.users[1], 0.75, None),
            (s.users[2], 0.0, Some("full")),
        ]
    );
    let chosen = out["request"]["assignee_id"].as_i64().unwrap();
    assert!(chosen == s.users[0] || chosen == s.users[1]);
    assert_eq!(app.request(id).await.assignee_id, Some(chosen));

    // A retry changes nothing and says so.
    let (status, again) = auto(&app, &token, id).await;
    assert_eq!(status, 200);
    assert_eq!(again["outcome"], "already_assigned");
    assert_eq!(again["request"]["assignee_id"], chosen);
    assert_eq!(app.request(id).await.version, out["request"]["version"]);

    // The timeline keeps the reasons, with names.
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let (_, detail) = app
        .call::<GetRequest>(&dispatcher, &[("id", &id.to_string())])
        .await;
    let assigned = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["what"]["kind"] == "assigned")
        .unwrap();
    let auto = &assigned["what"]["auto"];
    assert_eq!(auto["strategy"], "weighted");
    let lines = auto["candidates"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["name"], "Алексей Петров");
    assert_eq!(lines[2]["unavailable"], "full");
    assert_eq!(
        lines.iter().filter(|l| l["chosen"] == true).count(),
        1,
        "exactly one chosen"
    );
}

#[tokio::test]
async fn nobody_free_means_the_queue_and_a_close_frees_the_place() {
    let app = TestApp::spawn().await;
    let s = team(&app).await;
    let token = app.token("demo").await;
    // A has room for one; B is full; C is inactive.
    staff(&app, &s.manager, s.users[0], Some(s.team_id), 1, true).await;
    staff(&app, &s.manager, s.users[1], Some(s.team_id), 0, true).await;
    staff(&app, &s.manager, s.users[2], Some(s.team_id), 5, false).await;
    let team = s.team_id.to_string();
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[
            ("form[team_id]", &team),
            ("form[channel]", "api"),
            ("form[strategy]", "least_loaded"),
            ("form[on_create]", "on"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // On arrival: the first goes to A at once, in the POST's answer.
    let first = create_api(&app, &token, "Не закрывается дверь подъезда").await;
    assert_eq!(first["assignee_id"], s.users[0]);
    // The second finds nobody and waits.
    let second = create_api(&app, &token, "Перегорела лампа в лифтовом холле").await;
    assert!(second["assignee"].is_null());
    let second_id = second["id"].as_i64().unwrap();
    assert!(app.request(second_id).await.queued_at.is_some());
    let (status, out) = auto(&app, &token, second_id).await;
    assert_eq!(status, 200);
    assert_eq!(out["outcome"], "queued");
    let why: Vec<Option<&str>> = out["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["unavailable"].as_str())
        .collect();
    assert_eq!(why, vec![Some("full"), Some("full"), Some("inactive")]);
    assert_eq!(settings(&app, &s.manager).await["queued"], 1);
    // The request page says it waits.
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let html = app
        .html(&dispatcher, &format!("/requests/{second_id}"))
        .await;
    assert!(html.contains("data-testid=\"queued\""), "queued notice");

    // Closing A's request frees the place: the waiting one goes to A, with the reasons.
    let rejected = app.status_id("demo", "Отклонена").await;
    let res = app
        .client()
        .patch(app.url(&format!("/api/v1/requests/{}", first["id"])))
        .bearer_auth(&token)
        .json(&json!({"status_id": rejected, "comment": "Дубль"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let waited = app.request(second_id).await;
    assert_eq!(waited.assignee_id, Some(s.users[0]));
    assert_eq!(waited.queued_at, None);
    assert_eq!(settings(&app, &s.manager).await["queued"], 0);
    let (_, detail) = app
        .call::<GetRequest>(&dispatcher, &[("id", &second_id.to_string())])
        .await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["created", "queued", "assigned"]);
    assert_eq!(
        detail["events"][2]["what"]["auto"]["strategy"],
        "least_loaded"
    );
}

#[tokio::test]
async fn round_robin_takes_turns_and_the_statistics_count_them() {
    let app = TestApp::spawn().await;
    let s = team(&app).await;
    let token = app.token("demo").await;
    for u in s.users {
        staff(&app, &s.manager, u, Some(s.team_id), 10, true).await;
    }
    let team = s.team_id.to_string();
    let zero = format!("form[weight_{}]", s.users[2]);
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[
            ("form[team_id]", &team),
            ("form[channel]", "api"),
            ("form[strategy]", "round_robin"),
            ("form[on_create]", "on"),
            (&zero, "0"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut order = Vec::new();
    for i in 0..4 {
        let row = create_api(&app, &token, &format!("Проверка счётчиков, подъезд {i}")).await;
        order.push(row["assignee_id"].as_i64().unwrap());
    }
    let (a, b) = (s.users[0].min(s.users[1]), s.users[0].max(s.users[1]));
    assert_eq!(order, vec![a, b, a, b], "weight 0 leaves C out");

    let (status, stats) = app
        .call::<GetDistributionStats>(&s.manager, &[("query", "")])
        .await;
    assert_eq!(status, 200, "{stats}");
    let rule = stats["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["team"] == "Дежурная смена «Северный квартал»")
        .unwrap();
    assert_eq!(rule["total"], 4);
    let rows: Vec<(i64, f64, u64, f64)> = rule["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["user_id"].as_i64().unwrap(),
                r["configured"].as_f64().unwrap(),
                r["assigned"].as_u64().unwrap(),
                r["observed"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (s.users[0], 0.5, 2, 0.5),
            (s.users[1], 0.5, 2, 0.5),
            (s.users[2], 0.0, 0, 0.0),
        ]
    );
    // A period before any of it counts nothing.
    let (_, old) = app
        .call::<GetDistributionStats>(&s.manager, &[("query", "from=2020-01-01&to=2020-01-31")])
        .await;
    assert!(
        old["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["total"] == 0)
    );
    // The statistics page renders the rule.
    let html = app.html(&s.manager, "/settings/distribution/stats").await;
    assert!(html.contains("Дежурная смена «Северный квартал»"));
}

#[tokio::test]
async fn bad_rules_are_refused_by_field_and_roles_are_checked_on_the_server() {
    let app = TestApp::spawn().await;
    let s = team(&app).await;
    let team = s.team_id.to_string();
    let outsider = format!("form[weight_{}]", app.user_id("executor@demo.local").await);
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[
            ("form[team_id]", "999999"),
            ("form[channel]", "fax"),
            ("form[strategy]", "lottery"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let mut fields: Vec<String> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["field"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec!["channel:unknown", "strategy:unknown", "team_id:unknown"]
    );
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[("form[team_id]", &team), (&outsider, "5")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["fields"][0]["code"] == "not_in_team", "{body}");
    let weight = format!("form[weight_{}]", s.users[0]);
    let (status, body) = save_rule(
        &app,
        &s.manager,
        &[("form[team_id]", &team), (&weight, "много")],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["fields"][0]["field"],
        format!("weights.{}", s.users[0])
    );
    let before = app.count("distribution_rules").await;
    // Nothing half-written; a valid one saves, and a second with the same scope is refused.
    let (status, _) = save_rule(&app, &s.manager, &[("form[team_id]", &team)]).await;
    assert_eq!(status, 200);
    assert_eq!(app.count("distribution_rules").await, before + 1);
    let (status, body) = save_rule(&app, &s.manager, &[("form[team_id]", &team)]).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["code"], "duplicate_scope");
    let (status, body) = app
        .call::<SaveStaff>(
            &s.manager,
            &[("user_id", &s.users[0].to_string()), ("max_load", "-3")],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["code"], "out_of_range");

    // Settings are for managers and admins; viewers and executors change nothing.
    let rule = rule_id(&app, &s.manager, s.team_id).await.to_string();
    for who in [
        "dispatcher@demo.local",
        "viewer@demo.local",
        "executor@demo.local",
    ] {
        let c = app.login(who, "demo").await;
        let (status, body) = save_rule(&app, &c, &[("form[team_id]", &team)]).await;
        assert_eq!(status, 403, "{who}: {body}");
        assert_eq!(code(&body), "forbidden");
        let (status, _) = app
            .call::<DeleteDistributionRule>(&c, &[("id", &rule)])
            .await;
        assert_eq!(status, 403, "{who}");
        let (status, _) = app.call::<GetDistributionSettings>(&c, &[]).await;
        assert_eq!(status, 403, "{who}");
    }
    // Auto-assign: a viewer may not; a dispatcher may; another company's token sees nothing.
    let id = app.any_request("demo").await.id.to_string();
    let viewer = app.login("viewer@demo.local", "demo").await;
    let (status, _) = app.call::<AutoAssignRequest>(&viewer, &[("id", &id)]).await;
    assert_eq!(status, 403);
    let shop = app.token("shop").await;
    let (status, body) = auto(&app, &shop, id.parse().unwrap()).await;
    assert_eq!(status, 404);
    assert_eq!(code(&body), "not_found");
    // Deleting the rule works for the manager, once.
    let (status, _) = app
        .call::<DeleteDistributionRule>(&s.manager, &[("id", &rule)])
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call::<DeleteDistributionRule>(&s.manager, &[("id", &rule)])
        .await;
    assert_eq!(status, 404);
    // A request no rule covers says so by field.
    let token = app.token("demo").await;
    let row = create_api(&app, &token, "Без правила: канал API и без категории").await;
    let (status, body) = auto(&app, &token, row["id"].as_i64().unwrap()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["code"], "no_rule");
}

#[tokio::test]
async fn the_demo_rules_assign_from_the_request_page() {
    let app = TestApp::spawn().await;
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let manager = app.login("manager@demo.local", "demo").await;
    let s = settings(&app, &manager).await;
    let lift = s["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains("Лифт"))
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let id = app
        .create_request(
            &dispatcher,
            &[
                ("title", "Лифт остановился между этажами"),
                ("description", "Кабина стоит на пятом этаже, двери закрыты"),
                ("priority", "high"),
                ("category_id", &lift),
                ("contact_phone", "+998 90 111 22 33"),
            ],
        )
        .await;
    assert_eq!(
        app.request(id).await.assignee_id,
        None,
        "demo rules wait for the dispatcher"
    );
    let html = app.html(&dispatcher, &format!("/requests/{id}")).await;
    assert!(html.contains("data-testid=\"auto-assign\""));
    let (status, out) = app
        .call::<AutoAssignRequest>(&dispatcher, &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out, "assigned");
    let assignee = app.request(id).await.assignee_id.unwrap();
    let rule = s["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["category"]["id"].as_i64() == lift.parse().ok())
        .unwrap();
    assert!(
        rule["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["user_id"] == assignee),
        "assigned within the lift team"
    );
    // The settings page lists the demo rules.
    let html = app.html(&manager, "/settings/distribution").await;
    assert!(html.contains("Лифтовая служба"));
}

#[tokio::test]
async fn teams_are_created_and_renamed_by_managers_only() {
    let app = TestApp::spawn().await;
    let manager = app.login("manager@demo.local", "demo").await;
    let (status, body) = app
        .call::<SaveTeam>(&manager, &[("name", "  Аварийная служба  ")])
        .await;
    assert_eq!(status, 200, "{body}");
    let teams = settings(&app, &manager).await["teams"].clone();
    let team = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Аварийная служба")
        .expect("the new team, trimmed")
        .clone();
    let id = team["id"].as_i64().unwrap().to_string();
    // Renaming keeps the id; another team's name (any case) and an empty one are refused.
    let (status, _) = app
        .call::<SaveTeam>(
            &manager,
            &[("id", &id), ("name", "Аварийно-диспетчерская служба")],
        )
        .await;
    assert_eq!(status, 200);
    for (name, code) in [("сантехники", "taken"), ("   ", "required")] {
        let (status, body) = app
            .call::<SaveTeam>(&manager, &[("id", &id), ("name", name)])
            .await;
        assert_eq!(status, 422, "{name}: {body}");
        assert_eq!(body["fields"][0]["code"], code);
    }
    let names: Vec<String> = settings(&app, &manager).await["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Аварийно-диспетчерская служба".to_string()));
    assert_eq!(
        names
            .iter()
            .filter(|n| n.to_lowercase() == "сантехники")
            .count(),
        1
    );
    // Dispatchers cannot; another company's team id is not found.
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let (status, _) = app
        .call::<SaveTeam>(&dispatcher, &[("name", "Своя команда")])
        .await;
    assert_eq!(status, 403);
    let shop = app.login("shop@demo.local", "demo").await;
    let (status, _) = app
        .call::<SaveTeam>(&shop, &[("id", &id), ("name", "Чужая")])
        .await;
    assert_eq!(status, 404);
}
