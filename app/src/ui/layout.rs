//! The frame around every signed-in page: sidebar by role, header with the company switcher,
//! language and theme, and the user menu.

use crate::api::auth::{Logout, SwitchCompany, get_me};
use crate::error::AppError;
use crate::i18n::{LANGUAGES, lang, tr_dyn};
use crate::model::{Me, Role};
use crate::ui::error::message;
use crate::ui::icon::{Icon, Svg};
use crate::ui::outlet::PageOutlet;
use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::hooks::use_location;

#[component]
pub fn Shell() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    // A `Suspend` itself, not a closure returning one: on the server, `Suspense` walks its
    // children again once `me` has loaded and once more to render them, and a closure built
    // the frame anew each time, creating its resources (and the page's) again. The page inside
    // is left out of those walks (`PageOutlet`). `me` never changes without a page load
    // (switching company reloads), so nothing here needs to re-run.
    view! {
        <Suspense fallback=|| view! { <div class="loading-page"></div> }>
            {Suspend::new(async move {
                match me.await {
                    Ok(me) => {
                        crate::domain::zone::register(&me.zones);
                        provide_context(me.clone());
                        view! { <Frame me=me /> }.into_any()
                    }
                    Err(AppError::Unauthorized) => view! { <SignedOut /> }.into_any(),
                    Err(e) => view! { <div class="alert error">{message(&e)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Shown when a session ended while the page was open.
#[component]
fn SignedOut() -> impl IntoView {
    view! {
        <main class="center-page">
            <div class="card narrow">
                <h1>{move || tr!("session-ended-title")}</h1>
                <p>{move || tr!("session-ended-text")}</p>
                <a class="btn primary" href="/login" rel="external">
                    {move || tr!("login-submit")}
                </a>
            </div>
        </main>
    }
}

/// The sidebar, the header and the page. In islands mode they are rendered inside
/// [`FrameContext`], an island, so that the islands within find the user, the translations,
/// the live stream and the outbox in the browser as well.
#[component]
fn Frame(me: Me) -> impl IntoView {
    #[cfg(feature = "islands")]
    {
        let frame_me = me.clone();
        view! { <FrameContext me=me><FrameView me=frame_me /></FrameContext> }
    }
    #[cfg(not(feature = "islands"))]
    {
        provide_frame_context(&me);
        view! { <FrameView me=me /> }
    }
}

/// What the interactive parts of a signed-in page read: the live stream and the outbox (the
/// user is provided by [`Shell`]).
fn provide_frame_context(me: &Me) {
    crate::ui::live::provide_live();
    crate::pages::my::outbox::provide_outbox(me);
}

/// The frame's context as an island. Its children are the server's, never hydrated; the islands
/// among them hydrate as its descendants, so they read what it provides.
#[cfg(feature = "islands")]
#[island(lazy)]
fn FrameContext(me: Me, children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        crate::domain::zone::register(&me.zones);
        provide_context(me.clone());
    }
    provide_frame_context(&me);
    view! { <crate::i18n::I18nProvider>{children()}</crate::i18n::I18nProvider> }
}

#[component]
fn FrameView(me: Me) -> impl IntoView {
    let role = me.role;
    view! {
        <div class="app">
            <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-hidden="true" />
            <aside class="sidebar">
                <a class="brand" href="/requests">
                    <span class="logo" aria-hidden="true">"У"</span>
                    <span>"Uprava"</span>
                </a>
                <nav aria-label=move || tr!("nav-main")>
                    <NavLink href="/requests" label="nav-requests" icon=Icon::List />
                    {(role != Role::Executor)
                        .then(|| view! { <NavLink href="/board" label="nav-board" icon=Icon::Columns /> })}
                    {(role == Role::Executor)
                        .then(|| view! { <NavLink href="/my" label="nav-my-requests" icon=Icon::Check /> })}
                    {role.can_create_requests()
                        .then(|| view! { <NavLink href="/requests/new" label="nav-new-request" icon=Icon::Plus /> })}
                    {crate::model::can_view_sla_dashboard(role)
                        .then(|| view! { <NavLink href="/dashboard/sla" label="nav-sla-dashboard" icon=Icon::Check /> })}
                    {role.can_manage_settings()
                        .then(|| view! { <NavLink href="/settings/sla" label="nav-sla-settings" icon=Icon::Clock /> })}
                    {role.can_manage_settings()
                        .then(|| view! { <NavLink href="/settings/distribution" label="nav-distribution" icon=Icon::Users /> })}
                    {role.can_manage_users()
                        .then(|| view! { <NavLink href="/admin/users" label="nav-users" icon=Icon::Users /> })}
                    <NavLink href="/account" label="nav-account" icon=Icon::Settings />
                </nav>
            </aside>
            <label for="nav-toggle" class="scrim" aria-hidden="true"></label>
            <div class="main">
                <Header me=me />
                <main class="content" id="content">
                    <PageOutlet />
                </main>
            </div>
        </div>
    }
}

#[component]
fn NavLink(href: &'static str, label: &'static str, icon: Icon) -> impl IntoView {
    let location = use_location();
    let path = href.split('?').next().unwrap_or(href);
    let current = move || {
        let here = location.pathname.get();
        let query = location.search.get();
        if href.contains('?') {
            here == path && query.contains("assignee=me")
        } else if path == "/requests" {
            here == "/requests" && !query.contains("assignee=me")
                || (here.starts_with("/requests/") && here != "/requests/new")
        } else {
            here == path || here.starts_with(&format!("{path}/"))
        }
    };
    view! {
        // A plain link (the router still navigates client-side): `<A>` would also mark
        // `/requests` current on `/requests/new`.
        <a href=href class="nav-link" aria-current=move || current().then_some("page")>
            <Svg icon=icon />
            <span>{move || tr_dyn(label)}</span>
        </a>
    }
}

#[component]
fn Header(me: Me) -> impl IntoView {
    let switch = ServerAction::<SwitchCompany>::new();
    // Everything on screen belongs to the old company: load the new one from scratch.
    Effect::new(move |_| {
        if matches!(switch.value().get(), Some(Ok(()))) {
            let _ = window().location().set_href("/requests");
        }
    });
    let logout = ServerAction::<Logout>::new();
    let location = use_location();
    let here = move || {
        let q = location.search.get();
        let p = location.pathname.get();
        if q.is_empty() { p } else { format!("{p}?{q}") }
    };
    let current_lang = lang();
    let role_label = tr_dyn(&format!("role-{}", me.role.as_str()));
    let several = me.companies.len() > 1;
    let company_id = me.company.id;
    view! {
        <header class="topbar">
            <label for="nav-toggle" class="btn ghost menu-button" aria-label=move || tr!("nav-menu")>
                <Svg icon=Icon::Menu />
            </label>
            <div class="company">
                {if several {
                    view! {
                        <ActionForm action=switch attr:class="company-switcher">
                            <label class="sr-only" for="company-select">{move || tr!("header-company")}</label>
                            <select id="company-select" name="company_id" onchange="this.form.requestSubmit()">
                                {me.companies.iter().map(|c| view! {
                                    <option value=c.id.to_string() selected=c.id == company_id>{c.name.clone()}</option>
                                }).collect_view()}
                            </select>
                            <noscript>
                                <button class="btn ghost" type="submit">{move || tr!("header-switch")}</button>
                            </noscript>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <span class="company-name">{me.company.name.clone()}</span> }.into_any()
                }}
            </div>
            <div class="spacer"></div>
            <nav class="langs" aria-label=move || tr!("header-language")>
                {LANGUAGES.iter().map(|(code, name)| {
                    let href = move || format!("/prefs/lang/{code}?next={}", urlencode(&here()));
                    view! {
                        <a href=href rel="external" hreflang=*code class:active=*code == current_lang title=*name>
                            {code.to_uppercase()}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <a class="btn ghost theme-toggle" rel="external"
                href=move || format!("/prefs/theme?next={}", urlencode(&here()))
                title=move || tr!("header-theme") aria-label=move || tr!("header-theme")>
                <Svg icon=Icon::Theme />
            </a>
            <crate::ui::bell::Bell />
            <details class="user-menu">
                <summary>
                    <span class="avatar" aria-hidden="true">{initials(&me.name)}</span>
                    <span class="user-name">{me.name.clone()}</span>
                </summary>
                <div class="menu">
                    <p class="muted">{me.email.clone()}</p>
                    <p class="muted">{role_label}</p>
                    <div class="mobile-only menu-prefs">
                        {LANGUAGES.iter().map(|(code, name)| {
                            let href = move || format!("/prefs/lang/{code}?next={}", urlencode(&here()));
                            view! { <a href=href rel="external" hreflang=*code class:active=*code == current_lang>{*name}</a> }
                        }).collect_view()}
                        <a rel="external" href=move || format!("/prefs/theme?next={}", urlencode(&here()))>
                            {move || tr!("header-theme")}
                        </a>
                    </div>
                    <a href="/account">{move || tr!("nav-account")}</a>
                    <ActionForm action=logout>
                        <button type="submit" class="btn ghost">{move || tr!("logout")}</button>
                    </ActionForm>
                </div>
            </details>
        </header>
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// Percent-encodes a value for a query string.
pub fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_of_cyrillic_names() {
        assert_eq!(super::initials("Иван Петров"), "ИП");
        assert_eq!(super::initials(""), "");
    }

    #[test]
    fn encodes_next_paths() {
        assert_eq!(
            super::urlencode("/requests?q=a b&x=1"),
            "/requests%3Fq%3Da%20b%26x%3D1"
        );
    }
}
