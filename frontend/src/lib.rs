//! The browser entry point: hydrate the server-rendered page. Pages are lazily loaded routes
//! (see `app::pages::lazy`), so hydration waits for the current page's chunk first.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let body = leptos::prelude::document().body();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(body) = body else { return };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // End-to-end tests wait for this before they click: the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
