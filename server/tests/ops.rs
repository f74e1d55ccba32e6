//! Health, readiness, request ids, not-found pages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestApp;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn_empty().await;
    let c = app.client();
    let res = c.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers().get("x-request-id").is_some(),
        "every answer carries a request id"
    );
    let res = c.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    let res = c.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_interface_speaks_the_chosen_language() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    // The title comes through leptos-fluent's `tr!`; the role in the user menu and the list's
    // total (a plural: 60 requests) through `i18n::tr_dyn` and `tr_arg`, which read the active
    // language's bundle directly.
    for (lang, word, role, total) in [
        ("ru", "Заявки", "Диспетчер", "\u{2068}60\u{2069} заявок"),
        ("uk", "Заявки", "Диспетчер", "\u{2068}60\u{2069} заявок"),
        (
            "en",
            "Requests",
            "Dispatcher",
            "\u{2068}60\u{2069} requests",
        ),
    ] {
        let res = c
            .get(app.url(&format!("/prefs/lang/{lang}?next=/requests")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/requests");
        let html = app.html(&c, "/requests").await;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\""))
                || html.contains(&format!("lang=\"{lang}\"")),
            "{lang}"
        );
        assert!(html.contains(word), "{lang}: {word}");
        assert!(html.contains(role), "{lang}: {role}");
        assert!(html.contains(total), "{lang}: {total}");
    }
    let html = app.html(&c, "/requests/new").await;
    assert!(html.contains("Create request"));
    c.get(app.url("/prefs/lang/uk?next=/requests"))
        .send()
        .await
        .unwrap();
    let html = app.html(&c, "/requests/new").await;
    assert!(
        !html.contains("Create request"),
        "no English left on the Ukrainian form"
    );
}

#[tokio::test]
async fn the_theme_switch_flips_the_cookie() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    let html = app.html(&c, "/requests").await;
    assert!(html.contains(r#"data-theme="auto""#));
    c.get(app.url("/prefs/theme?next=/requests"))
        .send()
        .await
        .unwrap();
    let html = app.html(&c, "/requests").await;
    assert!(html.contains(r#"data-theme="dark""#));
    c.get(app.url("/prefs/theme?next=/requests"))
        .send()
        .await
        .unwrap();
    let html = app.html(&c, "/requests").await;
    assert!(html.contains(r#"data-theme="light""#));
    // Only local paths are followed.
    let res = c
        .get(app.url("/prefs/theme?next=https://evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/requests");
}
