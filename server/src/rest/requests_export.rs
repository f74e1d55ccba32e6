//! `GET /requests.xlsx?<list filter>`: the requests the list's filter selects, in its order, as
//! an Excel workbook — one row per request with the list's columns (and the fields its cells
//! fold together), dates in the company's timezone, headers in the user's language, widths
//! set, the header frozen, autofilter on. Rows come from the database in batches through a
//! bounded channel into rust_xlsxwriter's low-memory worksheet (rows go to a temporary file as
//! they are written; texts to the workbook's shared strings, so the many repeated names are
//! stored once: a fifth smaller file and less to compress), so 100,000 rows stay small in
//! memory. Executors get only their own requests, like on the list.

use super::xlsx::{self, Formats, Tr, local};
use crate::router::ServerState;
use app::domain::sla::policy::{SlaState, TargetKind};
use app::domain::time;
use app::model::{Channel, Priority, RequestFilter, RequestRow, TargetView};
use app::server::auth::Actor;
use app::server::services::requests::export;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Batches in flight between the database and the writer.
const IN_FLIGHT: usize = 2;

pub async fn requests_xlsx(
    State(state): State<ServerState>,
    actor: Option<Extension<Actor>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(Extension(actor)) = actor else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let filter = RequestFilter::from_query(query.as_deref().unwrap_or(""));
    let db = state.app.db.clone();
    let settled = state.app.settled.clone();
    let reference = match state.app.reference.get(&db, actor.company_id).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "reading the company for an export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tz = time::tz(&reference.timezone);
    let tr = Tr::from_headers(&headers);
    let (tx, rx) = mpsc::channel::<Vec<RequestRow>>(IN_FLIGHT);
    let writer = xlsx::attachment(
        format!("requests-{}.xlsx", chrono::Utc::now().format("%Y-%m-%d")),
        move || workbook(rx, &tr, tz),
    );
    let reader = async move {
        let sent = export::batches(&db, &reference, &settled, &actor, &filter, |rows| {
            let tx = tx.clone();
            async move { tx.send(rows).await.is_ok() }
        })
        .await;
        // Dropping the sender ends the writer's loop.
        drop(tx);
        sent
    };
    let (response, sent) = tokio::join!(writer, reader);
    match sent {
        Ok(_) => response,
        Err(e) => {
            tracing::error!(error = %e, "reading requests for an export failed");
            StatusCode::from_u16(e.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response()
        }
    }
}

/// The list's columns: translation key and width.
const COLUMNS: &[(&str, f64)] = &[
    ("col-number", 10.0),
    ("col-title", 44.0),
    ("urgent", 8.0),
    ("col-category", 20.0),
    ("col-building", 24.0),
    ("field-apartment", 10.0),
    ("field-contact_phone", 18.0),
    ("col-status", 18.0),
    ("col-stage", 16.0),
    ("col-priority", 11.0),
    ("col-assignee", 24.0),
    ("col-channel", 11.0),
    ("col-created", 17.0),
    ("xlsx-col-updated", 17.0),
    ("col-sla", 16.0),
    ("xlsx-col-target", 24.0),
    ("xlsx-col-deadline", 17.0),
];

/// The columns that hold dates (created, updated, deadline).
const DATE_COLUMNS: [u16; 3] = [12, 13, 16];

fn workbook(
    mut rx: mpsc::Receiver<Vec<RequestRow>>,
    tr: &Tr,
    tz: Tz,
) -> Result<Workbook, XlsxError> {
    let f = Formats::default();
    let mut wb = Workbook::new();
    // Level 1 compresses several times faster than the default 6, for a file about a fifth
    // larger: for 100,000 rows that is most of the time after the last row.
    wb.set_zip_compression_level(1);
    let ws = wb.add_worksheet_with_low_memory()?;
    ws.set_name(tr.get("xlsx-sheet-requests"))?;
    let columns: Vec<(String, f64)> = COLUMNS.iter().map(|(k, w)| (tr.get(k), *w)).collect();
    xlsx::header(ws, &f, &columns)?;
    for col in DATE_COLUMNS {
        ws.set_column_format(col, &f.date)?;
    }
    let (started, mut waited) = (Instant::now(), Duration::ZERO);
    let mut words = Words::new(tr);
    let mut row = 0u32;
    loop {
        let asked = Instant::now();
        let Some(batch) = rx.blocking_recv() else {
            break;
        };
        waited += asked.elapsed();
        for r in batch {
            row += 1;
            line(ws, &f, &mut words, tz, row, r)?;
        }
    }
    ws.autofilter(0, 0, row, COLUMNS.len() as u16 - 1)?;
    // `RUST_LOG=server::rest=debug` shows whether the database side or the writer is slower.
    tracing::debug!(
        rows = row,
        waiting_for_rows_ms = waited.as_millis() as u64,
        writing_rows_ms = (started.elapsed() - waited).as_millis() as u64,
        "requests workbook"
    );
    Ok(wb)
}

/// The words a sheet repeats on every row (urgent, priorities, channels, SLA states and
/// targets), translated once each rather than once per cell.
struct Words<'a> {
    tr: &'a Tr,
    urgent: String,
    priorities: Vec<(Priority, String)>,
    channels: Vec<(Channel, String)>,
    states: Vec<(SlaState, String)>,
    /// Per SLA target seen so far (a sheet has a handful): kind, label and its words.
    targets: Vec<(TargetKind, String, String)>,
}

impl<'a> Words<'a> {
    fn new(tr: &'a Tr) -> Self {
        Self {
            tr,
            urgent: tr.get("urgent"),
            priorities: [
                Priority::Low,
                Priority::Normal,
                Priority::High,
                Priority::Critical,
            ]
            .into_iter()
            .map(|p| (p, tr.get(priority_key(p))))
            .collect(),
            channels: Channel::ALL
                .into_iter()
                .map(|c| (c, tr.get(&format!("channel-{}", c.as_str()))))
                .collect(),
            states: [SlaState::Ok, SlaState::Near, SlaState::Over]
                .into_iter()
                .map(|s| (s, tr.get(state_key(s))))
                .collect(),
            targets: vec![],
        }
    }

    fn find<K: PartialEq + Copy>(words: &[(K, String)], key: K) -> &str {
        words
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, w)| w.as_str())
    }

    fn target(&mut self, t: &TargetView) -> &str {
        let at = match self
            .targets
            .iter()
            .position(|(kind, label, _)| *kind == t.kind && *label == t.label)
        {
            Some(i) => i,
            None => {
                self.targets
                    .push((t.kind, t.label.clone(), self.tr.target(t)));
                self.targets.len() - 1
            }
        };
        self.targets.get(at).map_or("", |(_, _, w)| w.as_str())
    }
}

/// Writes one request's line; empty fields stay empty cells. Date columns take their format
/// from the column (set once) rather than from each cell.
fn line(
    ws: &mut Worksheet,
    f: &Formats,
    words: &mut Words,
    tz: Tz,
    row: u32,
    r: RequestRow,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, r.number)?;
    ws.write_string(row, 1, r.title)?;
    if r.urgent {
        ws.write_string(row, 2, &words.urgent)?;
    }
    for (col, v) in [
        (3, r.category),
        (4, r.building),
        (5, r.apartment),
        (6, r.contact_phone),
    ] {
        if let Some(v) = v {
            ws.write_string(row, col, v)?;
        }
    }
    ws.write_string(row, 7, &r.status.name)?;
    ws.write_string(row, 8, &r.status.stage_name)?;
    ws.write_string(row, 9, Words::find(&words.priorities, r.priority))?;
    if let Some(v) = r.assignee {
        ws.write_string(row, 10, v)?;
    }
    ws.write_string(row, 11, Words::find(&words.channels, r.channel))?;
    ws.write_datetime(row, 12, local(r.created_at, tz)?)?;
    ws.write_datetime(row, 13, local(r.updated_at, tz)?)?;
    if let Some(b) = &r.sla {
        let t = &b.target;
        let state = Words::find(&words.states, t.state);
        match t.state {
            SlaState::Over => ws.write_string_with_format(row, 14, state, &f.over)?,
            _ => ws.write_string(row, 14, state)?,
        };
        ws.write_string(row, 15, words.target(t))?;
        if let Some(at) = t.deadline {
            ws.write_datetime(row, 16, local(at, tz)?)?;
        }
    }
    Ok(())
}

fn priority_key(p: Priority) -> &'static str {
    match p {
        Priority::Low => "priority-low",
        Priority::Normal => "priority-normal",
        Priority::High => "priority-high",
        Priority::Critical => "priority-critical",
    }
}

fn state_key(s: SlaState) -> &'static str {
    match s {
        SlaState::Ok => "xlsx-state-ok",
        SlaState::Near => "xlsx-state-near",
        SlaState::Over => "xlsx-state-over",
    }
}
