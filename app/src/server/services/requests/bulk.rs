//! Changing many requests at once (the list's selection): the same change is applied to each
//! request on its own — its own transaction, checks and events — and each refusal is reported
//! for its request without undoing the others.

use super::change::{self, RequestPatch};
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{BulkFailure, BulkOutcome, Role};
use crate::server::auth::Actor;
use crate::server::entities::request;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// The most requests one bulk change takes (the list's largest page).
pub const MAX_BULK: usize = 200;

/// Reads the list's bulk form: `sel_<id>` per selected row, `assignee_id` (empty = keep,
/// `none` = unassign), `status_id` (empty = keep) and `comment`.
pub fn parse_form(form: &HashMap<String, String>) -> Result<(Vec<i64>, RequestPatch), AppError> {
    let mut ids: Vec<i64> = form
        .keys()
        .filter_map(|k| k.strip_prefix("sel_")?.parse().ok())
        .collect();
    ids.sort_unstable();
    let get = |k: &str| form.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut errors = Vec::new();
    let assignee_id = match get("assignee_id") {
        None => None,
        Some("none") => Some(None),
        Some(v) => match v.parse::<i64>() {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                errors.push(FieldError::new("assignee_id", "invalid"));
                None
            }
        },
    };
    let status_id = match get("status_id").map(str::parse::<i64>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            errors.push(FieldError::new("status_id", "invalid"));
            None
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    Ok((
        ids,
        RequestPatch {
            assignee_id,
            status_id,
            comment: get("comment").map(String::from),
            ..RequestPatch::default()
        },
    ))
}

/// Applies `patch` to each of `ids` (in id order). Refused as a whole only when the selection
/// or the change is empty or too large, or the role may not make this change at all.
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    ids: Vec<i64>,
    patch: RequestPatch,
) -> AppResult<BulkOutcome> {
    if patch.assignee_id.is_some() || patch.priority.is_some() {
        actor.require(Role::can_assign)?;
    }
    if patch.status_id.is_some() {
        actor.require(Role::can_change_status)?;
    }
    let mut errors = Vec::new();
    if ids.is_empty() {
        errors.push(FieldError::new("ids", "required"));
    } else if ids.len() > MAX_BULK {
        errors.push(FieldError::new("ids", "too_many"));
    }
    if patch.assignee_id.is_none() && patch.status_id.is_none() && patch.priority.is_none() {
        errors.push(FieldError::new("change", "required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let mut seen = HashSet::new();
    let ids: Vec<i64> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let numbers: HashMap<i64, i64> = request::Entity::find()
        .select_only()
        .column(request::Column::Id)
        .column(request::Column::Number)
        .filter(request::Column::CompanyId.eq(actor.company_id))
        .filter(request::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out = BulkOutcome::default();
    for id in ids {
        // Another company's id looks like a missing one, and is never touched.
        let number = numbers.get(&id).map(|n| crate::domain::number::format(*n));
        let result = match number {
            Some(_) => change::update(db, actor, id, patch.clone())
                .await
                .map(|_| ()),
            None => Err(AppError::NotFound),
        };
        let number = number.unwrap_or_else(|| format!("#{id}"));
        match result {
            Ok(()) => out.changed.push(number),
            Err(error) => out.failed.push(BulkFailure { id, number, error }),
        }
    }
    tracing::info!(
        changed = out.changed.len(),
        failed = out.failed.len(),
        "bulk change"
    );
    Ok(out)
}
