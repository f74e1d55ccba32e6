//! Distribution statistics: per rule, the share its weights give each executor against the
//! share of automatic assignments each received in a period.

use super::{candidates, user_names};
use crate::domain::distribution::{Candidate, shares};
use crate::domain::time::day_start_utc;
use crate::error::AppResult;
use crate::model::{DistributionStats, Role, RuleStats, ShareRow, event_kind};
use crate::server::auth::Actor;
use crate::server::entities::{category, company, distribution_rule, request_event, team};
use chrono::{Days, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Statistics for the days `from..=to` in the company's timezone (default: the last 30 days).
pub async fn stats(
    db: &impl ConnectionTrait,
    actor: &Actor,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<DistributionStats> {
    actor.require(Role::can_manage_settings)?;
    let company_id = actor.company_id;
    let zone = company::Entity::find_by_id(company_id)
        .one(db)
        .await?
        .map(|c| c.timezone)
        .unwrap_or_else(|| "UTC".into());
    let today = Utc::now()
        .with_timezone(&crate::domain::time::tz(&zone))
        .date_naive();
    let to = to.unwrap_or(today);
    let from = from
        .filter(|f| *f <= to)
        .unwrap_or_else(|| to.checked_sub_days(Days::new(29)).unwrap_or(to));
    let start = day_start_utc(from, &zone);
    let end = day_start_utc(to.succ_opt().unwrap_or(to), &zone);

    // Automatic assignments carry their rule in `data`; manual ones have none.
    let events: Vec<(Option<i64>, Option<String>)> = request_event::Entity::find()
        .select_only()
        .column(request_event::Column::AssigneeId)
        .column(request_event::Column::Data)
        .filter(request_event::Column::CompanyId.eq(company_id))
        .filter(request_event::Column::Kind.eq(event_kind::ASSIGNED))
        .filter(request_event::Column::Data.is_not_null())
        .filter(request_event::Column::At.gte(start))
        .filter(request_event::Column::At.lt(end))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: HashMap<i64, HashMap<i64, u64>> = HashMap::new();
    for (assignee, data) in events {
        let rule = data
            .as_deref()
            .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
            .and_then(|v| v["auto"]["rule_id"].as_i64());
        if let (Some(rule), Some(assignee)) = (rule, assignee) {
            *counts.entry(rule).or_default().entry(assignee).or_default() += 1;
        }
    }

    let rules = distribution_rule::Entity::find()
        .filter(distribution_rule::Column::CompanyId.eq(company_id))
        .order_by_asc(distribution_rule::Column::Id)
        .all(db)
        .await?;
    let teams = team::Entity::find()
        .filter(team::Column::CompanyId.eq(company_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect::<HashMap<_, _>>();
    let cats = category::Entity::find()
        .filter(category::Column::CompanyId.eq(company_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect::<HashMap<_, _>>();
    let mut out = Vec::with_capacity(rules.len());
    for rule in rules {
        let mut members = candidates(db, &rule).await?;
        let rule_counts = counts.remove(&rule.id).unwrap_or_default();
        // Executors who received work but left the team since still show their share.
        for user_id in rule_counts.keys() {
            if !members.iter().any(|m| m.user_id == *user_id) {
                members.push(Candidate {
                    user_id: *user_id,
                    weight: 0,
                    load: 0,
                    max_load: 0,
                    active: false,
                });
            }
        }
        // The configured share ignores loads: it is what the weights ask for.
        let configured = shares(
            &members
                .iter()
                .map(|m| Candidate {
                    load: 0,
                    max_load: u32::MAX,
                    ..m.clone()
                })
                .collect::<Vec<_>>(),
        );
        let total: u64 = rule_counts.values().sum();
        let user_names = user_names(db, members.iter().map(|m| m.user_id)).await?;
        let rows = members
            .iter()
            .zip(configured)
            .map(|(m, configured)| {
                let assigned = rule_counts.get(&m.user_id).copied().unwrap_or(0);
                ShareRow {
                    user_id: m.user_id,
                    name: user_names.get(&m.user_id).cloned().unwrap_or_default(),
                    weight: m.weight,
                    configured,
                    assigned,
                    observed: if total > 0 {
                        assigned as f64 / total as f64
                    } else {
                        0.0
                    },
                }
            })
            .collect();
        out.push(RuleStats {
            rule_id: rule.id,
            team: teams.get(&rule.team_id).cloned().unwrap_or_default(),
            channel: rule.channel.clone(),
            category: rule.category_id.and_then(|c| cats.get(&c).cloned()),
            strategy: rule.strategy.clone(),
            total,
            rows,
        });
    }
    Ok(DistributionStats {
        from,
        to,
        rules: out,
    })
}
