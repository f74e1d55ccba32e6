use leptos::prelude::*;
use leptos_fluent::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="center-page">
            <div class="card narrow">
                <h1>{move || tr!("not-found-title")}</h1>
                <p>{move || tr!("not-found-text")}</p>
                <a class="btn primary" href="/requests">{move || tr!("nav-requests")}</a>
            </div>
        </main>
    }
}
