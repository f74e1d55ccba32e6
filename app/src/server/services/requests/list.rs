//! The requests list: filters, search, sort and pages, all in the database and all inside the
//! caller's company.

use crate::domain::{number, phone, time};
use crate::error::AppResult;
use crate::model::{AssigneeFilter, COUNT_LIMIT, RequestFilter, RequestPage, SortKey};
use crate::server::auth::Actor;
use crate::server::entities::{contact, request};
use crate::server::services::reference::Reference;
use crate::server::services::requests::lines;
use sea_orm::sea_query::{BinOper, Expr, ExprTrait, LikeExpr, Query, SelectStatement, Value};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, Order,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};

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
    timezone: &str,
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
    if let Some(from) = f.from {
        q = q.filter(C::CreatedAt.gte(time::day_start_utc(from, timezone)));
    }
    if let Some(to) = f.to.and_then(|d| d.succ_opt()) {
        q = q.filter(C::CreatedAt.lt(time::day_start_utc(to, timezone)));
    }
    if let Some(term) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let mut any = Condition::any()
            .add(Expr::col((request::Entity, C::SearchText)).like(like(&term.to_lowercase())));
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

/// A page of the list, with the names and SLA badges of `reference`, the company's data.
///
/// One statement answers the page: its lines (the ids read from the filter's index in the
/// list's order, then those rows with their apartment, phone and clock events), each carrying
/// the count of matching requests, a subquery the database evaluates once. A page past the end
/// has no line to carry the count, so only then is it asked alone.
pub async fn list(
    db: &impl ConnectionTrait,
    reference: &Reference,
    actor: &Actor,
    f: &RequestFilter,
) -> AppResult<RequestPage> {
    let q = query(db, actor, &reference.timezone, f).await?;
    let per_page = f.per_page.clamp(1, crate::model::MAX_PER_PAGE);
    let page = Ord::max(f.page, 1);
    let offset = u64::from(page - 1) * u64::from(per_page);
    let limit = Ord::max(COUNT_LIMIT, offset + u64::from(per_page) * 10);
    // The page's ids from the filter's index alone, instead of reading every matching row to
    // sort them; the outer query orders those few lines again by the same terms.
    let backend = db.get_database_backend();
    let ids = sorted(q.clone(), f)
        .select_only()
        .column(request::Column::Id)
        .into_query();
    let (ids, values) = bounded(backend, &ids, u64::from(per_page), offset);
    // sea-query puts the right side of `IN` in parentheses.
    let page_lines = request::Entity::find()
        .filter(request::Column::CompanyId.eq(actor.company_id))
        .filter(
            Expr::col((request::Entity, request::Column::Id))
                .binary(BinOper::In, Expr::cust_with_values(ids, values)),
        );
    let counted: Vec<Counted> = sorted(lines::select(page_lines), f)
        .expr_as(count_query(backend, q.clone(), limit), "matching")
        .into_model::<Counted>()
        .all(db)
        .await?;
    let n = match counted.first() {
        Some(first) => first.matching,
        None if offset == 0 => 0,
        None => count(db, q, limit).await?,
    };
    let n = u64::try_from(n).unwrap_or(0);
    let (total, capped) = (Ord::min(n, limit), n > limit);
    let lines = counted.into_iter().map(|c| c.line).collect();
    let (rows, calendars) = lines::rows(reference, lines, chrono::Utc::now())?;
    Ok(RequestPage {
        rows,
        total,
        capped,
        page,
        per_page,
        calendars,
    })
}

/// A line of the page with the count of matching requests.
#[derive(FromQueryResult)]
struct Counted {
    #[sea_orm(nested)]
    line: lines::Line,
    matching: i64,
}

/// `stmt` as SQL for `backend` followed by `LIMIT limit OFFSET offset`, the bounds written as
/// numbers where sea-query would bind them, with the values of the filter's parameters.
/// PostgreSQL keeps a generic plan of a statement it runs often, and a generic plan takes a
/// bound it cannot see for a tenth of the table ("newest first" became a hash join over a
/// million rows), so with bound parameters it planned the list again on every call, which cost
/// more than running it (2.8 ms against 1.1 ms). With the bounds in the text it can keep a plan
/// per filter where that plan reads the page from the index.
fn bounded(
    backend: DbBackend,
    stmt: &SelectStatement,
    limit: u64,
    offset: u64,
) -> (String, Vec<Value>) {
    let built = backend.build(stmt);
    let offset = if offset > 0 {
        format!(" OFFSET {offset}")
    } else {
        String::new()
    };
    let values = built.values.map(|v| v.0).unwrap_or_default();
    (format!("{} LIMIT {limit}{offset}", built.sql), values)
}

/// Counts the requests `q` matches, no further than `limit + 1`: an exact count of a million
/// rows costs the database a scan of a million index entries on every page view; nobody reads
/// past the count's first digits, so the list says "more than".
fn count_query(backend: DbBackend, q: Select<request::Entity>, limit: u64) -> Expr {
    let matching = q.select_only().expr(Expr::val(1)).into_query();
    let (sql, values) = bounded(backend, &matching, limit + 1, 0);
    Expr::cust_with_values(
        format!("(SELECT COUNT(*) FROM ({sql}) AS matching)"),
        values,
    )
}

/// [`count_query`] asked alone.
async fn count(
    db: &impl ConnectionTrait,
    q: Select<request::Entity>,
    limit: u64,
) -> AppResult<i64> {
    let stmt = Query::select()
        .expr_as(count_query(db.get_database_backend(), q, limit), "n")
        .to_owned();
    Ok(match db.query_one(&stmt).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    })
}

/// `q` in the order `f` asks for, ties broken by id so that the order is total (numbers are
/// unique already).
pub fn sorted(q: Select<request::Entity>, f: &RequestFilter) -> Select<request::Entity> {
    order_terms(f)
        .into_iter()
        .fold(q, |q, (term, order)| q.order_by(term, order))
}

/// The terms of the order `f` asks for, most significant first (what [`sorted`] applies; the
/// SQLite export numbers its rows by the same terms).
pub fn order_terms(f: &RequestFilter) -> Vec<(Expr, Order)> {
    use request::Column as C;
    let col = |c: C| Expr::col((request::Entity, c));
    let order = if f.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    // PostgreSQL orders by an index's columns after those compared with `=`, but `closed_at IS
    // NULL` does not count as one: "open in one building, by priority" read every open entry
    // of the building and sorted them (1.6 ms at a million requests) where SQLite reads the
    // page alone. Leading with the column (one value for every matching row, so the order is
    // the same) lets PostgreSQL read the filter index in order too: `(company_id, <filter>,
    // closed_at, priority, created_at, id)` by priority, `(company_id, priority, closed_at,
    // created_at, id)` by creation. A status has its own index, without `closed_at`.
    let open_first = f.open
        && f.status.is_none()
        && (f.sort == SortKey::Priority || (f.sort == SortKey::Created && f.priority.is_some()));
    let mut terms = if open_first {
        vec![(col(C::ClosedAt), order.clone())]
    } else {
        vec![]
    };
    terms.extend(match f.sort {
        SortKey::Number => return vec![(col(C::Number), order)],
        SortKey::Created => vec![(col(C::CreatedAt), order)],
        SortKey::Updated => vec![(col(C::UpdatedAt), order)],
        SortKey::Priority => vec![(col(C::Priority), order), (col(C::CreatedAt), Order::Desc)],
        SortKey::Status => vec![
            (
                Expr::cust(
                    "(SELECT position FROM statuses WHERE statuses.id = requests.status_id)",
                ),
                order,
            ),
            (col(C::CreatedAt), Order::Desc),
        ],
    });
    // Priority and status sort newest first within a group, and so does the id that breaks a
    // tie of creation times: descending by priority, the whole order is then one index read
    // backwards (the row id ends every index entry on SQLite, and migration 15's on PostgreSQL).
    let tie = if f.descending || matches!(f.sort, SortKey::Priority | SortKey::Status) {
        Order::Desc
    } else {
        Order::Asc
    };
    terms.push((col(C::Id), tie));
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RequestFilter;
    use crate::server::testing::{TestDb, plan};
    use migrations::MigratorTrait;
    use sea_orm::{DatabaseBackend, Statement};

    /// The list's open requests in one building (or stage, category, channel) by priority, and
    /// of one priority newest first, read a page from the filter's index in order, on both
    /// backends, instead of sorting every matching entry; on PostgreSQL so does one status in a
    /// date range by update (migration 18).
    #[tokio::test]
    async fn open_filtered_pages_read_the_index_in_order() -> anyhow::Result<()> {
        let handle = TestDb::create().await?;
        let db = handle.connect().await?;
        migrations::Migrator::up(&db, None).await?;
        let actor = Actor::token(1);
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        for wanted in [
            "open=1&building=1&sort=-priority",
            "open=1&stage=1&sort=-priority",
            "open=1&category=1&sort=-priority",
            "open=1&channel=phone&sort=-priority",
            "open=1&priority=high",
            "status=1&from=2026-11-01&sort=-updated",
        ] {
            if wanted.starts_with("status") && !postgres {
                continue;
            }
            let f = RequestFilter::from_query(wanted);
            let page = sorted(query(&db, &actor, "UTC", &f).await?, &f)
                .select_only()
                .column(request::Column::Id)
                .offset(100)
                .limit(50)
                .build(db.get_database_backend())
                .to_string();
            let lines = plan(&db, &page).await?;
            assert!(
                !lines
                    .iter()
                    .any(|l| l.contains("Sort") || l.contains("TEMP B-TREE")),
                "{wanted} sorts: {lines:#?}"
            );
        }
        Ok(())
    }

    /// A page is one statement: its lines carry the count of matching requests. Only a page
    /// past the end asks the count alone. Both give the same figures as counting the rows.
    #[tokio::test]
    async fn a_page_is_one_statement() -> anyhow::Result<()> {
        use crate::server::demo::{DemoOptions, load};
        use crate::server::services::{companies, reference::ReferenceCache};
        use chrono::TimeZone;
        use sea_orm::PaginatorTrait;
        use std::sync::{Arc, Mutex};
        let handle = TestDb::create().await?;
        let mut db = handle.connect().await?;
        migrations::Migrator::up(&db, None).await?;
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 20, 15, 30, 0)
            .single()
            .ok_or_else(|| anyhow::anyhow!("no such instant"))?;
        let options = DemoOptions {
            property_requests: 120,
            shop_requests: 10,
            seed: 7,
            now,
        };
        load(&db, &options).await?;
        let company = companies::by_slug(&db, "demo").await?.id;
        let reference = ReferenceCache::default().get(&db, company).await?;
        let actor = Actor::token(company);
        let all = request::Entity::find()
            .filter(request::Column::CompanyId.eq(company))
            .count(&db)
            .await?;
        assert!(all > 40, "the demo has pages of requests: {all}");

        let asked = Arc::new(Mutex::new(Vec::<String>::new()));
        let log = asked.clone();
        db.set_metric_callback(move |info| {
            if let Ok(mut log) = log.lock() {
                log.push(info.statement.sql.clone());
            }
        });
        let statements = |query: &str| {
            let f = RequestFilter::from_query(query);
            let (db, reference, actor, asked) = (&db, &reference, &actor, &asked);
            async move {
                asked
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .clear();
                let page = list(db, reference, actor, &f).await?;
                let n = asked.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.len();
                anyhow::Ok((page, n))
            }
        };
        let (first, n) = statements("per_page=20&sort=-number").await?;
        assert_eq!(n, 1, "the first page");
        assert_eq!((first.total, first.capped), (all, false));
        assert_eq!(first.rows.len(), 20);
        let (second, _) = statements("per_page=20&page=2&sort=-number").await?;
        let sql = asked
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .concat();
        let count_bound = format!("LIMIT {})", Ord::max(COUNT_LIMIT, 20 + 200) + 1);
        assert!(
            sql.contains("IN (SELECT")
                && sql.contains("LIMIT 20 OFFSET 20)")
                && sql.contains(&count_bound),
            "the page's bounds are numbers in the statement, for PostgreSQL's plan cache: {sql}"
        );
        let numbers: Vec<&str> = first
            .rows
            .iter()
            .chain(&second.rows)
            .map(|r| r.number.as_str())
            .collect();
        let mut expected = numbers.clone();
        expected.sort_by_key(|n| std::cmp::Reverse(n[2..].parse::<i64>().unwrap_or(0)));
        assert_eq!(numbers, expected, "pages follow the order");

        let past = all.div_ceil(20) as u32 + 1;
        let (after, n) = statements(&format!("per_page=20&page={past}")).await?;
        assert_eq!(n, 2, "past the end the count is asked alone");
        assert!(after.rows.is_empty());
        assert_eq!(after.total, all);

        let (none, n) = statements("q=nothing-is-called-this").await?;
        assert_eq!(n, 1, "an empty first page needs no count");
        assert_eq!((none.total, none.rows.len()), (0, 0));
        Ok(())
    }

    /// Migration 16: PostgreSQL vacuums `requests` (setting the all-visible marks the list's
    /// index-only reads need) after 1 % of its rows changed, not the default 20 %.
    #[tokio::test]
    async fn postgres_vacuums_requests_early() -> anyhow::Result<()> {
        let handle = TestDb::create().await?;
        let db = handle.connect().await?;
        migrations::Migrator::up(&db, None).await?;
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let row = db
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT array_to_string(reloptions, ',') AS o FROM pg_class \
                 WHERE relname = 'requests' AND relkind = 'r'",
            ))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no requests table"))?;
        let options: String = row.try_get("", "o")?;
        assert!(
            options.contains("autovacuum_vacuum_scale_factor=0.01")
                && options.contains("autovacuum_vacuum_insert_scale_factor=0.01"),
            "{options}"
        );
        // Back past the migrations after 16, then 16 itself.
        let all = migrations::Migrator::migrations();
        let sixteen = all
            .iter()
            .position(|m| m.name() == "m20261206_000016_requests_vacuum")
            .ok_or_else(|| anyhow::anyhow!("no migration 16"))?;
        let steps = u32::try_from(all.len() - sixteen)?;
        migrations::Migrator::down(&db, Some(steps)).await?;
        let row = db
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT reloptions IS NULL AS reset FROM pg_class \
                 WHERE relname = 'requests' AND relkind = 'r'",
            ))
            .await?
            .ok_or_else(|| anyhow::anyhow!("no requests table"))?;
        assert!(row.try_get::<bool>("", "reset")?, "down resets the options");
        Ok(())
    }
}
