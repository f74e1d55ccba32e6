//! The browser entry point. Built with the `islands` feature (the Makefile's default build), it
//! hydrates only the page's islands (`#[island]` components): the rest of the page stays as the
//! server rendered it. Without it (`FULL_HYDRATION=1`) it hydrates the whole server-rendered
//! page; pages are then lazily loaded routes (see `app::pages::lazy`), so hydration waits for
//! the current page's chunk first.

// In islands mode nothing here names the app, yet its islands' hydration functions must be
// linked into the module.
#[cfg(feature = "islands")]
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "islands")]
    {
        // Leptos's island script calls this, then hydrates each `<leptos-island>` in turn;
        // the last, `HydratedMark`, marks the page interactive.
        leptos::mount::hydrate_islands();
    }
    #[cfg(not(feature = "islands"))]
    wasm_bindgen_futures::spawn_local(async move {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // End-to-end tests wait for `body[data-hydrated]` before they click.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
