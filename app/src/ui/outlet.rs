//! The page inside the frame: the router's `<Outlet />`, built once per server render.
//!
//! On the server, a `Suspense` walks its children once more after its resources have loaded,
//! to find resources read further in (`dry_resolve`), and then builds them to render
//! (`resolve`). The router's outlet is a closure that builds the page each time it is called,
//! so the frame's walk built the page a second time: the page's resources were created,
//! loaded and sent to the browser twice (README, footnote ²). Every page waits for its own data
//! in its own `Suspense` or `Transition`, so the frame's walk can pass the page by: the page is
//! built once, when it is rendered. In the browser nothing changes.

use leptos::prelude::*;
use leptos::tachys::html::attribute::{Attribute, any_attribute::AnyAttribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::{Position, PositionState, add_attr::AddAnyAttr};
use leptos_router::components::Outlet;

/// The matched child route, as `<Outlet />`, left out of its frame's early walks.
#[component]
pub fn PageOutlet() -> impl IntoView {
    BuiltWhenRendered(view! { <Outlet /> })
}

/// A view whose `dry_resolve` does nothing: it is built only by `resolve`.
struct BuiltWhenRendered<V>(V);

impl<V: Render> Render for BuiltWhenRendered<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state);
    }
}

impl<V: AddAnyAttr> AddAnyAttr for BuiltWhenRendered<V> {
    type Output<SomeNewAttr: Attribute> = BuiltWhenRendered<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        BuiltWhenRendered(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for BuiltWhenRendered<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = BuiltWhenRendered<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    /// The point of this type: the page is not built here.
    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        BuiltWhenRendered(self.0.into_owned())
    }
}
