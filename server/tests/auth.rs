//! Signing in and out, sessions, throttling, password change — through the real router.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::auth::{ChangePassword, GetMe, Logout, SwitchCompany};
use app::server::Settings;
use app::server::entities::session;
use chrono::{Duration, Utc};
use common::{TestApp, code};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use std::time::Duration as StdDuration;

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("uprava_session="))
        .map(String::from)
}

#[tokio::test]
async fn sign_in_sets_a_secure_session_cookie_and_opens_the_app() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let res = app.try_login(&c, "dispatcher@demo.local", "demo").await;
    let cookie = session_cookie(&res).expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");

    let page = c.get(app.url("/requests")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Наталья Морозова"),
        "the header shows who is signed in"
    );

    let (status, me) = app.call::<GetMe>(&c, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], "dispatcher@demo.local");
    assert_eq!(me["role"], "dispatcher");
    assert_eq!(me["company"]["slug"], "demo");
}

#[tokio::test]
async fn pages_redirect_to_sign_in_without_a_session() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/requests?status=3"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/login?next=/requests%3Fstatus%3D3"
    );
    let (status, err) = app.call::<GetMe>(&app.client(), &[]).await;
    assert_ne!(status, 200);
    assert_eq!(code(&err), "unauthorized");
}

#[tokio::test]
async fn wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for (email, password) in [
        ("dispatcher@demo.local", "nope"),
        ("nobody@demo.local", "demo"),
    ] {
        let res = app.try_login(&c, email, password).await;
        assert!(session_cookie(&res).is_none());
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(code(&body), "invalid_credentials");
    }
    let res = app.try_login(&c, "", "").await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(code(&body), "validation");
    assert_eq!(body["fields"][0]["field"], "email");
    assert_eq!(body["fields"][1]["field"], "password");
}

#[tokio::test]
async fn a_plain_form_post_without_javascript_redirects_back_with_the_error() {
    let app = TestApp::spawn().await;
    let login_url = app.url("/login");
    let res = app
        .client()
        .post(app.url(<app::api::auth::Login as server_fn::ServerFn>::PATH))
        .header("accept", "text/html")
        .header("referer", &login_url)
        .form(&[
            ("email", "dispatcher@demo.local"),
            ("password", "bad"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&login_url) && location.contains("__err="),
        "{location}"
    );
    // The page rendered at that address shows the translated error.
    let html = app
        .client()
        .get(location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Wrong e-mail or password."), "{html}");
}

#[tokio::test]
async fn every_sign_in_gets_a_new_session_id() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let first = session_cookie(&app.try_login(&c, "manager@demo.local", "demo").await).unwrap();
    let second = session_cookie(&app.try_login(&c, "manager@demo.local", "demo").await).unwrap();
    assert_ne!(first, second);
    // The cookie value is not what the database stores (it stores the SHA-256).
    let token = first
        .trim_start_matches("uprava_session=")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(
        session::Entity::find_by_id(token.clone())
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        session::Entity::find_by_id(app::server::auth::session::digest(&token))
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let c = app.login("viewer@demo.local", "demo").await;
    let (status, _) = app.call::<Logout>(&c, &[]).await;
    assert_eq!(status, 200);
    let res = c.get(app.url("/requests")).send().await.unwrap();
    assert_eq!(res.status(), 303, "signed out");
    assert!(
        session::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn age_sessions(app: &TestApp, last_seen: Duration, created: Duration) {
    for s in session::Entity::find().all(&app.db).await.unwrap() {
        let mut am: session::ActiveModel = s.into();
        am.last_seen_at = Set(Utc::now() - last_seen);
        am.created_at = Set(Utc::now() - created);
        am.update(&app.db).await.unwrap();
    }
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    age_sessions(&app, Duration::minutes(29), Duration::minutes(29)).await;
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        200,
        "29 minutes idle is fine"
    );
    age_sessions(&app, Duration::minutes(31), Duration::minutes(61)).await;
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        303,
        "31 minutes idle is over"
    );
}

#[tokio::test]
async fn using_a_session_restarts_its_idle_timer() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    age_sessions(&app, Duration::minutes(29), Duration::minutes(29)).await;
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        200
    );
    let s = session::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(
        Utc::now() - s.last_seen_at < Duration::minutes(1),
        "the use at minute 29 was recorded: {}",
        s.last_seen_at
    );
    assert!(Utc::now() - s.created_at >= Duration::minutes(29));
    // 29 more minutes after that use: still within 30 minutes of the last use.
    let mut am: session::ActiveModel = s.into();
    am.last_seen_at = Set(Utc::now() - Duration::minutes(29));
    am.update(&app.db).await.unwrap();
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn a_session_stops_working_when_its_user_or_membership_is_switched_off() {
    use app::server::entities::{membership, user};
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let uid = app.user_id("viewer@demo.local").await;
    let page = |c: &reqwest::Client| c.get(app.url("/requests")).send();

    // The user switched off in the database (not through the admin page, which also deletes
    // the sessions): the live session is refused all the same.
    let c = app.login("viewer@demo.local", "demo").await;
    assert_eq!(page(&c).await.unwrap().status(), 200);
    let u = user::Entity::find_by_id(uid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: user::ActiveModel = u.clone().into();
    am.active = Set(false);
    am.update(&app.db).await.unwrap();
    assert_eq!(page(&c).await.unwrap().status(), 303);
    let mut am: user::ActiveModel = u.into();
    am.active = Set(true);
    am.update(&app.db).await.unwrap();
    assert_eq!(
        page(&c).await.unwrap().status(),
        200,
        "the session itself is kept"
    );

    // The membership of the session's company switched off.
    let m = membership::Entity::find()
        .filter(membership::Column::UserId.eq(uid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: membership::ActiveModel = m.into();
    am.active = Set(false);
    am.update(&app.db).await.unwrap();
    assert_eq!(page(&c).await.unwrap().status(), 303);
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_even_when_used() {
    let settings = Settings {
        session_absolute: StdDuration::from_secs(2),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings, true).await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        200
    );
    tokio::time::sleep(StdDuration::from_millis(2100)).await;
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        303
    );
}

#[tokio::test]
async fn repeated_failures_pause_the_account_with_a_clear_message() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for _ in 0..5 {
        let body: serde_json::Value = app
            .try_login(&c, "executor@demo.local", "guess")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(code(&body), "invalid_credentials");
    }
    // Even the right password is refused now, with the time to wait.
    let body: serde_json::Value = app
        .try_login(&c, "executor@demo.local", "demo")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(code(&body), "rate_limited");
    let retry = body["retry_after"].as_u64().unwrap();
    assert!(retry > 800 && retry <= 900, "{retry}");
    // Other accounts are not affected.
    app.login("dispatcher@demo.local", "demo").await;
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_paused() {
    let settings = Settings {
        throttle_ip: 6,
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings, true).await;
    let c = app.client();
    for i in 0..6 {
        let body: serde_json::Value = app
            .try_login(&c, &format!("guess{i}@demo.local"), "x")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(code(&body), "invalid_credentials");
    }
    let body: serde_json::Value = app
        .try_login(&c, "manager@demo.local", "demo")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(code(&body), "rate_limited");
}

#[tokio::test]
async fn changing_the_password_checks_the_old_one_and_signs_out_other_sessions() {
    let app = TestApp::spawn().await;
    let phone = app.login("manager@demo.local", "demo").await;
    let laptop = app.login("manager@demo.local", "demo").await;

    let (_, err) = app
        .call::<ChangePassword>(
            &laptop,
            &[
                ("current_password", "wrong"),
                ("new_password", "short"),
                ("confirm", "other"),
            ],
        )
        .await;
    assert_eq!(code(&err), "validation");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec!["wrong_password", "password_too_short", "mismatch"]
    );

    let (status, _) = app
        .call::<ChangePassword>(
            &laptop,
            &[
                ("current_password", "demo"),
                ("new_password", "новый пароль 1"),
                ("confirm", "новый пароль 1"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        laptop
            .get(app.url("/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "this session stays"
    );
    assert_eq!(
        phone
            .get(app.url("/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "the other one ended"
    );
    let c = app.client();
    let body: serde_json::Value = app
        .try_login(&c, "manager@demo.local", "demo")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(code(&body), "invalid_credentials");
    app.login("manager@demo.local", "новый пароль 1").await;
}

#[tokio::test]
async fn a_user_of_two_companies_switches_between_them() {
    let app = TestApp::spawn().await;
    let c = app.login("admin@demo.local", "demo").await;
    let (_, me) = app.call::<GetMe>(&c, &[]).await;
    assert_eq!(me["company"]["slug"], "demo", "the home company first");
    assert_eq!(me["companies"].as_array().unwrap().len(), 2);
    let shop = app.company("shop").await;
    let (status, _) = app
        .call::<SwitchCompany>(&c, &[("company_id", &shop.to_string())])
        .await;
    assert_eq!(status, 200);
    let (_, me) = app.call::<GetMe>(&c, &[]).await;
    assert_eq!(me["company"]["slug"], "shop");

    // Someone in one company cannot switch into another.
    let d = app.login("dispatcher@demo.local", "demo").await;
    let (_, err) = app
        .call::<SwitchCompany>(&d, &[("company_id", &shop.to_string())])
        .await;
    assert_eq!(code(&err), "not_found");
    let (_, me) = app.call::<GetMe>(&d, &[]).await;
    assert_eq!(me["company"]["slug"], "demo");
}

/// The header's company list follows the user's memberships from one request to the next; a
/// user of one company gets it from the session's own row (no switcher to fill).
#[tokio::test]
async fn the_company_list_follows_memberships() {
    use app::server::entities::membership;
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let d = app.login("dispatcher@demo.local", "demo").await;
    let (demo, shop) = (app.company("demo").await, app.company("shop").await);
    let me = async || app.call::<GetMe>(&d, &[]).await.1;
    let switcher = async || {
        app.html(&d, "/requests")
            .await
            .contains("id=\"company-select\"")
    };

    let one = me().await;
    assert_eq!(one["companies"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one["companies"][0]["id"], demo);
    assert_eq!(one["companies"][0]["name"], one["company"]["name"]);
    assert_eq!(one["companies"][0]["role"], "dispatcher");
    assert!(!switcher().await, "no switcher for one company");

    // Made a viewer of the shop too: the next page lists both and offers the switch.
    let user_id = app.user_id("dispatcher@demo.local").await;
    let m = membership::ActiveModel {
        role: Set("viewer".into()),
        active: Set(true),
        created_at: Set(Utc::now()),
        user_id: Set(user_id),
        company_id: Set(shop),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let two = me().await;
    let listed: Vec<(i64, &str)> = two["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    assert_eq!(listed.len(), 2, "{two}");
    assert!(listed.contains(&(demo, "dispatcher")) && listed.contains(&(shop, "viewer")));
    assert!(switcher().await, "the switcher offers the shop");

    // That membership switched off: one company again.
    let mut am: membership::ActiveModel = m.into();
    am.active = Set(false);
    am.update(&app.db).await.unwrap();
    let again = me().await;
    assert_eq!(again["companies"].as_array().unwrap().len(), 1, "{again}");
    assert!(!switcher().await);
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(memberships.len(), 2, "the switched-off membership is kept");
}

#[tokio::test]
async fn a_write_from_another_origin_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    let res = c
        .post(app.url(<Logout as server_fn::ServerFn>::PATH))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        c.get(app.url("/requests")).send().await.unwrap().status(),
        200,
        "still signed in"
    );
}
