//! SLA settings of the demo companies, so clocks, badges and the dashboard have something to
//! show: working calendars (with the country's holidays) and a policy per pipeline.

use crate::domain::sla::calendar::{Calendar, Exception, Hm, Week, Window};
use crate::domain::sla::policy::{Cycle, Limit, Limits, Near, Point, Policy};
use crate::model::Role;
use crate::server::auth::Actor;
use crate::server::entities::{stage, status};
use crate::server::services::sla::settings;
use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;

fn w(a: &str, b: &str) -> Window {
    Window(
        Hm::parse(a).unwrap_or(Hm::MIDNIGHT),
        Hm::parse(b).unwrap_or(Hm::END_OF_DAY),
    )
}

fn limits(normal: &str, urgent: &str) -> Limits {
    Limits {
        normal: Limit::parse(normal),
        urgent: Limit::parse(urgent),
    }
}

fn week(days: &[(usize, &[Window])]) -> Week {
    let mut wk = Week::default();
    for (i, ws) in days {
        *wk.day_mut(*i) = ws.to_vec();
    }
    wk
}

fn holidays(dates: &[(i32, u32, u32, &str)]) -> Vec<Exception> {
    dates
        .iter()
        .filter_map(|(y, m, d, name)| {
            Some(Exception {
                date: NaiveDate::from_ymd_opt(*y, *m, *d)?,
                windows: vec![],
                name: Some((*name).to_string()),
            })
        })
        .collect()
}

async fn ids(
    db: &impl ConnectionTrait,
    pipeline_id: i64,
) -> anyhow::Result<(Vec<stage::Model>, Vec<status::Model>)> {
    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(pipeline_id))
        .all(db)
        .await?;
    let statuses = status::Entity::find()
        .filter(status::Column::PipelineId.eq(pipeline_id))
        .all(db)
        .await?;
    Ok((stages, statuses))
}

fn stage_named(stages: &[stage::Model], name: &str) -> anyhow::Result<i64> {
    stages
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .ok_or_else(|| anyhow!("demo stage `{name}` missing"))
}

fn status_named(statuses: &[status::Model], name: &str) -> anyhow::Result<i64> {
    statuses
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .ok_or_else(|| anyhow!("demo status `{name}` missing"))
}

fn manager(company_id: i64) -> Actor {
    Actor {
        user_id: None,
        company_id,
        role: Role::Manager,
        session_id: None,
    }
}

/// Dispatch works Mon–Sat 08–20; field work Mon–Fri 09–18 with lunch and Saturday mornings;
/// Uzbekistan's public holidays are days off.
pub async fn property(
    db: &impl ConnectionTrait,
    company_id: i64,
    pipeline_id: i64,
) -> anyhow::Result<()> {
    let actor = manager(company_id);
    let (stages, statuses) = ids(db, pipeline_id).await?;
    let tz = "Asia/Tashkent";
    let days_off = holidays(&[
        (2026, 1, 1, "Новый год"),
        (2026, 3, 8, "Международный женский день"),
        (2026, 3, 21, "Навруз"),
        (2026, 5, 9, "День памяти и почестей"),
        (2026, 9, 1, "День независимости"),
        (2026, 10, 1, "День учителя"),
        (2026, 12, 8, "День Конституции"),
    ]);
    let dispatch = Calendar {
        timezone: tz.into(),
        week: week(&[
            (0, &[w("08:00", "20:00")]),
            (1, &[w("08:00", "20:00")]),
            (2, &[w("08:00", "20:00")]),
            (3, &[w("08:00", "20:00")]),
            (4, &[w("08:00", "20:00")]),
            (5, &[w("08:00", "20:00")]),
        ]),
        exceptions: days_off.clone(),
    };
    let field = Calendar {
        timezone: tz.into(),
        week: week(&[
            (0, &[w("09:00", "13:00"), w("14:00", "18:00")]),
            (1, &[w("09:00", "13:00"), w("14:00", "18:00")]),
            (2, &[w("09:00", "13:00"), w("14:00", "18:00")]),
            (3, &[w("09:00", "13:00"), w("14:00", "18:00")]),
            (4, &[w("09:00", "13:00"), w("14:00", "18:00")]),
            (5, &[w("09:00", "14:00")]),
        ]),
        exceptions: days_off,
    };
    settings::put_calendar(db, &actor, None, dispatch)
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("demo calendar")?;
    let work = stage_named(&stages, "В работе")?;
    settings::put_calendar(db, &actor, Some(work), field)
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("demo stage calendar")?;
    let new = stage_named(&stages, "Новые")?;
    let policy = Policy {
        stages: BTreeMap::from([
            (new, limits("00:30", "00:15")),
            (work, limits("08:00", "02:00")),
        ]),
        reaction: Some(limits("00:30", "00:10")),
        cycles: vec![Cycle {
            name: "Полный цикл".into(),
            start: Point::Stage { stage_id: new },
            end: Point::Status {
                status_id: status_named(&statuses, "Выполнена")?,
            },
            limits: limits("24:00", "06:00"),
        }],
        near: Near {
            share: Some(0.8),
            minutes: None,
        },
        auto_escalation: true,
    };
    settings::put_policy(db, &actor, pipeline_id, policy)
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("demo policy")?;
    Ok(())
}

/// The shop works Mon–Sat 09–20 (Kyiv); orders move through KeyCRM stages with limits and two
/// cycles, "to delivery" and "full cycle".
pub async fn shop(
    db: &impl ConnectionTrait,
    company_id: i64,
    pipeline_id: i64,
) -> anyhow::Result<()> {
    let actor = manager(company_id);
    let (stages, _) = ids(db, pipeline_id).await?;
    let day = [w("09:00", "20:00")];
    let cal = Calendar {
        timezone: "Europe/Kyiv".into(),
        week: week(&[
            (0, &day),
            (1, &day),
            (2, &day),
            (3, &day),
            (4, &day),
            (5, &day),
        ]),
        exceptions: holidays(&[(2026, 1, 1, "Новий рік"), (2026, 12, 25, "Різдво")]),
    };
    settings::put_calendar(db, &actor, None, cal)
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("demo shop calendar")?;
    let st = |n: &str| stage_named(&stages, n);
    let (new, approval, production, delivery, done) = (
        st("Нові")?,
        st("Погодження")?,
        st("Виробництво")?,
        st("Доставка")?,
        st("Виконано")?,
    );
    let policy = Policy {
        stages: BTreeMap::from([
            (new, limits("01:00", "00:30")),
            (approval, limits("04:00", "01:00")),
            (production, limits("24:00", "08:00")),
            (delivery, limits("48:00", "24:00")),
        ]),
        reaction: None,
        cycles: vec![
            Cycle {
                name: "До доставки".into(),
                start: Point::Stage { stage_id: new },
                end: Point::Stage { stage_id: delivery },
                limits: limits("24:00", "08:00"),
            },
            Cycle {
                name: "Повний цикл".into(),
                start: Point::Stage { stage_id: new },
                end: Point::Stage { stage_id: done },
                limits: limits("72:00", "24:00"),
            },
        ],
        near: Near {
            share: None,
            minutes: Some(60),
        },
        auto_escalation: false,
    };
    settings::put_policy(db, &actor, pipeline_id, policy)
        .await
        .map_err(|e| anyhow!("{e}"))
        .context("demo shop policy")?;
    Ok(())
}
