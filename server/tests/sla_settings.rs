//! The SLA settings page's operations through the real router: the working-hours form
//! (windows, exceptions, presets), the .ics import, the SLA grid and cycles, and who may use them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::requests::GetRequestSla;
use app::api::sla::{GetSlaSettings, SaveCalendar, SavePolicy};
use common::{TestApp, code};
use serde_json::Value;

async fn stage_id(app: &TestApp, name: &str) -> i64 {
    use app::server::entities::stage;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let company = app.company("demo").await;
    stage::Entity::find()
        .filter(stage::Column::CompanyId.eq(company))
        .filter(stage::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn settings(app: &TestApp, c: &reqwest::Client, scope: i64) -> Value {
    let (status, s) = app
        .call::<GetSlaSettings>(c, &[("scope", &scope.to_string())])
        .await;
    assert_eq!(status, 200, "{s}");
    s
}

#[tokio::test]
async fn the_working_hours_form_saves_windows_exceptions_and_presets() {
    let app = TestApp::spawn().await;
    let c = app.login("manager@demo.local", "demo").await;
    let work = stage_id(&app, "В работе").await;
    let scope = work.to_string();
    let before = settings(&app, &c, work).await;
    assert_eq!(
        before["calendar_source"], "stage",
        "the demo gives field work its own hours"
    );

    let (status, body) = app
        .call::<SaveCalendar>(
            &c,
            &[
                ("scope", &scope),
                ("form[timezone]", "Asia/Tashkent"),
                ("form[mon_0_from]", "08:00"),
                ("form[mon_0_to]", "12:00"),
                ("form[mon_1_from]", "13:00"),
                ("form[mon_1_to]", "17:00"),
                ("form[ex_0_date]", "2026-12-31"),
                ("form[ex_0_name]", "Предпраздничный"),
                ("form[ex_0_from]", "09:00"),
                ("form[ex_0_to]", "13:00"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let after = settings(&app, &c, work).await;
    assert_eq!(
        after["calendar"]["week"]["mon"],
        serde_json::json!([["08:00", "12:00"], ["13:00", "17:00"]])
    );
    assert_eq!(after["calendar"]["week"]["tue"], serde_json::json!([]));
    assert_eq!(
        after["calendar"]["exceptions"][0]["windows"],
        serde_json::json!([["09:00", "13:00"]])
    );

    // Bad input: every problem named, nothing saved.
    let (status, err) = app
        .call::<SaveCalendar>(
            &c,
            &[
                ("scope", &scope),
                ("form[timezone]", "Mars/Base"),
                ("form[tue_0_from]", "18:00"),
                ("form[tue_0_to]", "09:00"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["tue_0_to", "timezone"]);
    assert_eq!(
        settings(&app, &c, work).await["calendar"],
        after["calendar"]
    );

    // A preset replaces the week and keeps the timezone and exceptions.
    let (status, _) = app
        .call::<SaveCalendar>(&c, &[("scope", &scope), ("preset", "mon_sat_8_20")])
        .await;
    assert_eq!(status, 200);
    let preset = settings(&app, &c, work).await;
    assert_eq!(
        preset["calendar"]["week"]["sat"],
        serde_json::json!([["08:00", "20:00"]])
    );
    assert_eq!(preset["calendar"]["week"]["sun"], serde_json::json!([]));
    assert_eq!(preset["calendar"]["timezone"], "Asia/Tashkent");
    assert_eq!(
        preset["calendar"]["exceptions"],
        after["calendar"]["exceptions"]
    );
}

#[tokio::test]
async fn holidays_import_from_an_ics_file() {
    let app = TestApp::spawn().await;
    let c = app.login("manager@demo.local", "demo").await;
    let work = stage_id(&app, "В работе").await;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270103\r\nSUMMARY:Новый год\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let upload = |bytes: &'static str, name: &'static str| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes.as_bytes().to_vec()).file_name(name),
        );
        c.post(app.url(&format!("/settings/sla/ics?pipeline=0&scope={work}")))
            .multipart(form)
            .send()
    };
    let res = upload(ics, "holidays.ics").await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("imported=2")
    );
    let s = settings(&app, &c, work).await;
    let dates: Vec<&str> = s["calendar"]["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.contains(&"2027-01-01") && dates.contains(&"2027-01-02"));
    let res = upload(ics, "holidays.ics").await.unwrap();
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("imported=0"),
        "importing twice adds nothing"
    );
    let res = upload("not a calendar", "x.ics").await.unwrap();
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("ics_error=ics_invalid")
    );

    let viewer = app.login("viewer@demo.local", "demo").await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(ics.as_bytes().to_vec()).file_name("h.ics"),
    );
    let res = viewer
        .post(app.url(&format!("/settings/sla/ics?scope={work}")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("ics_error=forbidden")
    );
}

#[tokio::test]
async fn the_sla_grid_and_cycles_are_saved_and_change_the_figures() {
    let app = TestApp::spawn().await;
    let c = app.login("manager@demo.local", "demo").await;
    let s = settings(&app, &c, 0).await;
    let pipeline = s["pipeline_id"].as_i64().unwrap().to_string();
    let new = stage_id(&app, "Новые").await;
    let work = stage_id(&app, "В работе").await;
    let done = app.status_id("demo", "Выполнена").await;

    let request = app.any_request("demo").await;
    let (_, sla_before) = app
        .call::<GetRequestSla>(&c, &[("id", &request.id.to_string())])
        .await;

    let (status, body) = app
        .call::<SavePolicy>(
            &c,
            &[
                ("pipeline_id", &pipeline),
                (&format!("form[stage_{new}_normal]"), "01:00"),
                (&format!("form[stage_{work}_normal]"), "100:00"),
                (&format!("form[stage_{work}_urgent]"), "10:00"),
                ("form[reaction_normal]", "00:45"),
                ("form[near_share]", "75"),
                ("form[cycle_0_name]", "До выполнения"),
                ("form[cycle_0_start]", &format!("stage:{new}")),
                ("form[cycle_0_end]", &format!("status:{done}")),
                ("form[cycle_0_normal]", "48:00"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let saved = settings(&app, &c, 0).await["policy"].clone();
    assert_eq!(saved["stages"][work.to_string()]["normal"], "100:00");
    assert_eq!(saved["cycles"][0]["name"], "До выполнения");
    assert_eq!(saved["near"]["share"], 0.75);
    assert_eq!(saved["auto_escalation"], false, "unchecked box");

    let (_, sla_after) = app
        .call::<GetRequestSla>(&c, &[("id", &request.id.to_string())])
        .await;
    assert_ne!(
        sla_before["targets"], sla_after["targets"],
        "figures follow the new limits"
    );
    assert!(
        sla_after["targets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["label"] == "До выполнения")
    );

    let (status, err) = app
        .call::<SavePolicy>(
            &c,
            &[
                ("pipeline_id", &pipeline),
                (&format!("form[stage_{new}_normal]"), "1 hour"),
                ("form[cycle_0_name]", "x"),
                ("form[cycle_0_normal]", "01:00"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let mut fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "cycle_0_end",
            "cycle_0_start",
            &format!("stage_{new}_normal")
        ]
    );
}

#[tokio::test]
async fn only_managers_and_admins_change_sla_settings() {
    let app = TestApp::spawn().await;
    for email in [
        "dispatcher@demo.local",
        "executor@demo.local",
        "viewer@demo.local",
    ] {
        let c = app.login(email, "demo").await;
        let (_, err) = app.call::<GetSlaSettings>(&c, &[]).await;
        assert_eq!(code(&err), "forbidden", "{email}: {err}");
        let (_, err) = app
            .call::<SaveCalendar>(&c, &[("preset", "always_on")])
            .await;
        assert_eq!(code(&err), "forbidden", "{email}");
    }
    let shop = app.login("shop@demo.local", "demo").await;
    let work = stage_id(&app, "В работе").await;
    let (status, err) = app
        .call::<SaveCalendar>(
            &shop,
            &[("scope", &work.to_string()), ("preset", "always_on")],
        )
        .await;
    assert_eq!(
        (status.as_u16(), code(&err)),
        (404, "not_found"),
        "another company's stage"
    );
}

#[tokio::test]
async fn every_page_gets_the_zones_of_the_company_and_of_its_calendars() {
    use app::api::auth::GetMe;
    let app = TestApp::spawn().await;
    let c = app.login("manager@demo.local", "demo").await;
    let zones = |me: &Value| -> Vec<String> {
        me["zones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|z| z["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (status, me) = app.call::<GetMe>(&c, &[]).await;
    assert_eq!(status, 200, "{me}");
    let before = zones(&me);
    assert!(
        before.contains(&me["company"]["timezone"].as_str().unwrap().to_string()),
        "{before:?}"
    );
    assert!(!before.contains(&"Europe/Kyiv".to_string()), "{before:?}");

    // A calendar saved in another zone: the next page has that zone too (the kept copy of the
    // company's reference data is replaced when the calendar changes).
    let work = stage_id(&app, "В работе").await;
    let (status, body) = app
        .call::<SaveCalendar>(
            &c,
            &[
                ("scope", &work.to_string()),
                ("form[timezone]", "Europe/Kyiv"),
                ("form[mon_0_from]", "08:00"),
                ("form[mon_0_to]", "17:00"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = app.call::<GetMe>(&c, &[]).await;
    let after = zones(&me);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let kyiv = me["zones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|z| z["name"] == "Europe/Kyiv")
        .unwrap();
    assert!(
        kyiv["transitions"].as_array().unwrap().len() > 100,
        "summer and winter offsets from 1990 to 2060: {kyiv}"
    );
}
