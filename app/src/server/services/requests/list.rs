//! The requests list: filters, search, sort and pages, all in the database and all inside the
//! caller's company.

use crate::domain::{number, phone, time};
use crate::error::AppResult;
use crate::model::{
    AssigneeFilter, COUNT_LIMIT, Channel, Priority, RequestFilter, RequestPage, RequestRow,
    SortKey, StatusRef,
};
use crate::server::auth::Actor;
use crate::server::entities::{
    apartment, building, category, company, contact, request, stage, user,
};
use crate::server::services::{dictionaries, sla};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};
use std::collections::HashMap;

/// `%term%` with the LIKE wildcards of the term escaped.
fn like(term: &str) -> LikeExpr {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The filtered query, before sort and paging. Shared with exports.
pub async fn query(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &RequestFilter,
) -> AppResult<Select<request::Entity>> {
    use request::Column as C;
    let mut q = request::Entity::find().filter(C::CompanyId.eq(actor.company_id));
    if !actor.role.sees_all_requests() {
        q = q.filter(C::AssigneeId.eq(actor.user_id.unwrap_or(-1)));
    }
    if let Some(v) = f.status {
        q = q.filter(C::StatusId.eq(v));
    }
    if let Some(v) = f.stage {
        q = q.filter(C::StageId.eq(v));
    }
    if let Some(v) = f.category {
        q = q.filter(C::CategoryId.eq(v));
    }
    if let Some(v) = f.priority {
        q = q.filter(C::Priority.eq(v.to_i16()));
    }
    if let Some(v) = f.building {
        q = q.filter(C::BuildingId.eq(v));
    }
    if let Some(v) = f.channel {
        q = q.filter(C::Channel.eq(v.as_str()));
    }
    if f.open {
        q = q.filter(C::ClosedAt.is_null());
    }
    match f.assignee {
        Some(AssigneeFilter::Nobody) => q = q.filter(C::AssigneeId.is_null()),
        Some(AssigneeFilter::Me) => q = q.filter(C::AssigneeId.eq(actor.user_id.unwrap_or(-1))),
        Some(AssigneeFilter::User(id)) => q = q.filter(C::AssigneeId.eq(id)),
        None => {}
    }
    if f.from.is_some() || f.to.is_some() {
        let tz = company::Entity::find_by_id(actor.company_id)
            .one(db)
            .await?
            .map(|c| c.timezone)
            .unwrap_or_else(|| "UTC".into());
        if let Some(from) = f.from {
            q = q.filter(C::CreatedAt.gte(time::day_start_utc(from, &tz)));
        }
        if let Some(to) = f.to.and_then(|d| d.succ_opt()) {
            q = q.filter(C::CreatedAt.lt(time::day_start_utc(to, &tz)));
        }
    }
    if let Some(term) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let mut any =
            Condition::any().add(Expr::col(C::SearchText).like(like(&term.to_lowercase())));
        if let Some(n) = number::parse(term) {
            any = any.add(C::Number.eq(n));
        }
        if let Some(digits) = phone::search_digits(term) {
            let contacts: Vec<i64> = contact::Entity::find()
                .select_only()
                .column(contact::Column::Id)
                .filter(contact::Column::CompanyId.eq(actor.company_id))
                .filter(Expr::col(contact::Column::Phone).like(like(&digits)))
                .limit(1000)
                .into_tuple()
                .all(db)
                .await?;
            if !contacts.is_empty() {
                any = any.add(C::ContactId.is_in(contacts));
            }
        }
        q = q.filter(any);
    }
    Ok(q)
}

pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    f: &RequestFilter,
) -> AppResult<RequestPage> {
    let q = query(db, actor, f).await?;
    let per_page = f.per_page.clamp(1, crate::model::MAX_PER_PAGE);
    let page = Ord::max(f.page, 1);
    let offset = u64::from(page - 1) * u64::from(per_page);
    let (total, capped) = count_up_to(
        db,
        q.clone(),
        Ord::max(COUNT_LIMIT, offset + u64::from(per_page) * 10),
    )
    .await?;
    // The page's ids first, from the filter's index alone; then those rows in full, instead of
    // reading every matching row to sort them.
    let ids: Vec<i64> = sorted(q, f)
        .select_only()
        .column(request::Column::Id)
        .offset(offset)
        .limit(u64::from(per_page))
        .into_tuple()
        .all(db)
        .await?;
    let mut rows = request::Entity::find()
        .filter(request::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| position.get(&r.id).copied().unwrap_or(usize::MAX));
    let (rows, calendars) = with_sla(db, actor.company_id, rows).await?;
    Ok(RequestPage {
        rows,
        total,
        capped,
        page,
        per_page,
        calendars,
    })
}

/// How many requests `q` matches, counting no further than `limit`, and whether more match.
/// An exact count of a million rows costs the database a scan of a million index entries on
/// every page view; nobody reads past the count's first digits, so the list says "more than".
async fn count_up_to(
    db: &impl ConnectionTrait,
    q: Select<request::Entity>,
    limit: u64,
) -> AppResult<(u64, bool)> {
    let matching = q
        .select_only()
        .expr(Expr::val(1))
        .limit(limit + 1)
        .into_query();
    let count = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(matching, "matching")
        .to_owned();
    let n: i64 = match db.query_one(&count).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let n = u64::try_from(n).unwrap_or(0);
    Ok((Ord::min(n, limit), n > limit))
}

/// List lines of `rows`, each with its most pressing SLA target, and the calendars their
/// running clocks follow (by stage id). One read of names and one SLA evaluation for all rows.
pub async fn with_sla(
    db: &impl ConnectionTrait,
    company_id: i64,
    rows: Vec<request::Model>,
) -> AppResult<(
    Vec<RequestRow>,
    Vec<(i64, crate::domain::sla::calendar::Calendar)>,
)> {
    let now = chrono::Utc::now();
    let (ctx, figures) = sla::for_requests(db, company_id, &rows, now).await?;
    let names = sla::view::Names::load(db, company_id).await?;
    let pipelines: HashMap<i64, i64> = rows.iter().map(|r| (r.id, r.pipeline_id)).collect();
    let mut out = to_rows(db, company_id, rows).await?;
    let mut calendars: Vec<(i64, crate::domain::sla::calendar::Calendar)> = vec![];
    for row in &mut out {
        let (Some(f), Some(p)) = (figures.get(&row.id), pipelines.get(&row.id)) else {
            continue;
        };
        row.sla = sla::view::badge(&ctx, *p, f, &names);
        if let Some(stage) = row.sla.as_ref().and_then(|b| b.target.clock_stage_id)
            && !calendars.iter().any(|(s, _)| *s == stage)
        {
            calendars.push((stage, ctx.calendar(stage).clone()));
        }
    }
    Ok((out, calendars))
}

/// `q` in the order `f` asks for, ties broken by id so that the order is total (numbers are
/// unique already).
pub fn sorted(q: Select<request::Entity>, f: &RequestFilter) -> Select<request::Entity> {
    use request::Column as C;
    let order = if f.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let q = match f.sort {
        SortKey::Number => return q.order_by(C::Number, order),
        SortKey::Created => q.order_by(C::CreatedAt, order),
        SortKey::Updated => q.order_by(C::UpdatedAt, order),
        SortKey::Priority => q
            .order_by(C::Priority, order)
            .order_by(C::CreatedAt, Order::Desc),
        SortKey::Status => q
            .order_by(
                Expr::cust(
                    "(SELECT position FROM statuses WHERE statuses.id = requests.status_id)",
                ),
                order,
            )
            .order_by(C::CreatedAt, Order::Desc),
    };
    let tie = if f.descending && f.sort != SortKey::Priority && f.sort != SortKey::Status {
        Order::Desc
    } else {
        Order::Asc
    };
    q.order_by(C::Id, tie)
}

/// Turns rows into list lines, loading the names they refer to in one query per kind.
pub async fn to_rows(
    db: &impl ConnectionTrait,
    company_id: i64,
    rows: Vec<request::Model>,
) -> AppResult<Vec<RequestRow>> {
    let names = Names::load(db, company_id, &rows).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let status = names.statuses.get(&r.status_id)?.clone();
            Some(RequestRow {
                id: r.id,
                number: number::format(r.number),
                title: r.title,
                category: r
                    .category_id
                    .and_then(|id| names.categories.get(&id).cloned()),
                priority: Priority::from_i16(r.priority),
                urgent: r.urgent,
                status,
                assignee_id: r.assignee_id,
                assignee: r.assignee_id.and_then(|id| names.users.get(&id).cloned()),
                building: r
                    .building_id
                    .and_then(|id| names.buildings.get(&id).cloned()),
                apartment: r
                    .apartment_id
                    .and_then(|id| names.apartments.get(&id).cloned()),
                contact_phone: r.contact_id.and_then(|id| names.phones.get(&id).cloned()),
                channel: Channel::parse(&r.channel).unwrap_or(Channel::Web),
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
                sla: None,
            })
        })
        .collect())
}

struct Names {
    statuses: HashMap<i64, StatusRef>,
    categories: HashMap<i64, String>,
    users: HashMap<i64, String>,
    buildings: HashMap<i64, String>,
    apartments: HashMap<i64, String>,
    phones: HashMap<i64, String>,
}

impl Names {
    async fn load(
        db: &impl ConnectionTrait,
        company_id: i64,
        rows: &[request::Model],
    ) -> AppResult<Self> {
        let ids = |f: fn(&request::Model) -> Option<i64>| -> Vec<i64> {
            let mut v: Vec<i64> = rows.iter().filter_map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let stages = stage::Entity::find()
            .filter(stage::Column::CompanyId.eq(company_id))
            .all(db)
            .await?;
        let statuses = dictionaries::statuses(db, company_id, &stages)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let categories = category::Entity::find()
            .filter(category::Column::CompanyId.eq(company_id))
            .filter(category::Column::Id.is_in(ids(|r| r.category_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(ids(|r| r.assignee_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let buildings = building::Entity::find()
            .filter(building::Column::CompanyId.eq(company_id))
            .filter(building::Column::Id.is_in(ids(|r| r.building_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.id, b.name))
            .collect();
        let apartments = apartment::Entity::find()
            .filter(apartment::Column::CompanyId.eq(company_id))
            .filter(apartment::Column::Id.is_in(ids(|r| r.apartment_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.number))
            .collect();
        let phones = contact::Entity::find()
            .filter(contact::Column::CompanyId.eq(company_id))
            .filter(contact::Column::Id.is_in(ids(|r| r.contact_id)))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|c| c.phone.map(|p| (c.id, p)))
            .collect();
        Ok(Self {
            statuses,
            categories,
            users,
            buildings,
            apartments,
            phones,
        })
    }
}
