//! Every page as a lazily loaded route: built with `cargo leptos build --split`, a page's code
//! (and what only it uses, such as the board's drag and drop or the dashboard's charts) is a
//! separate WebAssembly chunk fetched when the page is first shown, so the app shell the
//! browser loads first holds only the framework, the layout and the translations. The server
//! renders every page as before.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `pub struct $route;` rendering `<$page />` as a lazy route.
macro_rules! lazy_page {
    ($($route:ident => $page:path),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[cfg(not(feature = "islands"))]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$page /> }.into_any()
            }
        }

        // In islands mode the browser never renders a page: no chunk to split out.
        #[cfg(feature = "islands")]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    LoginRoute => super::login::LoginPage,
    MyRequestsRoute => super::my::MyRequestsPage,
    MyRequestRoute => super::my::MyRequestPage,
    RequestsRoute => super::requests::RequestsPage,
    BoardRoute => super::board::BoardPage,
    NewRequestRoute => super::requests::NewRequestPage,
    RequestRoute => super::requests::RequestPage,
    AccountRoute => super::account::AccountPage,
    UsersRoute => super::admin::UsersPage,
    SlaSettingsRoute => super::settings::SlaSettingsPage,
    DistributionSettingsRoute => super::settings::DistributionSettingsPage,
    DistributionStatsRoute => super::settings::DistributionStatsPage,
    SlaDashboardRoute => super::dashboard::SlaDashboardPage,
}
