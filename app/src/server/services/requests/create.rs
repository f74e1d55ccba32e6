//! Creating a request: parse the input once into a valid `NewRequest` (or field errors), then
//! write the request, its `created` event and, when given, its `assigned` event together.

use super::{events, search_text};
use crate::domain::phone;
use crate::error::{AppError, AppResult, FieldError};
use crate::model::{Channel, NewRequestInput, Priority, Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::{
    apartment, building, category, company, contact, pipeline, request, status,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5000;

/// A request that passed validation; every id belongs to the caller's company.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
    pub priority: Priority,
    pub urgent: bool,
    pub building_id: Option<i64>,
    pub apartment_id: Option<i64>,
    pub contact: Option<(String, String)>,
    pub channel: Channel,
    pub assignee_id: Option<i64>,
    pub external_id: Option<String>,
    /// Ordered items (orders from a CRM); urgency rules look at them.
    pub items: Vec<crate::domain::urgency::Item>,
}

fn opt(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks every field and collects all errors at once, so the form shows them together.
pub async fn parse(
    db: &impl ConnectionTrait,
    company_id: i64,
    input: &NewRequestInput,
    default_channel: Channel,
) -> AppResult<NewRequest> {
    let mut errors: Vec<FieldError> = vec![];
    let mut err = |f: &str, c: &str| errors.push(FieldError::new(f, c));

    let title = input.title.trim().to_string();
    match title.chars().count() {
        0 => err("title", "required"),
        1..=2 => err("title", "too_short"),
        n if n > TITLE_MAX => err("title", "too_long"),
        _ => {}
    }
    let description = input.description.trim().to_string();
    if description.chars().count() > DESCRIPTION_MAX {
        err("description", "too_long");
    }
    let id_of = |v: &Option<String>| -> Result<Option<i64>, ()> {
        match opt(v) {
            None => Ok(None),
            Some(s) => s.parse::<i64>().map(Some).map_err(|_| ()),
        }
    };
    let category_id = match id_of(&input.category_id) {
        Ok(Some(id)) => {
            let found = category::Entity::find_by_id(id)
                .filter(category::Column::CompanyId.eq(company_id))
                .one(db)
                .await?;
            if found.is_none() {
                err("category_id", "unknown");
            }
            Some(id)
        }
        Ok(None) => None,
        Err(()) => {
            err("category_id", "invalid");
            None
        }
    };
    let priority = match opt(&input.priority) {
        None => Priority::Normal,
        Some(p) => Priority::parse(p).unwrap_or_else(|| {
            err("priority", "invalid");
            Priority::Normal
        }),
    };
    let urgent = matches!(opt(&input.urgent), Some("on" | "true" | "1"));
    let channel = match opt(&input.channel) {
        None => default_channel,
        Some(c) => Channel::parse(c).unwrap_or_else(|| {
            err("channel", "invalid");
            default_channel
        }),
    };
    let building_id = match id_of(&input.building_id) {
        Ok(Some(id)) => {
            let found = building::Entity::find_by_id(id)
                .filter(building::Column::CompanyId.eq(company_id))
                .one(db)
                .await?;
            if found.is_none() {
                err("building_id", "unknown");
            }
            Some(id)
        }
        Ok(None) => None,
        Err(()) => {
            err("building_id", "invalid");
            None
        }
    };
    let apartment_id = match (opt(&input.apartment), building_id) {
        (None, _) => None,
        (Some(_), None) => {
            err("apartment", "needs_building");
            None
        }
        (Some(number), Some(b)) => {
            let found = apartment::Entity::find()
                .filter(apartment::Column::CompanyId.eq(company_id))
                .filter(apartment::Column::BuildingId.eq(b))
                .filter(apartment::Column::Number.eq(number))
                .one(db)
                .await?;
            if found.is_none() {
                err("apartment", "unknown_apartment");
            }
            found.map(|a| a.id)
        }
    };
    let contact = match (opt(&input.contact_phone), opt(&input.contact_name)) {
        (None, None) => None,
        (None, Some(_)) => {
            err("contact_phone", "required");
            None
        }
        (Some(p), name) => match phone::normalize(p) {
            Some(p) => {
                let name = name.unwrap_or_default().to_string();
                if name.chars().count() > 120 {
                    err("contact_name", "too_long");
                }
                Some((name, p))
            }
            None => {
                err("contact_phone", "invalid_phone");
                None
            }
        },
    };
    let assignee_id = match id_of(&input.assignee_id) {
        Ok(Some(id)) => {
            if super::change::ensure_assignable(db, company_id, id)
                .await
                .is_err()
            {
                err("assignee_id", "not_assignable");
            }
            Some(id)
        }
        Ok(None) => None,
        Err(()) => {
            err("assignee_id", "invalid");
            None
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    Ok(NewRequest {
        title,
        description,
        category_id,
        priority,
        urgent,
        building_id,
        apartment_id,
        contact,
        channel,
        assignee_id,
        external_id: None,
        items: vec![],
    })
}

/// Creates a request in the company's first pipeline, in its initial status.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    new: NewRequest,
) -> AppResult<request::Model> {
    actor.require(Role::can_create_requests)?;
    let txn = write_txn(db).await?;
    let created = insert(&txn, actor, new, Utc::now()).await?;
    txn.commit().await?;
    crate::server::services::alerts::reschedule_quietly(db, &created).await;
    let created = crate::server::services::distribution::on_created(db, created).await;
    tracing::info!(
        request_id = created.id,
        number = created.number,
        "request created"
    );
    Ok(created)
}

/// The writes of `create`, inside the caller's transaction.
pub async fn insert(
    db: &impl ConnectionTrait,
    actor: &Actor,
    new: NewRequest,
    created_at: DateTime<Utc>,
) -> AppResult<request::Model> {
    let company_id = actor.company_id;
    let pipe = pipeline::Entity::find()
        .filter(pipeline::Column::CompanyId.eq(company_id))
        .order_by_asc(pipeline::Column::Position)
        .order_by_asc(pipeline::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("pipeline", "no_pipeline"))?;
    let initial = status::Entity::find()
        .filter(status::Column::PipelineId.eq(pipe.id))
        .order_by_desc(status::Column::IsInitial)
        .order_by_asc(status::Column::Position)
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("pipeline", "no_statuses"))?;
    let number = next_number(db, company_id).await?;
    let contact_id = match &new.contact {
        Some((name, phone)) => {
            Some(find_or_create_contact(db, company_id, name, phone, new.apartment_id).await?)
        }
        None => None,
    };
    let now = Utc::now();
    let req = request::ActiveModel {
        number: Set(number),
        search_text: Set(search_text(number, &new.title, &new.description)),
        title: Set(new.title),
        description: Set(new.description),
        priority: Set(new.priority.to_i16()),
        urgent: Set(new.urgent),
        status_at: Set(created_at),
        channel: Set(new.channel.as_str().into()),
        external_id: Set(new.external_id),
        version: Set(1),
        created_at: Set(created_at),
        updated_at: Set(now),
        closed_at: Set(initial.is_closing.then_some(created_at)),
        company_id: Set(company_id),
        pipeline_id: Set(pipe.id),
        stage_id: Set(initial.stage_id),
        status_id: Set(initial.id),
        category_id: Set(new.category_id),
        assignee_id: Set(None),
        building_id: Set(new.building_id),
        apartment_id: Set(new.apartment_id),
        contact_id: Set(contact_id),
        created_by: Set(actor.user_id),
        items: Set((!new.items.is_empty())
            .then(|| serde_json::to_string(&new.items).ok())
            .flatten()),
        urgency_source: Set(new.urgent.then(|| "manual".to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut ev = events::event(&req, event_kind::CREATED, created_at, actor.user_id);
    ev.status_id = Set(Some(initial.id));
    ev.priority = Set(Some(new.priority.to_i16()));
    ev.urgent = Set(Some(new.urgent));
    ev.insert(db).await?;
    let req = crate::server::services::urgency::apply_rules(db, req, actor.user_id).await?;
    match new.assignee_id {
        Some(a) => super::change::record_assignment(db, req, Some(a), actor.user_id).await,
        None => Ok(req),
    }
}

/// Takes the next number of the company (`R-1`, `R-2`, …) inside the caller's transaction.
async fn next_number(db: &impl ConnectionTrait, company_id: i64) -> AppResult<i64> {
    company::Entity::update_many()
        .col_expr(
            company::Column::RequestSeq,
            Expr::col(company::Column::RequestSeq).add(1),
        )
        .filter(company::Column::Id.eq(company_id))
        .exec(db)
        .await?;
    let c = company::Entity::find_by_id(company_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(c.request_seq)
}

/// The contact with this phone in the company, or a new resident.
async fn find_or_create_contact(
    db: &impl ConnectionTrait,
    company_id: i64,
    name: &str,
    phone: &str,
    apartment_id: Option<i64>,
) -> AppResult<i64> {
    if let Some(c) = contact::Entity::find()
        .filter(contact::Column::CompanyId.eq(company_id))
        .filter(contact::Column::Phone.eq(phone))
        .one(db)
        .await?
    {
        return Ok(c.id);
    }
    Ok(contact::ActiveModel {
        kind: Set("resident".into()),
        name: Set(if name.is_empty() {
            phone.to_string()
        } else {
            name.to_string()
        }),
        phone: Set(Some(phone.to_string())),
        email: Set(None),
        external_id: Set(None),
        created_at: Set(Utc::now()),
        company_id: Set(company_id),
        apartment_id: Set(apartment_id),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}
