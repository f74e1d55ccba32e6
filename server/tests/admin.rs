//! The admin page's operations: invite with a one-time password, change role, deactivate.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::admin::{ChangeRole, InviteUser, ListUsers, SetUserActive};
use app::api::auth::GetMe;
use common::{TestApp, code};

#[tokio::test]
async fn an_invited_user_signs_in_once_with_the_one_time_password_and_must_change_it() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@demo.local", "demo").await;
    let (status, invited) = app
        .call::<InviteUser>(
            &admin,
            &[
                ("email", " Новая.Диспетчер@Demo.Local "),
                ("name", "Зульфия Каримова"),
                ("role", "dispatcher"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{invited}");
    assert_eq!(invited["email"], "новая.диспетчер@demo.local");
    let otp = invited["one_time_password"].as_str().unwrap().to_string();
    assert_eq!(otp.len(), 12);

    let c = app.client();
    let res = app.try_login(&c, "новая.диспетчер@demo.local", &otp).await;
    assert_eq!(
        res.headers()["location"],
        "/account?first=1",
        "sent to choose a password"
    );
    let (_, me) = app.call::<GetMe>(&c, &[]).await;
    assert_eq!(me["role"], "dispatcher");
    assert_eq!(me["must_change_password"], true);

    let (_, users) = app.call::<ListUsers>(&admin, &[]).await;
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == "Зульфия Каримова")
    );

    // Inviting the same person again is refused with a field error.
    let (_, err) = app
        .call::<InviteUser>(
            &admin,
            &[
                ("email", "новая.диспетчер@demo.local"),
                ("name", "X"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(err["fields"][0]["code"], "already_member");
}

#[tokio::test]
async fn invitation_input_is_validated() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@demo.local", "demo").await;
    let users_before = app.count("users").await;
    let (_, err) = app
        .call::<InviteUser>(
            &admin,
            &[("email", "not-an-email"), ("name", ""), ("role", "god")],
        )
        .await;
    assert_eq!(code(&err), "validation");
    let codes: Vec<(&str, &str)> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("email", "invalid_email"),
            ("name", "required"),
            ("role", "invalid")
        ]
    );
    assert_eq!(app.count("users").await, users_before);
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@demo.local", "demo").await;
    let viewer = app.login("viewer@demo.local", "demo").await;
    let id = app.user_id("viewer@demo.local").await.to_string();
    let (status, _) = app
        .call::<SetUserActive>(&admin, &[("user_id", &id), ("active", "false")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        viewer
            .get(app.url("/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let body: serde_json::Value = app
        .try_login(&app.client(), "viewer@demo.local", "demo")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(code(&body), "invalid_credentials");
    let (status, _) = app
        .call::<SetUserActive>(&admin, &[("user_id", &id), ("active", "true")])
        .await;
    assert_eq!(status, 200);
    app.login("viewer@demo.local", "demo").await;
}

#[tokio::test]
async fn roles_change_and_take_effect_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@demo.local", "demo").await;
    let viewer = app.login("viewer@demo.local", "demo").await;
    let id = app.user_id("viewer@demo.local").await.to_string();
    let (status, _) = app
        .call::<ChangeRole>(&admin, &[("user_id", &id), ("role", "dispatcher")])
        .await;
    assert_eq!(status, 200);
    let (_, me) = app.call::<GetMe>(&viewer, &[]).await;
    assert_eq!(me["role"], "dispatcher");
    let (_, err) = app
        .call::<ChangeRole>(&admin, &[("user_id", &id), ("role", "owner")])
        .await;
    assert_eq!(err["fields"][0]["code"], "invalid");

    // An admin cannot lock themselves out.
    let me = app.user_id("admin@demo.local").await.to_string();
    let (_, err) = app
        .call::<ChangeRole>(&admin, &[("user_id", &me), ("role", "viewer")])
        .await;
    assert_eq!(err["fields"][0]["code"], "cannot_demote_self");
    let (_, err) = app
        .call::<SetUserActive>(&admin, &[("user_id", &me), ("active", "false")])
        .await;
    assert_eq!(err["fields"][0]["code"], "cannot_deactivate_self");

    // A user of another company is not found from here.
    let shop_admin = app.user_id("shop@demo.local").await.to_string();
    let (_, err) = app
        .call::<ChangeRole>(&admin, &[("user_id", &shop_admin), ("role", "viewer")])
        .await;
    assert_eq!(code(&err), "not_found");
    let audit = app.count("audit_log").await;
    assert!(audit >= 1, "role changes are audited");
}
