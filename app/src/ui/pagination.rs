//! Page links that keep every filter in the URL.

use crate::i18n::tr_arg;
use crate::model::RequestFilter;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Pagination(
    filter: RequestFilter,
    pages: u32,
    total: u64,
    /// The count stopped at its limit: more requests match than `total`.
    capped: bool,
) -> impl IntoView {
    let page = filter.page.min(pages).max(1);
    let href = move |p: u32| format!("/requests?{}", filter.with_page(p).to_query());
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pagination" aria-label="pagination">
            <span class="muted">
                {tr_arg(if capped { "list-total-more" } else { "list-total" }, "count", total as i64)}
            </span>
            <span class="pages">
                {match prev {
                    Some(h) => view! { <A href=h attr:class="btn ghost" attr:rel="prev">"←"</A> }.into_any(),
                    None => view! { <span class="btn ghost disabled">"←"</span> }.into_any(),
                }}
                <span class="page-of">{tr_arg("list-page-of", "page", page as i64)} " / " {format!("{pages}{}", if capped { "+" } else { "" })}</span>
                {match next {
                    Some(h) => view! { <A href=h attr:class="btn ghost" attr:rel="next">"→"</A> }.into_any(),
                    None => view! { <span class="btn ghost disabled">"→"</span> }.into_any(),
                }}
            </span>
        </nav>
    }
}
