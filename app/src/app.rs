//! The document shell and the routes.

use crate::i18n::I18nProvider;
use crate::pages::lazy::*;
use crate::pages::not_found::NotFound;
use crate::ui::layout::Shell;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// The HTML document rendered on the server around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html data-theme=theme_from_cookie()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=cfg!(feature = "islands") />
                <MetaTags />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <meta name="theme-color" content="#2f5bea" />
                // The service worker keeps the executor's pages for use without a connection.
                <script src="/register-sw.js" defer></script>
            </head>
            <body data-stream-from=crate::ui::live::stream_from()>
                <App />
                {islands_hydrated_mark()}
            </body>
        </html>
    }
}

/// In islands mode, the island that marks the page hydrated once the islands before it are.
fn islands_hydrated_mark() -> impl IntoView {
    #[cfg(feature = "islands")]
    {
        view! { <crate::ui::islands::HydratedMark /> }
    }
}

/// `light`, `dark` or `auto` (follow the system), from the `theme` cookie.
fn theme_from_cookie() -> &'static str {
    #[cfg(feature = "ssr")]
    {
        let cookie = use_context::<http::request::Parts>().and_then(|p| {
            p.headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        });
        if let Some(c) = cookie {
            for part in c.split(';') {
                match part.trim() {
                    "theme=dark" => return "dark",
                    "theme=light" => return "light",
                    _ => {}
                }
            }
        }
    }
    "auto"
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nProvider>
            <Stylesheet id="leptos" href="/pkg/uprava.css" />
            <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
            <Meta name="color-scheme" content="light dark" />
            <Title formatter=|text: String| if text.is_empty() { "Uprava".to_string() } else { format!("{text} · Uprava") } />
            <Router>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                        <Route path=path!("") view=Home ssr=SsrMode::Async />
                        <Route path=path!("my") view={Lazy::<MyRequestsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("my/:id") view={Lazy::<MyRequestRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("requests") view={Lazy::<RequestsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("board") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("requests/new") view={Lazy::<NewRequestRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("requests/:id") view={Lazy::<RequestRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("admin/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("settings/sla") view={Lazy::<SlaSettingsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("settings/distribution") view={Lazy::<DistributionSettingsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("settings/distribution/stats") view={Lazy::<DistributionStatsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("dashboard/sla") view={Lazy::<SlaDashboardRoute>::new()} ssr=SsrMode::Async />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nProvider>
    }
}

/// `/`: executors start at their own requests, everyone else at the list.
#[component]
fn Home() -> impl IntoView {
    let executor =
        use_context::<crate::model::Me>().is_some_and(|me| me.role == crate::model::Role::Executor);
    let path = if executor { "/my" } else { "/requests" };
    view! { <Redirect path=path /> }
}
