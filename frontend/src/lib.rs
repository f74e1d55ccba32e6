//! The browser entry point. By default it hydrates the whole server-rendered page; pages are
//! lazily loaded routes (see `app::pages::lazy`), so hydration waits for the current page's
//! chunk first. Built with the `islands` feature, it hydrates only the page's islands
//! (`#[island]` components): the rest of the page stays as the server rendered it.

// In islands mode nothing here names the app, yet its islands' hydration functions must be
// linked into the module.
#[cfg(feature = "islands")]
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let body = leptos::prelude::document().body();
    #[cfg(feature = "islands")]
    {
        // Leptos's island script calls this, then hydrates each `<leptos-island>` in turn
        // (each a microtask): the page is interactive once they have run.
        leptos::mount::hydrate_islands();
        leptos::prelude::set_timeout(
            move || mark_hydrated(body.as_ref()),
            std::time::Duration::ZERO,
        );
    }
    #[cfg(not(feature = "islands"))]
    wasm_bindgen_futures::spawn_local(async move {
        let Some(body) = body else { return };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        mark_hydrated(Some(&body));
    });
}

/// End-to-end tests wait for `body[data-hydrated]` before they click: the page is interactive.
fn mark_hydrated(body: Option<&leptos::web_sys::HtmlElement>) {
    if let Some(body) = body {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
