//! The requests screens: list, create, request page.

mod bulk;
mod detail;
mod filters;
mod list;
mod new;
mod sla_panel;

pub use detail::RequestPage;
pub use list::RequestsPage;
pub use new::NewRequestPage;
