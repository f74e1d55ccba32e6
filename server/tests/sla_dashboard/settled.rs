//! Settled requests' figures kept between views: the same as a full recompute at any later
//! time, and recomputed after a new event (a late one too: it leaves the request's version
//! alone), a re-open or a calendar edit — each change made through the REST API.

use super::common::TestApp;
use app::model::{DashboardFilter, Role};
use app::server::auth::Actor;
use app::server::entities::request;
use app::server::services::sla::dashboard::{self, SlaReport, settled::SettledFigures};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

struct Views<'a> {
    app: &'a TestApp,
    actor: Actor,
    filter: DashboardFilter,
    kept: SettledFigures,
}

impl Views<'_> {
    /// The dashboard and the report at `at` from the kept figures, checked against a full
    /// recompute at the same instant; the report is returned.
    async fn check(&self, at: DateTime<Utc>, what: &str) -> SlaReport {
        let fresh = SettledFigures::default();
        let (db, actor, f) = (&self.app.db, &self.actor, &self.filter);
        let kept_dashboard = dashboard::dashboard(db, &self.kept, actor, f, at)
            .await
            .unwrap();
        let kept_report = dashboard::report(db, &self.kept, actor, f, at)
            .await
            .unwrap();
        let full_dashboard = dashboard::dashboard(db, &fresh, actor, f, at)
            .await
            .unwrap();
        let full_report = dashboard::report(db, &fresh, actor, f, at).await.unwrap();
        assert_eq!(kept_dashboard, full_dashboard, "dashboard {what}");
        assert_eq!(kept_report, full_report, "report {what}");
        kept_report
    }
}

async fn rest(app: &TestApp, token: &str, method: reqwest::Method, path: &str, body: Value) -> u16 {
    app.client()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The report's lines of request `number`, as text.
fn lines_of(report: &SlaReport, number: &str) -> Vec<String> {
    let lines: Vec<String> = report
        .lines
        .iter()
        .filter(|l| l.number == number)
        .map(|l| format!("{:?} {:?}", l.target, l.breached_at))
        .collect();
    assert!(!lines.is_empty(), "{number} has targets");
    lines
}

#[tokio::test]
async fn kept_figures_equal_a_full_recompute_after_every_kind_of_change() {
    let app = TestApp::spawn().await;
    let company = app.company("demo").await;
    let token = app.token("demo").await;
    let views = Views {
        app: &app,
        actor: Actor {
            user_id: None,
            company_id: company,
            role: Role::Executive,
            session_id: None,
        },
        filter: DashboardFilter {
            from: NaiveDate::from_ymd_opt(2026, 5, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 21),
            ..DashboardFilter::default()
        },
        kept: SettledFigures::default(),
    };
    let t0 = Utc::now();
    views.check(t0, "on the first view").await;
    let closed = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company))
        .filter(request::Column::ClosedAt.is_not_null())
        .order_by_asc(request::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert!(closed.len() >= 3, "the demo has closed requests");
    assert!(
        views.kept.len(company) >= closed.len(),
        "every closed request is kept ({} of {})",
        views.kept.len(company),
        closed.len()
    );

    // A year later nothing settled has moved.
    views.check(t0 + Duration::days(400), "a year later").await;

    // A late event in a closed request's past: waiting for the resident (the clock pauses)
    // from a minute after it was created.
    let late = &closed[0];
    let number = app::domain::number::format(late.number);
    let before = lines_of(&views.check(t0, "before the late event").await, &number);
    let waiting = app.status_id("demo", "Ожидание жителя").await;
    let at = late.created_at + Duration::minutes(1);
    let status = rest(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/requests/{}/events", late.id),
        json!({"status_id": waiting, "at": at.to_rfc3339()}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        app.request(late.id).await.version,
        late.version,
        "late: same version"
    );
    let after = lines_of(&views.check(t0, "after a late event").await, &number);
    assert_ne!(before, after, "the late pause changed {number}'s figures");

    // A re-open: the clock runs again.
    let reopened = &closed[1];
    let in_work = app.status_id("demo", "В работе").await;
    let status = rest(
        &app,
        &token,
        reqwest::Method::POST,
        &format!("/api/v1/requests/{}/events", reopened.id),
        json!({"status_id": in_work, "at": Utc::now().to_rfc3339()}),
    )
    .await;
    assert_eq!(status, 201);
    let report = views
        .check(Utc::now() + Duration::hours(1), "after a re-open")
        .await;
    let number = app::domain::number::format(reopened.number);
    assert!(
        report
            .lines
            .iter()
            .any(|l| l.number == number && l.target.running),
        "{number}'s clock runs again"
    );

    // A calendar edit (of the stage the re-opened request is in) changes past figures.
    let stage = app.request(reopened.id).await.stage_id;
    let before = views.check(t0, "before the calendar edit").await;
    let status = rest(
        &app,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/calendars/{stage}"),
        json!({"timezone": "Asia/Tashkent", "week": {"mon": [["10:00","11:00"]], "tue": [],
            "wed": [], "thu": [], "fri": [], "sat": [], "sun": []}, "exceptions": []}),
    )
    .await;
    assert_eq!(status, 200);
    let after = views.check(t0, "after the calendar edit").await;
    assert_ne!(before, after, "one hour a week changes the figures");
}

#[tokio::test]
async fn warming_keeps_a_companys_year_once_per_settings_version() {
    let app = TestApp::spawn().await;
    let company = app.company("demo").await;
    let kept = SettledFigures::default();
    let now = Utc::now();
    assert!(dashboard::warm(&app.db, &kept, company, now).await.unwrap());
    let filled = kept.len(company);
    assert!(filled > 0, "the closed requests are kept");
    assert!(
        !dashboard::warm(&app.db, &kept, company, now).await.unwrap(),
        "nothing changed: nothing to do"
    );
    // A settings edit: the next round evaluates again.
    let token = app.token("demo").await;
    let stage = app.request(app.any_request("demo").await.id).await.stage_id;
    let status = rest(
        &app,
        &token,
        reqwest::Method::PUT,
        &format!("/api/v1/calendars/{stage}"),
        json!({"timezone": "Asia/Tashkent", "week": {"mon": [["09:00","18:00"]], "tue": [],
            "wed": [], "thu": [], "fri": [], "sat": [], "sun": []}, "exceptions": []}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(dashboard::warm(&app.db, &kept, company, now).await.unwrap());
    assert_eq!(kept.len(company), filled);
}
