//! Creating a pipeline from a constant definition: stages, their statuses and the allowed
//! transitions between statuses.

use super::write::StatusInfo;
use crate::server::entities::{pipeline, stage, status, status_transition};
use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// A status: name, colour, and what it means for the workflow.
pub struct StatusDef {
    pub name: &'static str,
    pub color: &'static str,
    pub initial: bool,
    pub closing: bool,
    pub pauses_sla: bool,
    pub requires_assignee: bool,
    pub requires_comment: bool,
    pub external_id: Option<&'static str>,
}

impl StatusDef {
    /// A status with no flags.
    pub const fn plain(name: &'static str, color: &'static str) -> Self {
        Self {
            name,
            color,
            initial: false,
            closing: false,
            pauses_sla: false,
            requires_assignee: false,
            requires_comment: false,
            external_id: None,
        }
    }
}

pub struct StageDef {
    pub name: &'static str,
    pub color: &'static str,
    pub statuses: &'static [StatusDef],
}

/// Statuses of `stages` in order, flattened: the index used by the generators.
pub fn flat(stages: &'static [StageDef]) -> impl Iterator<Item = &'static StatusDef> {
    stages.iter().flat_map(|s| s.statuses.iter())
}

/// Inserts the pipeline; `transitions` are pairs of indices into [`flat`]. Returns the
/// pipeline id and the statuses in the same order.
pub async fn create(
    db: &impl ConnectionTrait,
    company_id: i64,
    name: &str,
    created_at: DateTime<Utc>,
    stages: &'static [StageDef],
    transitions: &[(usize, usize)],
) -> anyhow::Result<(i64, Vec<StatusInfo>)> {
    let pipe = pipeline::ActiveModel {
        name: Set(name.to_string()),
        position: Set(0),
        created_at: Set(created_at),
        company_id: Set(company_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("creating the demo pipeline")?;
    let mut statuses = Vec::new();
    let mut position = 0;
    for (stage_position, def) in stages.iter().enumerate() {
        let st = stage::ActiveModel {
            name: Set(def.name.to_string()),
            position: Set(stage_position as i32),
            color: Set(def.color.to_string()),
            company_id: Set(company_id),
            pipeline_id: Set(pipe.id),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("creating a demo stage")?;
        for s in def.statuses {
            let row = status::ActiveModel {
                name: Set(s.name.to_string()),
                position: Set(position),
                color: Set(s.color.to_string()),
                is_initial: Set(s.initial),
                is_closing: Set(s.closing),
                pauses_sla: Set(s.pauses_sla),
                requires_assignee: Set(s.requires_assignee),
                requires_comment: Set(s.requires_comment),
                external_id: Set(s.external_id.map(String::from)),
                company_id: Set(company_id),
                pipeline_id: Set(pipe.id),
                stage_id: Set(st.id),
                ..Default::default()
            }
            .insert(db)
            .await
            .context("creating a demo status")?;
            position += 1;
            statuses.push(StatusInfo {
                id: row.id,
                stage_id: st.id,
                closing: s.closing,
            });
        }
    }
    let mut rows = Vec::with_capacity(transitions.len());
    for (from, to) in transitions {
        let (Some(f), Some(t)) = (statuses.get(*from), statuses.get(*to)) else {
            anyhow::bail!("demo transition {from} → {to} names an unknown status");
        };
        rows.push(status_transition::ActiveModel {
            company_id: Set(company_id),
            from_status_id: Set(f.id),
            to_status_id: Set(t.id),
            ..Default::default()
        });
    }
    if !rows.is_empty() {
        status_transition::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
            .context("creating demo status transitions")?;
    }
    Ok((pipe.id, statuses))
}
