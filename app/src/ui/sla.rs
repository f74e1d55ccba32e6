//! SLA clocks on screen. The server sends the figures at `computed_at` and the calendar of the
//! running stage; the browser adds the working time that has passed since, with the same
//! domain code, so the countdown ticks without asking the server and stops outside working
//! hours.

use crate::domain::sla::calendar::{Calendar, Compiled};
use crate::domain::sla::policy::{Near, SlaState, Target, TargetKind};
use crate::i18n::{tr_arg, tr_dyn};
use crate::model::TargetView;
use crate::ui::format::local_time;
use crate::ui::icon::{Icon, Svg};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// `2 d 3 h`, `3 h 12 m`, `45 m` in the user's language (two units at most).
pub fn duration(seconds: i64) -> String {
    let s = seconds.abs();
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    let unit = |key: &str, n: i64| tr_arg(key, "n", n);
    match (d, h, m) {
        (0, 0, m) => unit("dur-m", m),
        (0, h, 0) => unit("dur-h", h),
        (0, h, m) => format!("{} {}", unit("dur-h", h), unit("dur-m", m)),
        (d, 0, _) => unit("dur-d", d),
        (d, h, _) => format!("{} {}", unit("dur-d", d), unit("dur-h", h)),
    }
}

/// `calendar` ready for arithmetic. On the server a compiled calendar is kept for every later
/// clock with an equal calendar (its table of working spans fills once, not once per row of
/// every page); in the browser each clock compiles its own, since the zone rules it computes
/// with arrive with the signed-in user and a copy compiled before them would keep UTC.
pub fn compiled(calendar: Calendar) -> Compiled {
    #[cfg(feature = "ssr")]
    {
        use std::sync::{LazyLock, Mutex};
        /// Distinct calendars kept; more start the list over.
        const KEPT: usize = 64;
        static KEPT_CALENDARS: LazyLock<Mutex<Vec<(Calendar, Compiled)>>> =
            LazyLock::new(Mutex::default);
        let Ok(mut kept) = KEPT_CALENDARS.lock() else {
            return calendar.compile();
        };
        if let Some((_, c)) = kept.iter().find(|(k, _)| *k == calendar) {
            return c.clone();
        }
        if kept.len() >= KEPT {
            kept.clear();
        }
        let c = calendar.compile();
        kept.push((calendar, c.clone()));
        c
    }
    #[cfg(not(feature = "ssr"))]
    calendar.compile()
}

/// The current time, refreshed every `period` in the browser; on the server it stays at
/// `start` so the first render matches the hydrated one.
pub fn use_now(start: DateTime<Utc>, period: std::time::Duration) -> ReadSignal<DateTime<Utc>> {
    let (now, set_now) = signal(start);
    Effect::new(move |_| {
        set_now.set(Utc::now());
        if let Ok(handle) = set_interval_with_handle(move || set_now.set(Utc::now()), period) {
            on_cleanup(move || handle.clear());
        }
    });
    now
}

/// A target's figures at `now`: used working time, state, and whether the clock is stopped by
/// the calendar right now (with the instant it resumes).
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub used: i64,
    pub state: SlaState,
    pub off_hours_until: Option<Option<DateTime<Utc>>>,
}

pub fn live(
    t: &TargetView,
    computed_at: DateTime<Utc>,
    near: &Near,
    cal: Option<&Compiled>,
    now: DateTime<Utc>,
) -> Live {
    match (t.running, cal) {
        (true, Some(cal)) => {
            let used = t.used_seconds + cal.working_seconds(computed_at, now.max(computed_at));
            let off = (!cal.is_working(now)).then(|| cal.next_working(now));
            Live {
                used,
                state: Target::state_of(used, t.limit_seconds, near),
                off_hours_until: off,
            }
        }
        _ => Live {
            used: t.used_seconds,
            state: t.state,
            off_hours_until: None,
        },
    }
}

/// What a target is called on screen.
pub fn target_label(t: &TargetView) -> String {
    match t.kind {
        TargetKind::Reaction => tr_dyn("sla-kind-reaction"),
        TargetKind::Stage => tr_arg("sla-kind-stage", "name", t.label.clone()),
        TargetKind::Cycle => tr_arg("sla-kind-cycle", "name", t.label.clone()),
    }
}

/// The working calendars of a page's SLA clocks, by the stage whose calendar a running clock
/// follows (`TargetView::clock_stage_id`).
#[derive(Debug, Clone)]
pub struct Calendars(std::sync::Arc<Vec<(i64, Calendar)>>);

/// Gives the SLA clocks in `children` their calendars: a page sends each calendar once, not
/// once per clock.
#[component]
pub fn WithCalendars(calendars: Vec<(i64, Calendar)>, children: Children) -> impl IntoView {
    // In islands mode, outside an island, the clocks are islands of their own: they find the
    // calendars in the browser through an island around them. Inside an island (Leptos marks
    // its rendering as hydrating, and renders the islands within as plain components) that
    // island would make `children` the server's, never hydrated.
    #[cfg(feature = "islands")]
    if !use_context::<leptos::reactive::owner::IsHydrating>().is_some_and(|h| h.0) {
        return view! { <CalendarsIsland calendars=calendars>{children()}</CalendarsIsland> }
            .into_any();
    }
    provide_context(Calendars(std::sync::Arc::new(calendars)));
    children().into_any()
}

/// In islands mode the clocks are islands: the calendars reach them in the browser from this
/// island around them.
#[cfg(feature = "islands")]
#[island(lazy)]
fn CalendarsIsland(calendars: Vec<(i64, Calendar)>, children: Children) -> impl IntoView {
    provide_context(Calendars(std::sync::Arc::new(calendars)));
    children()
}

/// The calendar of the stage `stage` from [`WithCalendars`] above.
fn calendar_of(stage: Option<i64>) -> Option<Calendar> {
    let stage = stage?;
    use_context::<Calendars>()?
        .0
        .iter()
        .find(|(id, _)| *id == stage)
        .map(|(_, c)| c.clone())
}

/// A live SLA badge: remaining time (or how far over), coloured by state, with a pause mark
/// outside working hours. The calendar of the running stage comes from [`WithCalendars`].
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn SlaClock(
    target: TargetView,
    computed_at: DateTime<Utc>,
    near: Near,
    /// Show what the target measures in front of the time.
    #[prop(optional)]
    labelled: Option<bool>,
) -> impl IntoView {
    let labelled = labelled.unwrap_or(false);
    let compiled = calendar_of(target.clock_stage_id).map(compiled);
    let now = use_now(computed_at, std::time::Duration::from_secs(20));
    let label = labelled.then(|| target_label(&target));
    let t = target.clone();
    let figures = Memo::new(move |_| live(&t, computed_at, &near, compiled.as_ref(), now.get()));
    let text = {
        let t = target.clone();
        move || {
            let l = figures.get();
            let left = t.limit_seconds - l.used;
            if !t.running {
                if t.finished {
                    tr_arg("sla-took", "time", duration(l.used))
                } else {
                    tr_arg("sla-paused", "time", duration(left.max(0)))
                }
            } else if left > 0 {
                tr_arg("sla-left", "time", duration(left))
            } else {
                tr_arg("sla-over", "time", duration(-left))
            }
        }
    };
    let off = move || {
        figures.get().off_hours_until.map(|until| {
            let title = match until {
                Some(at) => tr_arg("sla-resumes", "at", local_time(at)),
                None => tr_dyn("sla-no-hours"),
            };
            view! {
                <span class="off-hours" role="img" title=title.clone() aria-label=title>
                    <Svg icon=Icon::Pause />
                </span>
            }
        })
    };
    let title = target
        .deadline
        .map(|d| tr_arg("sla-deadline", "at", local_time(d)));
    let el = NodeRef::new();
    crate::ui::islands::dispose_when_detached(el);
    view! {
        <span
            node_ref=el
            class=move || format!("sla {}", figures.get().state.as_str())
            class:stopped=!target.running
            title=title
            data-state=move || figures.get().state.as_str()
        >
            {label.map(|l| view! { <span class="sla-label">{l}</span> })}
            <span class="sla-time">{text}</span>
            {off}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::calendar::Preset;

    fn t(used: i64, running: bool) -> TargetView {
        TargetView {
            kind: TargetKind::Stage,
            label: "В работе".into(),
            limit_seconds: 4 * 3600,
            used_seconds: used,
            state: SlaState::Ok,
            deadline: None,
            running,
            finished: false,
            clock_stage_id: Some(1),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn the_browser_clock_adds_working_time_only() {
        let cal = Preset::MonFri9to18.calendar("Asia/Tashkent").compile();
        let near = Near::default();
        // Computed Friday 17:00 local with 3 h used; now Monday 09:30 local: +1 h +30 m.
        let l = live(
            &t(3 * 3600, true),
            at("2026-03-06T12:00:00Z"),
            &near,
            Some(&cal),
            at("2026-03-09T04:30:00Z"),
        );
        assert_eq!(l.used, 3 * 3600 + 5400);
        assert_eq!(l.state, SlaState::Over);
        assert_eq!(l.off_hours_until, None, "working now");
        // Saturday: the clock is stopped and says when it resumes.
        let l = live(
            &t(3 * 3600, true),
            at("2026-03-06T12:00:00Z"),
            &near,
            Some(&cal),
            at("2026-03-07T06:00:00Z"),
        );
        assert_eq!(l.used, 4 * 3600);
        assert_eq!(l.off_hours_until, Some(Some(at("2026-03-09T04:00:00Z"))));
    }

    #[test]
    fn clocks_with_equal_calendars_share_one_compiled_calendar() {
        let weekdays = Preset::MonFri9to18.calendar("Asia/Tashkent");
        let weekdays_kyiv = Preset::MonFri9to18.calendar("Europe/Kyiv");
        let saturdays = Preset::MonSat8to20.calendar("Asia/Tashkent");
        let (from, to) = (at("2026-03-06T12:00:00Z"), at("2026-03-09T04:30:00Z"));
        for cal in [&weekdays, &weekdays_kyiv, &saturdays] {
            // Twice: the second comes from what the first kept, and must not differ from a
            // calendar compiled afresh (nor from another calendar's figures).
            for _ in 0..2 {
                let kept = compiled(cal.clone());
                let fresh = cal.compile();
                assert_eq!(
                    kept.working_seconds(from, to),
                    fresh.working_seconds(from, to),
                    "{cal:?}"
                );
                assert_eq!(kept.next_working(to), fresh.next_working(to), "{cal:?}");
            }
        }
        assert_eq!(compiled(weekdays.clone()).working_seconds(from, to), 5400);
        assert_eq!(
            compiled(weekdays_kyiv).working_seconds(from, to),
            4 * 3600,
            "Friday 14:00-18:00 in Kyiv; Monday 06:30 is before the day starts"
        );
        assert_eq!(
            compiled(saturdays).working_seconds(from, to),
            (3 + 12) * 3600 + 5400,
            "Friday 17:00-20:00 + Saturday 08:00-20:00 + Monday 08:00-09:30 (Tashkent)"
        );
    }

    #[test]
    fn a_stopped_clock_keeps_the_server_figures() {
        let l = live(
            &t(3600, false),
            at("2026-03-06T12:00:00Z"),
            &Near::default(),
            None,
            at("2026-03-09T12:00:00Z"),
        );
        assert_eq!(l.used, 3600);
        assert_eq!(l.state, SlaState::Ok);
    }
}
