//! Administration screens.

mod users;

pub use users::UsersPage;
