//! Showing times in the company's timezone and the user's language.

use crate::domain::time;
use crate::i18n::lang;
use crate::model::Me;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The signed-in user, provided by the layout once `get_me` has answered.
pub fn use_me() -> Option<Me> {
    use_context::<Me>()
}

/// `21.11.2026 14:05` in the company's timezone.
pub fn local_time(at: DateTime<Utc>) -> String {
    // Only the zone's name is copied: `Me` carries the zone tables, and a list page shows many
    // times.
    let zone = with_context::<Me, _>(|m| m.company.timezone.clone());
    time::format_local(at, zone.as_deref().unwrap_or("UTC"), lang())
}

/// A `<time>` element with the machine-readable instant and the local rendering.
#[component]
pub fn Time(at: DateTime<Utc>) -> impl IntoView {
    view! { <time datetime=at.to_rfc3339()>{local_time(at)}</time> }
}

/// File sizes as people read them.
pub fn file_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}
