//! Islands mode in the browser: parts of a page that follow the live stream are fetched again
//! from the server and put in place, and the islands inside them are hydrated.
//!
//! In islands mode the browser renders nothing itself: a page is the server's HTML with a few
//! islands hydrated in it. When a change arrives on the stream, [`LiveRegions`] asks the server
//! for the page again (the same URL, so the same filters and page) and replaces each of its
//! regions (elements by id) with the new one. Ticked boxes stay ticked. Islands that were in
//! the old regions are disposed ([`dispose_when_detached`]), so their timers stop.

use leptos::prelude::*;

/// Follows the live stream: each change (of `request` only, when given) brings the page's
/// `regions` (element ids) again from the server.
#[cfg(feature = "islands")]
#[island(lazy)]
pub fn LiveRegions(regions: Vec<String>, #[prop(optional)] request: Option<i64>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if let Some(live) = crate::ui::live::use_live() {
        let changed: Signal<u64> = match request {
            Some(id) => live.request(move || id).into(),
            None => live.requests.into(),
        };
        let regions = StoredValue::new(regions);
        Effect::new(move |seen: Option<u64>| {
            let now = changed.get();
            if seen.is_some_and(|s| s != now) {
                leptos::task::spawn_local(browser::refresh(regions.get_value()));
            }
            now
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (regions, request);
}

/// The window's event once every island of the page has hydrated.
pub const HYDRATED_EVENT: &str = "uprava-hydrated";

/// The last island of every page. The island script hydrates the islands one after another in
/// the page's order, waiting for each lazy one's chunk, so when this one runs every island
/// before it is interactive: it marks the body (end-to-end tests wait for that) and tells the
/// window ([`HYDRATED_EVENT`]).
#[cfg(feature = "islands")]
#[island]
pub fn HydratedMark() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
        if let Ok(event) = web_sys::Event::new(HYDRATED_EVENT) {
            let _ = window().dispatch_event(&event);
        }
    }
}

/// Disposes the island this is called in once `el` has left the page (its region was
/// replaced): its effects and timers stop.
pub fn dispose_when_detached(el: NodeRef<leptos::html::Span>) {
    #[cfg(all(feature = "islands", feature = "hydrate"))]
    if let Some(owner) = Owner::current() {
        Effect::new(move |_| {
            if let Some(el) = el.get() {
                browser::DETACHABLE.with(|d| d.borrow_mut().push((el.into(), owner.clone())));
            }
        });
    }
    #[cfg(not(all(feature = "islands", feature = "hydrate")))]
    let _ = el;
}

/// Ticks (or clears) every box `selector` finds in `root` (boxes the server rendered, which no
/// island owns).
#[cfg(all(feature = "islands", feature = "hydrate"))]
pub fn set_checked_all(root: &web_sys::Element, selector: &str, on: bool) {
    use wasm_bindgen::JsCast;
    let Ok(boxes) = root.query_selector_all(selector) else {
        return;
    };
    for i in 0..boxes.length() {
        if let Some(b) = boxes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            b.set_checked(on);
        }
    }
}

#[cfg(all(feature = "islands", feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Document, DomParser, Element, Response, SupportedType};

    thread_local! {
        /// Islands to dispose when their element has left the page.
        pub static DETACHABLE: RefCell<Vec<(Element, Owner)>> = const { RefCell::new(Vec::new()) };
        /// The latest refresh asked for: an older answer arriving later is dropped.
        static LATEST: Cell<u64> = const { Cell::new(0) };
    }

    /// Fetches this page again and puts its `regions` in place.
    pub async fn refresh(regions: Vec<String>) {
        let asked = LATEST.with(|l| {
            l.set(l.get() + 1);
            l.get()
        });
        let Ok(href) = window().location().href() else {
            return;
        };
        let Some(fresh) = fetch_page(&href).await else {
            return;
        };
        if LATEST.with(Cell::get) != asked {
            return;
        }
        let here = document();
        let mut replaced = Vec::new();
        for id in &regions {
            if let (Some(old), Some(new)) =
                (here.get_element_by_id(id), fresh.get_element_by_id(id))
            {
                keep_ticks(&old, &new);
                let _ = old.replace_with_with_node_1(&new);
                replaced.push(new);
            }
        }
        for region in &replaced {
            hydrate_islands_in(region);
        }
        sweep();
    }

    async fn fetch_page(href: &str) -> Option<Document> {
        let answer = JsFuture::from(window().fetch_with_str(href)).await.ok()?;
        let answer: Response = answer.dyn_into().ok()?;
        if !answer.ok() || answer.redirected() {
            return None;
        }
        let text = JsFuture::from(answer.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        DomParser::new()
            .ok()?
            .parse_from_string(&text, SupportedType::TextHtml)
            .ok()
    }

    /// Boxes ticked in `old` are ticked in `new` too (by name).
    fn keep_ticks(old: &Element, new: &Element) {
        let Ok(ticked) = old.query_selector_all("input[type=checkbox]:checked") else {
            return;
        };
        for i in 0..ticked.length() {
            let name = ticked
                .item(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .and_then(|e| e.get_attribute("name"));
            let Some(name) = name else { continue };
            let same = new
                .query_selector(&format!("input[type=checkbox][name=\"{name}\"]"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(same) = same {
                same.set_checked(true);
            }
        }
    }

    /// Hydrates the islands inside `region`, in document order, each as a descendant of the
    /// island around it (as Leptos's island script does for a page).
    fn hydrate_islands_in(region: &Element) {
        let hydrate = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let (Some(hydrate), Ok(islands)) = (hydrate, region.query_selector_all("leptos-island"))
        else {
            return;
        };
        for i in 0..islands.length() {
            let Some(island) = islands.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let around = island
                .parent_element()
                .and_then(|p| p.closest("leptos-children").ok().flatten());
            if let Some(around) = around {
                let on_hydrate = js_sys::Reflect::get(&around, &JsValue::from_str("$$on_hydrate"))
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                if let Some(f) = on_hydrate {
                    let _ = f.call0(&JsValue::NULL);
                }
            }
            let name = island.get_attribute("data-component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &island, &JsValue::from_str(&name));
        }
    }

    /// Disposes the islands whose element has left the page.
    fn sweep() {
        let gone = DETACHABLE.with(|d| {
            let mut d = d.borrow_mut();
            let (gone, kept): (Vec<_>, Vec<_>) =
                d.drain(..).partition(|(el, _)| !el.is_connected());
            *d = kept;
            gone
        });
        for (_, owner) in gone {
            owner.cleanup();
        }
    }
}
