//! The requests screens: list, create, request page.

mod bulk;
mod detail;
mod filters;
mod list;
mod new;
mod sla_panel;

pub(crate) use bulk::{BulkBar, BulkResult, FORM_ID};
pub(crate) use detail::Comments;
pub use detail::RequestPage;
pub(crate) use filters::Filters;
pub use list::RequestsPage;
pub use new::NewRequestPage;

/// The company's statuses, categories, buildings and executors for a page's pickers, sent to
/// the browser packed (`ui::packed`): escaping their Cyrillic names into the hydration script
/// one character at a time cost more than the rest of the page's small resources together.
pub(crate) fn dictionaries() -> leptos::prelude::Resource<
    Result<crate::model::Dictionaries, crate::error::AppError>,
    crate::ui::packed::Packed,
> {
    leptos::prelude::Resource::new_with_options(
        || (),
        |_| crate::api::requests::get_dictionaries(),
        false,
    )
}
