//! The shop `shop`: a KeyCRM project whose orders move freely between statuses synced from
//! KeyCRM (external ids are KeyCRM status ids), customers as leads, half a year of orders.

use super::arrivals::{Arrivals, shop_weight};
use super::names::{self, Phones};
use super::pipeline::{self, StageDef, StatusDef};
use super::rand_util::{hours, minutes, phrase, pick, weighted, working};
use super::texts::{self, CITIES, PRODUCTS};
use super::timeline::Timeline;
use super::write::{Plan, Target, insert_batches};
use super::{Loaded, backdate_users, create_company, create_staff, write_requests};
use crate::server::entities::contact;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

pub const SLUG: &str = "shop";
const NAME: &str = "Інтернет-магазин «Лавка»";
const TZ: &str = "Europe/Kyiv";
const DAYS: i64 = 182;
/// KeyCRM order ids of the demo start here.
const FIRST_ORDER_ID: usize = 10_001;
/// Mixed into the seed so the shop draws its own random numbers.
const SHOP_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;
/// Webhooks from KeyCRM are often late.
const LATE_SHARE: f64 = 0.03;

const fn keycrm(name: &'static str, color: &'static str, id: &'static str) -> StatusDef {
    StatusDef {
        external_id: Some(id),
        ..StatusDef::plain(name, color)
    }
}

const fn closing(name: &'static str, color: &'static str, id: &'static str) -> StatusDef {
    StatusDef {
        closing: true,
        ..keycrm(name, color, id)
    }
}

// Indices into the flattened statuses of STAGES.
const NEW: usize = 0;
const NOT_REACHED: usize = 1;
const AWAITING_PAYMENT: usize = 2;
const PAID: usize = 3;
const APPROVED: usize = 4;
const PICKING: usize = 5;
const MAKING: usize = 6;
const READY: usize = 7;
const SENT: usize = 8;
const ARRIVED: usize = 9;
const RETURNING: usize = 10;
const RECEIVED: usize = 11;
const COMPLETED: usize = 12;
const CANCELLED: usize = 13;
const OUT_OF_STOCK: usize = 14;
const REFUSED: usize = 15;

pub const STAGES: &[StageDef] = &[
    StageDef {
        name: "Нові",
        color: "#3b82f6",
        statuses: &[
            StatusDef {
                initial: true,
                ..keycrm("Новий", "#3b82f6", "1")
            },
            keycrm("Не додзвонились", "#94a3b8", "2"),
        ],
    },
    StageDef {
        name: "Погодження",
        color: "#8b5cf6",
        statuses: &[
            StatusDef {
                pauses_sla: true,
                ..keycrm("Очікує оплату", "#a855f7", "3")
            },
            keycrm("Оплачено", "#8b5cf6", "4"),
            keycrm("Погоджено", "#6366f1", "5"),
        ],
    },
    StageDef {
        name: "Виробництво",
        color: "#f59e0b",
        statuses: &[
            keycrm("Комплектується", "#f59e0b", "6"),
            keycrm("Виготовлення", "#f97316", "7"),
            keycrm("Готово до відправки", "#eab308", "8"),
        ],
    },
    StageDef {
        name: "Доставка",
        color: "#06b6d4",
        statuses: &[
            keycrm("Відправлено", "#06b6d4", "9"),
            keycrm("Прибуло у відділення", "#0ea5e9", "10"),
            keycrm("Повернення", "#f43f5e", "11"),
        ],
    },
    StageDef {
        name: "Виконано",
        color: "#10b981",
        statuses: &[
            closing("Отримано", "#10b981", "12"),
            closing("Виконано", "#059669", "13"),
        ],
    },
    StageDef {
        name: "Скасовано",
        color: "#ef4444",
        statuses: &[
            closing("Скасовано клієнтом", "#ef4444", "14"),
            closing("Немає в наявності", "#dc2626", "15"),
            closing("Відмова при отриманні", "#b91c1c", "16"),
        ],
    },
];

pub(super) async fn load(
    db: &impl ConnectionTrait,
    opts: &super::DemoOptions,
    phc: &str,
) -> anyhow::Result<Loaded> {
    let tz: Tz = TZ
        .parse()
        .map_err(|e| anyhow::anyhow!("timezone {TZ}: {e}"))?;
    // Its own stream: the shop does not change when the property company's size does.
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ SHOP_STREAM);
    let since = opts.now - Duration::days(DAYS + 30);
    let company_id = create_company(db, NAME, SLUG, TZ, "uk", since).await?;
    let staff = create_staff(db, company_id, SLUG, phc).await?;
    let mut user_ids: Vec<i64> = staff.values().copied().collect();
    user_ids.sort_unstable();
    backdate_users(db, company_id, &user_ids, since).await?;
    let manager = user_ids.first().copied();

    let count = pipeline::flat(STAGES).count();
    let transitions: Vec<(usize, usize)> = (0..count)
        .flat_map(|a| (0..count).filter(move |b| *b != a).map(move |b| (a, b)))
        .collect();
    let (pipeline_id, statuses) =
        pipeline::create(db, company_id, "Замовлення", since, STAGES, &transitions).await?;
    super::sla::shop(db, company_id, pipeline_id).await?;
    let n = opts.shop_requests;
    let leads = create_leads(db, company_id, (n * 2 / 3).max(1), since, &mut rng).await?;

    let arrivals = Arrivals::new(opts.now, DAYS, tz, shop_weight);
    let target = Target {
        company_id,
        pipeline_id,
        statuses: &statuses,
    };
    let shop = Shop {
        tz,
        now: opts.now,
        leads: &leads,
        manager,
    };
    let events = write_requests(db, &target, n, |i| {
        let jitter: f64 = rng.random();
        let at = arrivals.at(i, n, jitter);
        shop.plan(&mut rng, at, FIRST_ORDER_ID + i)
    })
    .await?;
    Ok(Loaded {
        users: user_ids.len(),
        requests: n,
        events,
    })
}

/// Customers as leads with a KeyCRM buyer id and a phone; their ids in insertion order.
async fn create_leads(
    db: &impl ConnectionTrait,
    company_id: i64,
    count: usize,
    since: DateTime<Utc>,
    rng: &mut impl Rng,
) -> anyhow::Result<Vec<i64>> {
    let mut phones = Phones::new();
    let rows: Vec<contact::ActiveModel> = (0..count)
        .map(|i| contact::ActiveModel {
            kind: Set("lead".into()),
            name: Set(names::customer_name(rng)),
            phone: Set(Some(phones.ua(rng))),
            email: Set(rng
                .random_bool(0.4)
                .then(|| format!("client{}@example.com", i + 1))),
            external_id: Set(Some(format!("buyer-{}", 5001 + i))),
            created_at: Set(since),
            company_id: Set(company_id),
            apartment_id: Set(None),
            ..Default::default()
        })
        .collect();
    insert_batches(db, rows, "leads").await?;
    contact::Entity::find()
        .select_only()
        .column(contact::Column::Id)
        .filter(contact::Column::CompanyId.eq(company_id))
        .order_by_asc(contact::Column::Id)
        .into_tuple::<i64>()
        .all(db)
        .await
        .context("reading back demo leads")
}

struct Shop<'a> {
    tz: Tz,
    now: DateTime<Utc>,
    leads: &'a [i64],
    /// Writes the occasional note.
    manager: Option<i64>,
}

impl Shop<'_> {
    /// Order `order_id` placed at `created_at`, with its history up to `now`.
    fn plan(&self, rng: &mut impl Rng, created_at: DateTime<Utc>, order_id: usize) -> Plan {
        // Some customers come back again and again.
        let u: f64 = rng.random();
        let lead = self
            .leads
            .get((u * u * self.leads.len() as f64) as usize)
            .copied();
        let prepaid = rng.random_bool(0.6);
        let mut items: Vec<(&str, u32, bool, u32)> = Vec::new();
        for _ in 0..weighted(rng, &[0, 60, 30, 10]) {
            let (name, price, custom) = *pick(rng, PRODUCTS);
            if items.iter().all(|i| i.0 != name) {
                items.push((name, price, custom, rng.random_range(1..=2u32)));
            }
        }
        let custom = items.iter().any(|i| i.2);
        let total: u32 = items.iter().map(|i| i.1 * i.3).sum();
        let goods: Vec<String> = items
            .iter()
            .map(|(name, _, _, q)| format!("{name} × {q}"))
            .collect();
        let delivery = match weighted(rng, &[75, 15, 10]) {
            0 => format!(
                "Нова пошта, відділення №{}, {}",
                rng.random_range(1..=120),
                pick(rng, CITIES)
            ),
            1 => format!("Укрпошта, {}", pick(rng, CITIES)),
            _ => "самовивіз, Київ".to_string(),
        };
        let pickup = delivery.starts_with("самовивіз");
        let description = format!(
            "Товари: {}. Сума: {total} грн. Доставка: {delivery}. Оплата: {}.",
            goods.join(", "),
            if prepaid {
                "онлайн"
            } else {
                "накладений платіж"
            }
        );
        let urgent = rng.random_bool(0.05);
        let priority = if urgent || rng.random_bool(0.08) {
            3
        } else {
            2
        };

        let mut tl = Timeline::new(created_at, NEW, None);
        self.history(rng, &mut tl, prepaid, custom, pickup);
        if rng.random_bool(0.01) {
            let stop = [NEW, AWAITING_PAYMENT, PICKING, SENT][weighted(rng, &[1, 1, 1, 1])];
            tl.stop_at(stop);
        }
        Plan {
            title: format!("Замовлення #{order_id}"),
            description,
            category_id: None,
            priority,
            urgent,
            channel: "keycrm",
            external_id: Some(order_id.to_string()),
            building_id: None,
            apartment_id: None,
            contact_id: lead,
            created_by: None,
            events: tl.finish(rng, self.now, LATE_SHARE),
        }
    }

    /// Office hours of the shop's managers and warehouse.
    fn office(&self, rng: &mut impl Rng, t: DateTime<Utc>) -> DateTime<Utc> {
        working(rng, t, self.tz, 9, 19, 90)
    }

    /// Opening hours of the delivery branches.
    fn branch(&self, rng: &mut impl Rng, t: DateTime<Utc>) -> DateTime<Utc> {
        working(rng, t, self.tz, 8, 21, 180)
    }

    fn history(
        &self,
        rng: &mut impl Rng,
        tl: &mut Timeline,
        prepaid: bool,
        custom: bool,
        pickup: bool,
    ) {
        if rng.random_bool(0.12) {
            let t = tl.last() + minutes(rng, 10.0, 120.0);
            let t = self.office(rng, t);
            tl.status(t, NOT_REACHED, None);
            let t = tl.last() + hours(rng, 1.0, 24.0);
            let t = self.office(rng, t);
            tl.status(t, NEW, None);
        }
        if rng.random_bool(0.06) {
            let t = tl.last() + hours(rng, 0.5, 48.0);
            if rng.random_bool(0.4) {
                tl.comment(t, "Клієнт передумав, просить скасувати.", self.manager);
            }
            let to = if rng.random_bool(0.7) {
                CANCELLED
            } else {
                OUT_OF_STOCK
            };
            tl.status(t + Duration::minutes(1), to, None);
            return;
        }
        if prepaid {
            let t = tl.last() + minutes(rng, 5.0, 120.0);
            let t = self.office(rng, t);
            tl.status(t, AWAITING_PAYMENT, None);
            if rng.random_bool(0.04) {
                tl.status(tl.last() + hours(rng, 48.0, 120.0), CANCELLED, None);
                return;
            }
            tl.status(tl.last() + minutes(rng, 10.0, 24.0 * 60.0), PAID, None);
        } else {
            let t = tl.last() + minutes(rng, 10.0, 180.0);
            let t = self.office(rng, t);
            tl.status(t, APPROVED, None);
        }
        if rng.random_bool(0.05) {
            let t = tl.last() + minutes(rng, 5.0, 120.0);
            tl.comment(t, phrase(rng, texts::SHOP_NOTES), self.manager);
        }
        if custom {
            let t = tl.last() + hours(rng, 1.0, 4.0);
            let t = self.office(rng, t);
            tl.status(t, MAKING, None);
            let t = tl.last() + hours(rng, 48.0, 168.0);
            let t = self.office(rng, t);
            tl.status(t, READY, None);
        } else {
            let t = tl.last() + hours(rng, 1.0, 20.0);
            let t = self.office(rng, t);
            tl.status(t, PICKING, None);
            let t = tl.last() + hours(rng, 1.0, 6.0);
            let t = self.office(rng, t);
            tl.status(t, READY, None);
        }
        if pickup {
            tl.status(tl.last() + hours(rng, 2.0, 72.0), COMPLETED, None);
            return;
        }
        let t = tl.last() + hours(rng, 2.0, 24.0);
        let t = self.office(rng, t);
        tl.status(t, SENT, None);
        let t = tl.last() + hours(rng, 18.0, 72.0);
        let t = self.branch(rng, t);
        tl.status(t, ARRIVED, None);
        if rng.random_bool(0.04) {
            if rng.random_bool(0.5) {
                tl.status(tl.last() + hours(rng, 72.0, 168.0), RETURNING, None);
            }
            tl.status(tl.last() + hours(rng, 24.0, 120.0), REFUSED, None);
            return;
        }
        let t = tl.last() + hours(rng, 2.0, 96.0);
        let t = self.branch(rng, t);
        tl.status(t, RECEIVED, None);
        if rng.random_bool(0.25) {
            tl.status(tl.last() + hours(rng, 24.0, 336.0), COMPLETED, None);
        }
    }
}
