//! Status, priority and urgency badges.

use crate::i18n::tr_dyn;
use crate::model::{Priority, StatusRef};
use leptos::prelude::*;

/// A status with its colour dot; closing statuses are muted.
#[component]
pub fn StatusBadge(status: StatusRef) -> impl IntoView {
    let style = format!("--dot: {}", sanitize_color(&status.color));
    view! {
        <span class="badge status" class:closing=status.is_closing style=style title=status.stage_name>
            <span class="dot"></span>
            {status.name}
        </span>
    }
}

#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let class = format!("badge priority {}", priority.as_str());
    view! { <span class=class>{tr_dyn(&format!("priority-{}", priority.as_str()))}</span> }
}

#[component]
pub fn UrgentBadge() -> impl IntoView {
    view! { <span class="badge urgent">{move || leptos_fluent::tr!("urgent")}</span> }
}

/// Only `#rgb` / `#rrggbb` colours reach a style attribute.
pub fn sanitize_color(c: &str) -> String {
    let ok = c.starts_with('#')
        && matches!(c.len(), 4 | 7)
        && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        c.to_string()
    } else {
        "#8a8f98".to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_hex_colours_pass() {
        assert_eq!(super::sanitize_color("#1a2b3c"), "#1a2b3c");
        assert_eq!(super::sanitize_color("red;background:url(x)"), "#8a8f98");
    }
}
