//! `GET /reports/sla.xlsx?<dashboard filter>`: the SLA report of a period as an Excel
//! workbook — one row per request and target, and the staff table — for a signed-in user
//! (session cookie) whose role may see the SLA dashboard. Headers in the user's language.

use crate::middleware::cookie_value;
use crate::router::ServerState;
use app::domain::sla::policy::{SlaState, TargetKind};
use app::domain::time;
use app::model::{DashboardFilter, StaffRow, TargetView};
use app::server::auth::Actor;
use app::server::services::sla::dashboard::{self, SlaReport};
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../app/locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Translations for one language.
struct Tr(LanguageIdentifier);

impl Tr {
    /// The `lang` cookie, else the first of en / ru / uk in `Accept-Language`, else English.
    fn from_headers(headers: &HeaderMap) -> Self {
        let supported = ["en", "ru", "uk"];
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(',')
            .map(|p| p.split(';').next().unwrap_or("").trim().to_lowercase())
            .find_map(|p| supported.into_iter().find(|s| p.starts_with(s)));
        let code = cookie_value(headers, "lang")
            .filter(|c| supported.contains(&c.as_str()))
            .or(accept.map(String::from))
            .unwrap_or_else(|| "en".into());
        Tr(code.parse().unwrap_or_default())
    }

    fn get(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }

    fn with(&self, key: &str, name: &'static str, value: String) -> String {
        let args = HashMap::from([(Cow::Borrowed(name), FluentValue::from(value))]);
        LOCALES.lookup_with_args(&self.0, key, &args)
    }

    fn target(&self, t: &TargetView) -> String {
        match t.kind {
            TargetKind::Reaction => self.get("sla-kind-reaction"),
            TargetKind::Stage => self.with("sla-kind-stage", "name", t.label.clone()),
            TargetKind::Cycle => self.with("sla-kind-cycle", "name", t.label.clone()),
        }
    }

    fn state(&self, s: SlaState) -> String {
        self.get(&format!("xlsx-state-{}", s.as_str()))
    }
}

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
    let report = match dashboard::report(&state.app.db, &actor, &filter, Utc::now()).await {
        Ok(r) => r,
        Err(e) => {
            return StatusCode::from_u16(e.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
    };
    let tr = Tr::from_headers(&headers);
    let file = format!("sla-{}-{}.xlsx", report.from, report.to);
    // Compressing a large workbook takes a while: off the async workers.
    match tokio::task::spawn_blocking(move || workbook(&report, &tr)).await {
        Ok(Ok(bytes)) => {
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "writing the SLA workbook failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the SLA workbook task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Cell formats shared by both sheets.
struct Formats {
    header: Format,
    date: Format,
    duration: Format,
    percent: Format,
    over: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE8EEFE))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            duration: Format::new().set_num_format("[h]:mm"),
            percent: Format::new().set_num_format("0%"),
            over: Format::new().set_font_color(Color::RGB(0xC4320A)),
        }
    }
}

/// Writes the header row with column widths and freezes it.
fn header(ws: &mut Worksheet, f: &Formats, columns: &[(String, f64)]) -> Result<(), XlsxError> {
    for (i, (title, width)) in columns.iter().enumerate() {
        let col = i as u16;
        ws.set_column_width(col, *width)?;
        ws.write_string_with_format(0, col, title, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A UTC instant as an Excel date-time in the company's timezone.
fn local(at: DateTime<Utc>, tz: Tz) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_timestamp(at.with_timezone(&tz).naive_local().and_utc().timestamp())
}

/// Seconds as a fraction of a day, which `[h]:mm` shows as hours and minutes.
fn days(seconds: i64) -> f64 {
    seconds as f64 / 86_400.0
}

fn workbook(r: &SlaReport, tr: &Tr) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
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
    wb.save_to_buffer()
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
