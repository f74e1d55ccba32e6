//! Live updates in the browser: one `EventSource` on `/api/stream` per signed-in page (the
//! browser reconnects by itself and sends `Last-Event-ID`, so nothing is missed). The first
//! connection asks for the changes since the page was rendered on the server (`<body
//! data-stream-from>`), so nothing made before the stream connected is missed either. Pages
//! read [`Live`] and refetch what a change touches; bursts are coalesced into one refetch.

use leptos::prelude::*;
use serde::Deserialize;

/// A change of one request, as `/api/stream` sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LiveChange {
    pub request_id: i64,
    pub kind: String,
    pub status_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

/// The stream position when the server began rendering this page (provided per request).
#[derive(Debug, Clone, Copy)]
pub struct StreamFrom(pub i64);

/// `<body data-stream-from>`: the position a page rendered now asks its stream to replay from.
pub fn stream_from() -> Option<String> {
    use_context::<StreamFrom>().map(|f| f.0.to_string())
}

/// Counters that move when something changed: resources put them in their source.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    /// Bumped once per burst of request changes (after a short quiet period).
    pub requests: ReadSignal<u64>,
    /// The requests changed in the last burst.
    pub touched: ReadSignal<Vec<i64>>,
    /// Bumped when the bell has something new (or the stream reconnected).
    pub notices: ReadSignal<u64>,
}

impl Live {
    /// A counter that moves only when request `id()` changed (or after a `reset`).
    pub fn request(self, id: impl Fn() -> i64 + Send + Sync + 'static) -> Memo<u64> {
        Memo::new(move |prev: Option<&u64>| {
            let n = self.requests.get();
            let id = id();
            match prev {
                Some(p) if !self.touched.with(|t| t.is_empty() || t.contains(&id)) => *p,
                _ => n,
            }
        })
    }
}

/// Opens the stream (in the browser) and provides [`Live`] to the pages below.
pub fn provide_live() -> Live {
    let (requests, set_requests) = signal(0u64);
    let (touched, set_touched) = signal(Vec::<i64>::new());
    let (notices, set_notices) = signal(0u64);
    #[cfg(feature = "hydrate")]
    browser::connect(set_requests, set_touched, set_notices);
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_requests, set_touched, set_notices);
    let live = Live {
        requests,
        touched,
        notices,
    };
    provide_context(live);
    live
}

pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::LiveChange;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{EventSource, MessageEvent};

    /// Changes arriving within this window are applied as one.
    const QUIET: Duration = Duration::from_millis(150);

    pub fn connect(
        set_requests: WriteSignal<u64>,
        set_touched: WriteSignal<Vec<i64>>,
        set_notices: WriteSignal<u64>,
    ) {
        let from = document()
            .body()
            .and_then(|b| b.get_attribute("data-stream-from"))
            .and_then(|v| v.parse::<i64>().ok());
        let url = match from {
            Some(n) => format!("/api/stream?after={n}"),
            None => "/api/stream".to_string(),
        };
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let pending: Rc<RefCell<Option<Vec<i64>>>> = Rc::new(RefCell::new(None));
        let on_change = {
            let pending = pending.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let Some(data) = e.data().as_string() else {
                    return;
                };
                let Ok(change) = serde_json::from_str::<LiveChange>(&data) else {
                    return;
                };
                let mut slot = pending.borrow_mut();
                match slot.as_mut() {
                    Some(ids) => ids.push(change.request_id),
                    None => {
                        *slot = Some(vec![change.request_id]);
                        let pending = pending.clone();
                        set_timeout(
                            move || {
                                if let Some(ids) = pending.borrow_mut().take() {
                                    set_touched.set(ids);
                                    set_requests.update(|n| *n += 1);
                                }
                            },
                            QUIET,
                        );
                    }
                }
            })
        };
        let on_notice = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            set_notices.update(|n| *n += 1);
        });
        // After a reconnection the log replay brings request changes; a `reset` (too much
        // missed) refreshes everything.
        let on_reset = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            set_touched.set(vec![]);
            set_requests.update(|n| *n += 1);
            set_notices.update(|n| *n += 1);
        });
        let listen = |name: &str, f: &Closure<dyn FnMut(MessageEvent)>| {
            let _ = source.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
        };
        listen("request", &on_change);
        listen("notification", &on_notice);
        listen("reset", &on_reset);
        // The frame lives as long as the tab (signing out or switching company reloads it):
        // so do the stream and its listeners.
        on_change.forget();
        on_notice.forget();
        on_reset.forget();
    }
}
