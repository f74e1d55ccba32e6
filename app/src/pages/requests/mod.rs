//! The requests screens: list, create, request page.

mod bulk;
mod detail;
mod filters;
mod list;
mod new;
mod sla_panel;

pub(crate) use bulk::{BulkForm, FORM_ID, Outcomes};
pub(crate) use detail::Comments;
pub use detail::RequestPage;
pub(crate) use filters::Filters;
pub use list::RequestsPage;
pub use new::NewRequestPage;

/// The company's statuses, categories, buildings and executors for a page's pickers, sent to
/// the browser packed (`ui::packed`), as the list's page is: the JSON of a plain resource is
/// escaped into the hydration script one character at a time, every Cyrillic name included.
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
