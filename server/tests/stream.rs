//! `GET /api/stream`: live request changes over Server-Sent Events — company and role scope,
//! replay after a reconnection from `Last-Event-ID`, authentication, and two server processes
//! on one database (PostgreSQL: LISTEN/NOTIFY).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, demo_now};
use futures::StreamExt;
use reqwest::Client;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::pin::Pin;
use std::time::{Duration, Instant};

type Bytes = Pin<Box<dyn futures::Stream<Item = reqwest::Result<axum::body::Bytes>> + Send>>;

/// One SSE event: name, id, data.
#[derive(Debug, Clone)]
struct Ev {
    name: String,
    id: Option<String>,
    data: String,
}

/// A client side of an event stream.
struct Sse {
    body: Bytes,
    buf: String,
}

impl Sse {
    async fn open(c: &Client, url: &str, last_event_id: Option<&str>) -> Sse {
        let mut req = c.get(url).header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200, "{url}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        Sse {
            body: Box::pin(res.bytes_stream()),
            buf: String::new(),
        }
    }

    /// The next event within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Ev> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut ev = Ev {
                    name: "message".into(),
                    id: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        ev.name = v.trim().into();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("id:") {
                        ev.id = Some(v.trim().into());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        ev.data.push_str(v.trim_start());
                        any = true;
                    }
                }
                if any {
                    return Some(ev);
                }
                continue; // a keep-alive comment
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .ok()??
                .ok()?;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    async fn hello(&mut self) -> String {
        let ev = self.next(Duration::from_secs(5)).await.expect("hello");
        assert_eq!(ev.name, "hello");
        ev.id.expect("hello has an id")
    }

    /// Request ids of the `request` events that arrive within `wait`.
    async fn requests_within(&mut self, wait: Duration) -> Vec<i64> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut out = vec![];
        while let Some(ev) = self.next(deadline - tokio::time::Instant::now()).await {
            if ev.name == "request" {
                let v: Value = serde_json::from_str(&ev.data).unwrap();
                out.push(v["request_id"].as_i64().unwrap());
            }
        }
        out
    }

    /// Waits (up to `wait`) for a `request` event about `id`.
    async fn until_request(&mut self, id: i64, wait: Duration) -> Option<Ev> {
        let deadline = tokio::time::Instant::now() + wait;
        while let Some(ev) = self
            .next(deadline.saturating_duration_since(tokio::time::Instant::now()))
            .await
        {
            if ev.name == "request" {
                let v: Value = serde_json::from_str(&ev.data).unwrap();
                if v["request_id"].as_i64() == Some(id) {
                    return Some(ev);
                }
            }
        }
        None
    }
}

fn bearer(token: &str) -> Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    Client::builder().default_headers(h).build().unwrap()
}

async fn create(base: &str, api: &Client, body: Value) -> i64 {
    let res = api
        .post(format!("{base}/api/v1/requests"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn changes_reach_the_company_and_only_what_the_role_may_see() {
    let app = TestApp::spawn().await;
    let base = app.url("");
    let api = bearer(&app.token("demo").await);
    let dispatcher = app.login("dispatcher@demo.local", "demo").await;
    let executor = app.login("executor@demo.local", "demo").await;
    let shop = app.login("shop@demo.local", "demo").await;
    let mut d = Sse::open(&dispatcher, &app.url("/api/stream"), None).await;
    let mut e = Sse::open(&executor, &app.url("/api/stream"), None).await;
    let mut s = Sse::open(&shop, &app.url("/api/stream"), None).await;
    for sse in [&mut d, &mut e, &mut s] {
        sse.hello().await;
    }
    let executor_id = app.user_id("executor@demo.local").await;
    let unassigned = create(&base, &api, json!({"title": "Течёт кран"})).await;
    let theirs = create(
        &base,
        &api,
        json!({"title": "Нет света в подъезде", "assignee_id": executor_id.to_string()}),
    )
    .await;

    let seen: BTreeSet<i64> = d
        .requests_within(Duration::from_secs(2))
        .await
        .into_iter()
        .collect();
    assert!(
        seen.contains(&unassigned) && seen.contains(&theirs),
        "dispatcher saw {seen:?}"
    );
    let seen: BTreeSet<i64> = e
        .requests_within(Duration::from_millis(1500))
        .await
        .into_iter()
        .collect();
    assert_eq!(
        seen,
        BTreeSet::from([theirs]),
        "an executor sees only requests assigned to them"
    );
    assert!(
        s.requests_within(Duration::from_millis(500))
            .await
            .is_empty(),
        "another company sees nothing"
    );
}

#[tokio::test]
async fn a_reconnecting_client_gets_what_it_missed_from_the_log() {
    let app = TestApp::spawn().await;
    let base = app.url("");
    let api = bearer(&app.token("demo").await);
    let manager = app.login("manager@demo.local", "demo").await;
    let mut first = Sse::open(&manager, &app.url("/api/stream"), None).await;
    let at = first.hello().await;
    drop(first);
    let a = create(&base, &api, json!({"title": "Пока вас не было 1"})).await;
    let b = create(&base, &api, json!({"title": "Пока вас не было 2"})).await;
    // Let the tailer pass both before reconnecting.
    tokio::time::sleep(Duration::from_millis(400)).await;

    let mut again = Sse::open(&manager, &app.url("/api/stream"), Some(&at)).await;
    let now = again.hello().await;
    assert!(now.parse::<i64>().unwrap() > at.parse::<i64>().unwrap());
    let replayed = again.requests_within(Duration::from_secs(1)).await;
    assert!(
        replayed.contains(&a) && replayed.contains(&b),
        "replayed {replayed:?}"
    );
    assert!(
        replayed.iter().position(|x| *x == a) < replayed.iter().position(|x| *x == b),
        "in log order"
    );

    // Without Last-Event-ID nothing old is sent.
    let mut fresh = Sse::open(&manager, &app.url("/api/stream"), None).await;
    fresh.hello().await;
    assert!(
        fresh
            .requests_within(Duration::from_millis(500))
            .await
            .is_empty()
    );
}

/// A page carries the stream position it was rendered at; a first connection that asks from
/// there (`?after=`, as the page's script does) is sent a change made before it connected.
#[tokio::test]
async fn a_page_stream_replays_what_changed_since_the_page_was_rendered() {
    let app = TestApp::spawn().await;
    let api = bearer(&app.token("demo").await);
    let manager = app.login("manager@demo.local", "demo").await;
    let html = app.html(&manager, "/board").await;
    let from: i64 = html
        .split("data-stream-from=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries data-stream-from")
        .parse()
        .unwrap();
    let made = create(
        &app.url(""),
        &api,
        json!({"title": "Между страницей и потоком"}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;

    let url = app.url(&format!("/api/stream?after={from}"));
    let mut s = Sse::open(&manager, &url, None).await;
    s.hello().await;
    assert!(
        s.until_request(made, Duration::from_secs(2))
            .await
            .is_some(),
        "the change made after the render is replayed"
    );

    // A position that is not a number is refused with the field named.
    let res = manager
        .get(app.url("/api/stream?after=soon"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(common::code(&body), "validation");
    assert_eq!(body["error"]["fields"][0]["field"], "after", "{body}");
}

#[tokio::test]
async fn the_stream_needs_a_session_or_a_token() {
    let app = TestApp::spawn().await;
    let res = Client::new()
        .get(app.url("/api/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(common::code(&body), "unauthorized");
    let res = bearer("upr_not-a-token")
        .get(app.url("/api/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // An integrator's token works; its stream carries its company's changes.
    let token = app.token("shop").await;
    let mut s = Sse::open(&bearer(&token), &app.url("/api/stream"), None).await;
    s.hello().await;
    let id = create(
        &app.url(""),
        &bearer(&token),
        json!({"title": "Замовлення з сайту"}),
    )
    .await;
    assert!(s.until_request(id, Duration::from_secs(2)).await.is_some());
}

/// A server process, stopped when dropped.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Two `server serve` processes on one database: a change made through one reaches a stream
/// of the other. Their poll is set to a minute, so on PostgreSQL only LISTEN/NOTIFY can bring
/// it in time; SQLite (one file) is shown with the usual poll.
#[tokio::test]
async fn a_change_through_one_process_reaches_the_streams_of_another() {
    let seed = TestApp::spawn().await;
    let url = seed.database_url.clone();
    let token = seed.token("demo").await;
    let postgres = url.starts_with("postgres");
    let mut children = vec![];
    let mut bases = vec![];
    for _ in 0..2 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", &url)
            .env("UPRAVA_FILES_DIR", seed.dir.join("files"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null());
        if postgres {
            cmd.env("UPRAVA_STREAM_POLL_MS", "60000");
        }
        children.push(Child(cmd.spawn().unwrap()));
        bases.push(format!("http://127.0.0.1:{port}"));
    }
    for base in &bases {
        let started = Instant::now();
        while Client::new()
            .get(format!("{base}/readyz"))
            .send()
            .await
            .map(|r| r.status() != 200)
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{base} did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let api = bearer(&token);
    let mut on_b = Sse::open(&api, &format!("{}/api/stream", bases[1]), None).await;
    on_b.hello().await;
    let started = Instant::now();
    let id = create(
        &bases[0],
        &api,
        json!({"title": "Из другого процесса", "created_at": demo_now()}),
    )
    .await;
    let ev = on_b.until_request(id, Duration::from_secs(5)).await;
    assert!(
        ev.is_some(),
        "process B never heard of the request made through A"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(children);
}
