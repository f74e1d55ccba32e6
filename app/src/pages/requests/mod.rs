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
