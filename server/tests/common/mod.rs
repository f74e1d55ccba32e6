//! The harness of the integration tests: a real server on a free port, a real database
//! (a fresh SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set), the
//! demo companies in it, and an HTTP client that keeps cookies like a browser.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use app::server::demo::{DemoOptions, load};
use app::server::testing::TestDb;
use app::server::{AppState, Settings};
use chrono::{TimeZone, Utc};
use leptos::prelude::LeptosOptions;
use reqwest::{Client, Response, StatusCode, redirect};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use server::router::{ServerState, build_router};
use server::serve::open_database;
use server_fn::ServerFn;
use std::net::SocketAddr;
use std::path::PathBuf;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    pub dir: PathBuf,
    pub settings: Settings,
    pub database_url: String,
    _database: TestDb,
}

/// The instant the demo data is generated at: fixed, so fixtures are the same every run.
pub fn demo_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0)
        .single()
        .unwrap()
}

impl TestApp {
    /// A server with the two demo companies (small: 60 requests and 30 orders).
    pub async fn spawn() -> Self {
        Self::spawn_with(Settings::default(), true).await
    }

    pub async fn spawn_empty() -> Self {
        Self::spawn_with(Settings::default(), false).await
    }

    pub async fn spawn_with(mut settings: Settings, demo: bool) -> Self {
        let database = TestDb::create().await.expect("test database");
        let url = database.url.clone();
        let dir = database.dir.clone();
        let db = open_database(&url).await.expect("open test database");
        if demo {
            load(
                &db,
                &DemoOptions {
                    property_requests: 60,
                    shop_requests: 30,
                    seed: 7,
                    now: demo_now(),
                },
            )
            .await
            .expect("demo data");
        }
        settings.files_dir = dir.join("files");
        let leptos = LeptosOptions::builder()
            .output_name("uprava")
            .site_root("target/site")
            .build();
        let state = ServerState {
            app: AppState::new(db.clone(), settings.clone()),
            leptos,
            trust_proxy: false,
            hub: server::stream::hub::Hub::spawn(db.clone()).await.unwrap(),
        };
        let router = build_router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        TestApp {
            addr,
            db,
            dir,
            settings,
            database_url: url,
            _database: database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A browser-like client: keeps cookies, does not follow redirects, sends our Origin.
    pub fn client(&self) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ORIGIN,
            format!("http://{}", self.addr).parse().unwrap(),
        );
        Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap()
    }

    /// Signs in through the real login server function; the client keeps the session cookie.
    pub async fn login(&self, email: &str, password: &str) -> Client {
        let c = self.client();
        let res = self.try_login(&c, email, password).await;
        assert!(
            res.headers().get("set-cookie").is_some(),
            "sign-in of {email} failed: {} {}",
            res.status(),
            res.text().await.unwrap_or_default()
        );
        c
    }

    /// The page at `path` as `c` gets it, as text (any status).
    pub async fn html(&self, c: &Client, path: &str) -> String {
        c.get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// A REST answer to `GET path` with the API token: status and JSON body.
    pub async fn api_get(&self, token: &str, path: &str) -> (u16, Value) {
        let res = self
            .client()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }

    pub async fn try_login(&self, c: &Client, email: &str, password: &str) -> Response {
        c.post(self.url(app::api::auth::Login::PATH))
            .form(&[("email", email), ("password", password), ("next", "")])
            .send()
            .await
            .unwrap()
    }

    /// Calls a server function with form fields, as `ActionForm` does with JavaScript on.
    pub async fn call<S: ServerFn>(
        &self,
        c: &Client,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let res = c.post(self.url(S::PATH)).form(fields).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Company id by slug.
    pub async fn company(&self, slug: &str) -> i64 {
        app::server::services::companies::by_slug(&self.db, slug)
            .await
            .unwrap()
            .id
    }

    /// A token for the REST API of company `slug`.
    pub async fn token(&self, slug: &str) -> String {
        let id = self.company(slug).await;
        app::server::auth::token::create(&self.db, id, "test", None, Utc::now())
            .await
            .unwrap()
    }
}

/// The `code` of an error answer (server function or REST).
pub fn code(v: &Value) -> &str {
    v.get("code")
        .or_else(|| v.get("error").and_then(|e| e.get("code")))
        .and_then(Value::as_str)
        .unwrap_or("")
}

impl TestApp {
    /// The id of status `name` in company `slug`.
    pub async fn status_id(&self, slug: &str, name: &str) -> i64 {
        use app::server::entities::status;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let company = self.company(slug).await;
        status::Entity::find()
            .filter(status::Column::CompanyId.eq(company))
            .filter(status::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("status {name} in {slug}"))
            .id
    }

    /// The user id of an e-mail.
    pub async fn user_id(&self, email: &str) -> i64 {
        use app::server::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// Some request of company `slug`.
    pub async fn any_request(&self, slug: &str) -> app::server::entities::request::Model {
        use app::server::entities::request;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let company = self.company(slug).await;
        request::Entity::find()
            .filter(request::Column::CompanyId.eq(company))
            .order_by_asc(request::Column::Id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn request(&self, id: i64) -> app::server::entities::request::Model {
        use sea_orm::EntityTrait;
        app::server::entities::request::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }

    /// Creates a request through the create form's server function; returns its id.
    pub async fn create_request(&self, c: &Client, fields: &[(&str, &str)]) -> i64 {
        let (status, body) = self
            .call::<app::api::requests::CreateRequest>(c, fields)
            .await;
        assert_eq!(status, 200, "create failed: {body}");
        body.as_i64().unwrap()
    }

    /// Number of rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

impl TestApp {
    /// Adds `times` copies of each of the demo company's requests (numbers shifted by 1,000 per
    /// copy; same times, statuses and references; no events), for lists and exports longer
    /// than the demo.
    pub async fn copy_demo_requests(&self, times: u32) {
        use sea_orm::ConnectionTrait;
        self.db
            .execute_unprepared(&format!(
                "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {times})
                 INSERT INTO requests (number, title, description, search_text, priority, urgent,
                     status_at, channel, version, created_at, updated_at, closed_at, company_id,
                     pipeline_id, stage_id, status_id, category_id, assignee_id, building_id,
                     apartment_id, contact_id)
                 SELECT r.number + 1000 * n.k, r.title, r.description, r.search_text, r.priority,
                     r.urgent, r.status_at, r.channel, r.version, r.created_at, r.updated_at,
                     r.closed_at, r.company_id, r.pipeline_id, r.stage_id, r.status_id,
                     r.category_id, r.assignee_id, r.building_id, r.apartment_id, r.contact_id
                 FROM requests r, n
                 WHERE r.company_id = (SELECT id FROM companies WHERE slug = 'demo')"
            ))
            .await
            .unwrap();
    }
}

impl TestApp {
    /// Starts an SLA watcher (like every server process does) on its own connection pool.
    pub async fn spawn_watcher(&self) -> tokio::task::JoinHandle<()> {
        let db = app::server::db::connect(&self.database_url).await.unwrap();
        server::watcher::spawn(app::server::AppState::new(db, self.settings.clone()))
    }
}

/// The rows of sheet `name` as text (dates as `yyyy-mm-dd hh:mm`).
pub fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    // Days since 1899-12-30, the wall time written.
                    calamine::Data::DateTime(dt) => Utc
                        .timestamp_opt(((dt.as_f64() - 25_569.0) * 86_400.0).round() as i64, 0)
                        .single()
                        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}
