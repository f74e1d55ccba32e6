//! The SLA report as a workbook: refused without a session, the right type, headers in the
//! user's language, rows that match the dashboard.

use super::common::TestApp;
pub use super::common::sheet;
use super::{DEMO_PERIOD, dashboard};
use calamine::{Reader, Xlsx, open_workbook_from_rs};

#[tokio::test]
async fn the_report_downloads_as_a_workbook() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .get(app.url("/reports/sla.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "no session, no report");

    let c = app.login("executive@demo.local", "demo").await;
    let (_, d) = dashboard(&app, &c, DEMO_PERIOD).await;
    let res = c
        .get(app.url(&format!("/reports/sla.xlsx?{DEMO_PERIOD}")))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("sla-2026-05-01-2026-11-21.xlsx"),
        "{disposition}"
    );
    let bytes = res.bytes().await.unwrap();
    let book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["SLA", "Staff"]);
    let rows = sheet(&bytes, "SLA");
    assert_eq!(
        rows[0],
        [
            "No.", "Request", "Category", "Assignee", "Created", "Target", "Limit", "Used",
            "State", "Deadline"
        ]
    );
    // Every request of the period has at least its reaction and «Новые» targets.
    let requests = d["requests"].as_u64().unwrap() as usize;
    assert!(
        rows.len() > 2 * requests,
        "{} rows for {requests} requests",
        rows.len()
    );
    let over = rows[1..]
        .iter()
        .filter(|r| r[8] == "Over the limit")
        .count() as u64;
    assert!(
        over >= d["breached_targets"].as_u64().unwrap(),
        "computed a moment later"
    );
    let staff = sheet(&bytes, "Staff");
    assert_eq!(staff.len(), d["staff"].as_array().unwrap().len() + 1);
    assert_eq!(staff[0][0], "Executor");

    // In the user's language.
    let ru = app.login("manager@demo.local", "demo").await;
    let res = ru
        .get(app.url("/reports/sla.xlsx"))
        .header("accept-language", "ru-RU,ru;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    let bytes = res.bytes().await.unwrap();
    assert_eq!(sheet(&bytes, "SLA")[0][1], "Заявка");
    assert_eq!(sheet(&bytes, "Сотрудники")[0][0], "Исполнитель");
}
