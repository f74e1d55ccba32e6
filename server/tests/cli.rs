//! The command line, as an operator runs it: the real binary against a real database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

fn server(db_url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[tokio::test]
async fn users_and_tokens_are_created_from_the_command_line() {
    let app = common::TestApp::spawn().await;
    let url = app_url(&app);
    let (ok, out, err) = server(
        &url,
        &[
            "user",
            "create",
            "--email",
            "cli@demo.local",
            "--company",
            "demo",
            "--role",
            "manager",
            "--name",
            "Через CLI",
        ],
    );
    assert!(ok, "{out}{err}");
    let one_time = out.lines().last().unwrap().trim().to_string();
    assert_eq!(one_time.len(), 12, "{out}");
    let c = app.client();
    let res = app.try_login(&c, "cli@demo.local", &one_time).await;
    assert_eq!(res.headers()["location"], "/account?first=1");

    let (ok, out, err) = server(
        &url,
        &[
            "token",
            "create",
            "--company",
            "shop",
            "--name",
            "KeyCRM sync",
        ],
    );
    assert!(ok, "{out}{err}");
    let token = out.lines().last().unwrap().trim().to_string();
    assert!(
        token.starts_with("upr_"),
        "the token is the last line: {out}"
    );
    let res = app
        .client()
        .get(app.url("/api/v1/requests"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["total"], 30, "a shop token sees the shop");
}

#[tokio::test]
async fn bad_arguments_fail_with_one_clear_line() {
    let app = common::TestApp::spawn().await;
    let url = app_url(&app);
    let (ok, _, err) = server(
        &url,
        &[
            "user",
            "create",
            "--email",
            "x@demo.local",
            "--company",
            "nope",
            "--role",
            "admin",
        ],
    );
    assert!(!ok);
    assert_eq!(err.trim(), "error: no company with slug `nope`");
    let (ok, _, err) = server(
        &url,
        &[
            "user",
            "create",
            "--email",
            "x@demo.local",
            "--company",
            "demo",
            "--role",
            "boss",
        ],
    );
    assert!(!ok);
    assert!(
        err.trim().starts_with("error: unknown role `boss`"),
        "{err}"
    );
    let (ok, _, err) = server(
        &url,
        &[
            "user",
            "create",
            "--email",
            "not-an-email",
            "--company",
            "demo",
            "--role",
            "admin",
            "--password",
            "long enough",
        ],
    );
    assert!(!ok);
    assert!(err.contains("email: invalid_email"), "{err}");
}

#[test]
fn a_wrong_database_url_is_one_line() {
    let (ok, _, err) = server("postgres://nobody@127.0.0.1:1/nowhere", &["migrate"]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot connect to database postgres://nobody@127.0.0.1:1/nowhere"),
        "{err}"
    );
    let (ok, _, err) = server("mysql://x", &["migrate"]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_taken_port_is_one_line() {
    let dir = std::env::temp_dir().join(format!("uprava-port-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = holder.local_addr().unwrap().to_string();
    let url = format!("sqlite://{}/p.db?mode=rwc", dir.display());
    let (ok, _, err) = server(&url, &["serve", "--addr", &addr]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// The harness's database, reached by the CLI the way an operator would.
fn app_url(app: &common::TestApp) -> String {
    app.database_url.clone()
}
