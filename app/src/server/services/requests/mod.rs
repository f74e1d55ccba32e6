//! Requests: list, create, read, change status, assign, comment, attach. Every change writes
//! its event to the append-only log in the same transaction as the current state.

pub mod attachments;
pub mod board;
pub mod bulk;
pub mod change;
pub mod comment;
pub mod create;
pub mod detail;
pub mod events;
pub mod export;
pub mod history;
pub mod lines;
pub mod list;

use crate::domain::number;
use crate::error::{AppError, AppResult};
use crate::server::auth::Actor;
use crate::server::entities::request;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// A request of the caller's company that the caller's role may see. Another company's
/// request answers `NotFound`, exactly like one that does not exist.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i64,
    for_update: bool,
) -> AppResult<request::Model> {
    let mut q =
        request::Entity::find_by_id(id).filter(request::Column::CompanyId.eq(actor.company_id));
    if for_update {
        q = q.lock_exclusive();
    }
    let r = q.one(db).await?.ok_or(AppError::NotFound)?;
    if !actor.role.sees_all_requests() && r.assignee_id != actor.user_id {
        return Err(AppError::Forbidden);
    }
    Ok(r)
}

/// What the search matches: the number, title and description, lower-cased in Rust so that
/// Cyrillic folds the same on SQLite and PostgreSQL.
pub fn search_text(number_value: i64, title: &str, description: &str) -> String {
    format!("{} {} {}", number::format(number_value), title, description).to_lowercase()
}
