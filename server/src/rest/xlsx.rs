//! What every workbook we send shares: the user's language, cell formats, a styled header
//! row, dates in the company's timezone, and the attachment response.

use crate::middleware::cookie_value;
use app::domain::sla::policy::{SlaState, TargetKind};
use app::model::TargetView;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Seek;
use tokio_util::io::ReaderStream;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../app/locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Bytes read from the saved workbook per chunk of the response.
const STREAM_CHUNK: usize = 512 * 1024;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Translations for one language.
pub struct Tr(LanguageIdentifier);

impl Tr {
    /// The `lang` cookie, else the first of en / ru / uk in `Accept-Language`, else English.
    pub fn from_headers(headers: &HeaderMap) -> Self {
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

    pub fn get(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }

    pub fn with(&self, key: &str, name: &'static str, value: String) -> String {
        let args = HashMap::from([(Cow::Borrowed(name), FluentValue::from(value))]);
        LOCALES.lookup_with_args(&self.0, key, &args)
    }

    pub fn target(&self, t: &TargetView) -> String {
        match t.kind {
            TargetKind::Reaction => self.get("sla-kind-reaction"),
            TargetKind::Stage => self.with("sla-kind-stage", "name", t.label.clone()),
            TargetKind::Cycle => self.with("sla-kind-cycle", "name", t.label.clone()),
        }
    }

    pub fn state(&self, s: SlaState) -> String {
        self.get(&format!("xlsx-state-{}", s.as_str()))
    }
}

/// Cell formats shared by both sheets.
pub struct Formats {
    pub header: Format,
    pub date: Format,
    pub duration: Format,
    pub percent: Format,
    pub over: Format,
}

impl Default for Formats {
    fn default() -> Self {
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
pub fn header(ws: &mut Worksheet, f: &Formats, columns: &[(String, f64)]) -> Result<(), XlsxError> {
    for (i, (title, width)) in columns.iter().enumerate() {
        let col = i as u16;
        ws.set_column_width(col, *width)?;
        ws.write_string_with_format(0, col, title, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A UTC instant as an Excel date-time in the company's timezone.
pub fn local(at: DateTime<Utc>, tz: Tz) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_timestamp(at.with_timezone(&tz).naive_local().and_utc().timestamp())
}

/// Seconds as a fraction of a day, which `[h]:mm` shows as hours and minutes.
pub fn days(seconds: i64) -> f64 {
    seconds as f64 / 86_400.0
}

/// Builds the workbook with `write` off the async workers, saves it to a temporary file (a
/// large one is compressed there rather than held in memory) and answers it as a download
/// named `file`, streamed from that file.
pub async fn attachment(
    file: String,
    write: impl FnOnce() -> Result<Workbook, XlsxError> + Send + 'static,
) -> Response {
    let saved = tokio::task::spawn_blocking(move || -> Result<std::fs::File, XlsxError> {
        let mut wb = write()?;
        let started = std::time::Instant::now();
        let mut out = tempfile::tempfile()?;
        wb.save_to_writer(&mut out)?;
        out.rewind()?;
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "workbook saved");
        Ok(out)
    })
    .await;
    match saved {
        Ok(Ok(out)) => {
            let len = out.metadata().map(|m| m.len()).ok();
            // Large reads: each read of a tokio file is a trip to the blocking pool, and the default
            // 4 KB chunk made a 15 MB workbook about 3,600 of them.
            let body = Body::from_stream(ReaderStream::with_capacity(
                tokio::fs::File::from_std(out),
                STREAM_CHUNK,
            ));
            let mut res = body.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX));
            if let Some(len) = len {
                h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            }
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, file, "writing a workbook failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, file, "a workbook task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
