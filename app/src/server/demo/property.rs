//! The property-management company `demo`: staff, teams, categories, the "Заявки" pipeline,
//! two residential complexes with their residents, and half a year of requests.

use super::arrivals::{Arrivals, property_weight};
use super::names::{self, EXECUTORS, INACTIVE_EXECUTOR, Phones, TEAMS};
use super::pipeline::{self, StageDef, StatusDef};
use super::property_life::{Home, World};
use super::texts::CATEGORIES;
use super::write::{Target, insert_batches};
use super::{Loaded, backdate_users, create_company, create_staff, write_requests};
use crate::model::Role;
use crate::server::entities::{
    apartment, building, category, complex, contact, distribution_rule, staff_profile, team,
};
use crate::server::services::users;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

pub const SLUG: &str = "demo";
const NAME: &str = "УК «Уютный дом»";
const TZ: &str = "Asia/Tashkent";
/// How far back the requests go.
const DAYS: i64 = 182;
const FLOORS: i32 = 9;

/// Indices into the flattened statuses of [`STAGES`].
pub const NEW: usize = 0;
pub const ASSIGNED: usize = 1;
pub const IN_PROGRESS: usize = 2;
pub const WAITING: usize = 3;
pub const DONE: usize = 4;
pub const CLOSED: usize = 5;
pub const REJECTED: usize = 6;

pub const STAGES: &[StageDef] = &[
    StageDef {
        name: "Новые",
        color: "#3b82f6",
        statuses: &[StatusDef {
            initial: true,
            ..StatusDef::plain("Новая", "#3b82f6")
        }],
    },
    StageDef {
        name: "В работе",
        color: "#f59e0b",
        statuses: &[
            StatusDef {
                requires_assignee: true,
                ..StatusDef::plain("Назначена", "#6366f1")
            },
            StatusDef {
                requires_assignee: true,
                ..StatusDef::plain("В работе", "#f59e0b")
            },
            StatusDef {
                pauses_sla: true,
                ..StatusDef::plain("Ожидание жителя", "#a855f7")
            },
        ],
    },
    StageDef {
        name: "Завершение",
        color: "#10b981",
        statuses: &[
            StatusDef::plain("Выполнена", "#10b981"),
            StatusDef {
                closing: true,
                ..StatusDef::plain("Закрыта", "#6b7280")
            },
            StatusDef {
                closing: true,
                requires_comment: true,
                ..StatusDef::plain("Отклонена", "#ef4444")
            },
        ],
    },
];

pub const TRANSITIONS: &[(usize, usize)] = &[
    (NEW, ASSIGNED),
    (NEW, REJECTED),
    (ASSIGNED, IN_PROGRESS),
    (ASSIGNED, NEW),
    (ASSIGNED, REJECTED),
    (IN_PROGRESS, WAITING),
    (WAITING, IN_PROGRESS),
    (IN_PROGRESS, DONE),
    (DONE, CLOSED),
    (DONE, IN_PROGRESS),
    (CLOSED, IN_PROGRESS),
];

/// A residential complex: name, address, short name and street for its buildings, and the
/// apartments per floor of each building.
const COMPLEXES: &[(&str, &str, &str, &str, &[i32])] = &[
    (
        "ЖК «Солнечный»",
        "г. Ташкент, Юнусабадский район, ул. Амира Темура, 108",
        "Солнечный",
        "ул. Амира Темура, 108",
        &[8, 8, 6],
    ),
    (
        "ЖК «Зелёный квартал»",
        "г. Ташкент, Мирзо-Улугбекский район, ул. Буюк Ипак Йули, 45",
        "Зелёный квартал",
        "ул. Буюк Ипак Йули, 45",
        &[8, 8, 7],
    ),
];

pub(super) async fn load(
    db: &impl ConnectionTrait,
    opts: &super::DemoOptions,
    phc: &str,
) -> anyhow::Result<Loaded> {
    let tz: chrono_tz::Tz = TZ
        .parse()
        .map_err(|e| anyhow::anyhow!("timezone {TZ}: {e}"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let since = opts.now - Duration::days(DAYS + 14);
    let company_id = create_company(db, NAME, SLUG, TZ, "ru", since).await?;
    let staff = create_staff(db, company_id, SLUG, phc).await?;
    let dispatcher = *staff
        .get("dispatcher@demo.local")
        .context("demo dispatcher missing")?;
    let executors = create_executors(db, company_id, phc, &staff).await?;
    let team_ids = create_teams(db, company_id, &executors).await?;
    let category_ids = create_categories(db, company_id, &team_ids).await?;
    create_distribution(db, company_id, &team_ids, &category_ids, opts.now).await?;
    let (pipeline_id, statuses) =
        pipeline::create(db, company_id, "Заявки", since, STAGES, TRANSITIONS).await?;
    super::sla::property(db, company_id, pipeline_id).await?;
    let homes = create_homes(db, company_id, since, &mut rng).await?;

    let mut user_ids: Vec<i64> = staff
        .values()
        .copied()
        .chain(executors.iter().copied())
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    backdate_users(db, company_id, &user_ids, since).await?;

    let mut teams: Vec<Vec<(i64, bool)>> = vec![Vec::new(); TEAMS.len()];
    for (i, e) in EXECUTORS.iter().enumerate() {
        if let (Some(members), Some(id)) = (teams.get_mut(e.team), executors.get(i)) {
            members.push((*id, i == INACTIVE_EXECUTOR));
        }
    }
    let world = World {
        tz,
        now: opts.now,
        homes: &homes,
        categories: &category_ids,
        teams: &teams,
        dispatcher,
        left_at: opts.now - Duration::days(45),
    };
    let arrivals = Arrivals::new(opts.now, DAYS, tz, property_weight);
    let target = Target {
        company_id,
        pipeline_id,
        statuses: &statuses,
    };
    let n = opts.property_requests;
    let events = write_requests(db, &target, n, |i| {
        let jitter: f64 = rng.random();
        let at = arrivals.at(i, n, jitter);
        world.plan(&mut rng, at)
    })
    .await?;
    Ok(Loaded {
        users: user_ids.len(),
        requests: n,
        events,
    })
}

/// Ids of [`EXECUTORS`] in order (the first is the demo executor created with the staff).
async fn create_executors(
    db: &impl ConnectionTrait,
    company_id: i64,
    phc: &str,
    staff: &HashMap<&'static str, i64>,
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(EXECUTORS.len());
    for e in EXECUTORS {
        let email = format!("{}@demo.local", e.login);
        let id = match staff.get(email.as_str()) {
            Some(id) => *id,
            None => users::create_with_password(
                db,
                &email,
                e.name,
                phc,
                company_id,
                Role::Executor,
                false,
            )
            .await
            .with_context(|| format!("creating demo executor {email}"))?,
        };
        ids.push(id);
    }
    Ok(ids)
}

/// Teams led by their first executor; staff profiles get their team, load and active flag.
async fn create_teams(
    db: &impl ConnectionTrait,
    company_id: i64,
    executors: &[i64],
) -> anyhow::Result<Vec<i64>> {
    let mut team_ids = Vec::with_capacity(TEAMS.len());
    for (t, name) in TEAMS.iter().enumerate() {
        let lead = EXECUTORS
            .iter()
            .position(|e| e.team == t)
            .and_then(|i| executors.get(i).copied());
        let row = team::ActiveModel {
            name: Set(name.to_string()),
            company_id: Set(company_id),
            lead_user_id: Set(lead),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("creating a demo team")?;
        team_ids.push(row.id);
    }
    for (i, (e, user_id)) in EXECUTORS.iter().zip(executors).enumerate() {
        let team_id = team_ids.get(e.team).copied();
        staff_profile::Entity::update_many()
            .col_expr(staff_profile::Column::TeamId, Expr::value(team_id))
            .col_expr(staff_profile::Column::MaxLoad, Expr::value(e.max_load))
            .col_expr(
                staff_profile::Column::Active,
                Expr::value(i != INACTIVE_EXECUTOR),
            )
            .filter(staff_profile::Column::CompanyId.eq(company_id))
            .filter(staff_profile::Column::UserId.eq(*user_id))
            .exec(db)
            .await
            .context("updating a demo staff profile")?;
    }
    Ok(team_ids)
}

/// Category ids in the order of [`CATEGORIES`].
async fn create_categories(
    db: &impl ConnectionTrait,
    company_id: i64,
    team_ids: &[i64],
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(CATEGORIES.len());
    for (position, c) in CATEGORIES.iter().enumerate() {
        let row = category::ActiveModel {
            name: Set(c.name.to_string()),
            position: Set(position as i32),
            company_id: Set(company_id),
            team_id: Set(team_ids.get(c.team).copied()),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("creating a demo category")?;
        ids.push(row.id);
    }
    Ok(ids)
}

/// One distribution rule per category, for the category's team: weighted choice, every
/// member weighing 1 except each team's lead (2). The dispatcher triggers it ("Auto-assign");
/// new requests are not assigned on arrival.
async fn create_distribution(
    db: &impl ConnectionTrait,
    company_id: i64,
    team_ids: &[i64],
    category_ids: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (c, category_id) in CATEGORIES.iter().zip(category_ids) {
        let Some(team_id) = team_ids.get(c.team) else {
            continue;
        };
        let lead = team::Entity::find_by_id(*team_id)
            .one(db)
            .await?
            .and_then(|t| t.lead_user_id);
        let weights: std::collections::BTreeMap<String, u32> =
            lead.map(|l| (l.to_string(), 2)).into_iter().collect();
        distribution_rule::ActiveModel {
            company_id: Set(company_id),
            team_id: Set(*team_id),
            channel: Set(None),
            category_id: Set(Some(*category_id)),
            strategy: Set("weighted".into()),
            on_create: Set(false),
            weights: Set(serde_json::to_string(&weights)?),
            last_user_id: Set(None),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("creating a demo distribution rule")?;
    }
    Ok(())
}

/// Complexes, buildings, apartments and one resident per apartment.
async fn create_homes(
    db: &impl ConnectionTrait,
    company_id: i64,
    since: DateTime<Utc>,
    rng: &mut impl Rng,
) -> anyhow::Result<Vec<Home>> {
    for (name, address, short, street, buildings) in COMPLEXES {
        let cx = complex::ActiveModel {
            name: Set(name.to_string()),
            address: Set(Some(address.to_string())),
            company_id: Set(company_id),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("creating a demo complex")?;
        for (b, per_floor) in buildings.iter().enumerate() {
            let house = b + 1;
            let bl = building::ActiveModel {
                name: Set(format!("{short}, дом {house}")),
                address: Set(Some(format!("г. Ташкент, {street}/{house}"))),
                company_id: Set(company_id),
                complex_id: Set(cx.id),
                ..Default::default()
            }
            .insert(db)
            .await
            .context("creating a demo building")?;
            let apartments: Vec<apartment::ActiveModel> = (0..FLOORS * per_floor)
                .map(|i| apartment::ActiveModel {
                    number: Set((i + 1).to_string()),
                    floor: Set(Some(i / per_floor + 1)),
                    company_id: Set(company_id),
                    building_id: Set(bl.id),
                    ..Default::default()
                })
                .collect();
            insert_batches(db, apartments, "apartments").await?;
        }
    }
    let apartments: Vec<(i64, i64, Option<i32>)> = apartment::Entity::find()
        .select_only()
        .columns([
            apartment::Column::Id,
            apartment::Column::BuildingId,
            apartment::Column::Floor,
        ])
        .filter(apartment::Column::CompanyId.eq(company_id))
        .order_by_asc(apartment::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .context("reading back demo apartments")?;
    let mut phones = Phones::new();
    let residents: Vec<contact::ActiveModel> = apartments
        .iter()
        .enumerate()
        .map(|(i, (apartment_id, _, _))| contact::ActiveModel {
            kind: Set("resident".into()),
            name: Set(names::resident_name(rng)),
            phone: Set(Some(phones.uz(rng))),
            email: Set(None),
            external_id: Set(rng.random_bool(0.6).then(|| format!("res-{}", i + 1))),
            created_at: Set(since),
            company_id: Set(company_id),
            apartment_id: Set(Some(*apartment_id)),
            ..Default::default()
        })
        .collect();
    insert_batches(db, residents, "residents").await?;
    let contacts: HashMap<i64, i64> = contact::Entity::find()
        .select_only()
        .columns([contact::Column::ApartmentId, contact::Column::Id])
        .filter(contact::Column::CompanyId.eq(company_id))
        .filter(contact::Column::ApartmentId.is_not_null())
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await
        .context("reading back demo residents")?
        .into_iter()
        .filter_map(|(a, c)| Some((a?, c)))
        .collect();
    apartments
        .into_iter()
        .map(|(apartment_id, building_id, floor)| {
            Ok(Home {
                building_id,
                apartment_id,
                contact_id: *contacts
                    .get(&apartment_id)
                    .context("demo resident missing")?,
                floor: floor.unwrap_or(1),
            })
        })
        .collect()
}
