//! `GET /reports/sla.xlsx?<dashboard filter>`: the SLA report of a period as an Excel
//! workbook — one row per request and target, and the staff table — for a signed-in user
//! (session cookie) whose role may see the SLA dashboard. Headers in the user's language.

use super::xlsx::{self, Formats, Tr, days, header, local};
use crate::router::ServerState;
use app::domain::sla::policy::SlaState;
use app::domain::time;
use app::model::{DashboardFilter, StaffRow};
use app::server::auth::Actor;
use app::server::services::sla::dashboard::{self, SlaReport};
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rust_xlsxwriter::{Workbook, XlsxError};

pub async fn sla_xlsx(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(Extension(actor)) = actor else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let filter = DashboardFilter::from_query(query.as_deref().unwrap_or(""));
    let report = match dashboard::report(
        &state.app.db,
        &state.app.settled,
        &actor,
        &filter,
        Utc::now(),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => {
            return StatusCode::from_u16(e.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
    };
    let tr = Tr::from_headers(&headers);
    let file = format!("sla-{}-{}.xlsx", report.from, report.to);
    xlsx::attachment(file, move || workbook(&report, &tr)).await
}

fn workbook(r: &SlaReport, tr: &Tr) -> Result<Workbook, XlsxError> {
    let f = Formats::default();
    let tz = time::tz(&r.timezone);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("SLA")?;
    let columns: Vec<(String, f64)> = [
        ("xlsx-col-number", 10.0),
        ("xlsx-col-title", 42.0),
        ("xlsx-col-category", 20.0),
        ("xlsx-col-assignee", 24.0),
        ("xlsx-col-created", 17.0),
        ("xlsx-col-target", 26.0),
        ("xlsx-col-limit", 9.0),
        ("xlsx-col-used", 9.0),
        ("xlsx-col-state", 16.0),
        ("xlsx-col-deadline", 17.0),
    ]
    .into_iter()
    .map(|(k, w)| (tr.get(k), w))
    .collect();
    header(ws, &f, &columns)?;
    for (i, line) in r.lines.iter().enumerate() {
        let row = i as u32 + 1;
        let t = &line.target;
        ws.write_string(row, 0, &line.number)?;
        ws.write_string(row, 1, &line.title)?;
        ws.write_string(row, 2, line.category.as_deref().unwrap_or(""))?;
        ws.write_string(row, 3, line.assignee.as_deref().unwrap_or(""))?;
        ws.write_datetime_with_format(row, 4, local(line.created_at, tz)?, &f.date)?;
        ws.write_string(row, 5, tr.target(t))?;
        ws.write_number_with_format(row, 6, days(t.limit_seconds), &f.duration)?;
        ws.write_number_with_format(row, 7, days(t.used_seconds), &f.duration)?;
        if t.state == SlaState::Over {
            ws.write_string_with_format(row, 8, tr.state(t.state), &f.over)?;
        } else {
            ws.write_string(row, 8, tr.state(t.state))?;
        }
        // The running clock's deadline, or when a finished target went over.
        if let Some(at) = t.deadline.or(line.breached_at) {
            ws.write_datetime_with_format(row, 9, local(at, tz)?, &f.date)?;
        }
    }
    ws.autofilter(0, 0, r.lines.len() as u32, columns.len() as u16 - 1)?;
    staff_sheet(&mut wb, &f, &r.staff, tr)?;
    Ok(wb)
}

fn staff_sheet(
    wb: &mut Workbook,
    f: &Formats,
    staff: &[StaffRow],
    tr: &Tr,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(tr.get("xlsx-sheet-staff"))?;
    let columns: Vec<(String, f64)> = [
        ("dash-staff-name", 28.0),
        ("xlsx-col-team", 20.0),
        ("dash-staff-assigned", 12.0),
        ("dash-staff-breached", 14.0),
        ("dash-staff-violation", 16.0),
        ("dash-staff-on-time", 12.0),
        ("dash-staff-reaction", 14.0),
        ("dash-staff-resolution", 14.0),
    ]
    .into_iter()
    .map(|(k, w)| (tr.get(k), w))
    .collect();
    header(ws, f, &columns)?;
    for (i, s) in staff.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &s.name)?;
        ws.write_string(row, 1, s.team.as_deref().unwrap_or(""))?;
        ws.write_number(row, 2, s.assigned)?;
        ws.write_number(row, 3, s.breached)?;
        ws.write_number_with_format(row, 4, s.violation_rate(), &f.percent)?;
        if let Some(share) = s.on_time_share() {
            ws.write_number_with_format(row, 5, share, &f.percent)?;
        }
        if let Some(v) = s.reaction_seconds {
            ws.write_number_with_format(row, 6, days(v), &f.duration)?;
        }
        if let Some(v) = s.resolution_seconds {
            ws.write_number_with_format(row, 7, days(v), &f.duration)?;
        }
    }
    ws.autofilter(0, 0, staff.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}
