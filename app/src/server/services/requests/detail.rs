//! The request page: fields, allowed next statuses, comments, attachments and the timeline.

use super::visible;
use crate::domain::distribution::Decision;
use crate::domain::number;
use crate::error::AppResult;
use crate::model::{
    AttachmentView, AutoReason, Channel, CommentView, ContactView, EventView, EventWhat, Named,
    Priority, ReasonLine, RequestDetail, RequestPermissions, StatusRef, event_kind,
};
use crate::server::auth::Actor;
use crate::server::entities::{
    apartment, attachment, building, category, comment, contact, pipeline, request_event, stage,
    status_transition, user,
};
use crate::server::services::dictionaries;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn load(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request_id: i64,
) -> AppResult<RequestDetail> {
    let r = visible(db, actor, request_id, false).await?;
    let company_id = actor.company_id;

    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(r.pipeline_id))
        .all(db)
        .await?;
    let ordered = dictionaries::statuses(db, company_id, &stages).await?;
    let order: Vec<i64> = ordered.iter().map(|s| s.id).collect();
    let statuses: HashMap<i64, StatusRef> = ordered.into_iter().map(|s| (s.id, s)).collect();
    let status = statuses
        .get(&r.status_id)
        .cloned()
        .ok_or(crate::error::AppError::Internal)?;
    let mut next_statuses: Vec<StatusRef> = status_transition::Entity::find()
        .filter(status_transition::Column::FromStatusId.eq(r.status_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| statuses.get(&t.to_status_id).cloned())
        .collect();
    next_statuses.sort_by_key(|s| order.iter().position(|id| *id == s.id));

    let comments = comment::Entity::find()
        .filter(comment::Column::RequestId.eq(r.id))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let events = request_event::Entity::find()
        .filter(request_event::Column::RequestId.eq(r.id))
        .filter(request_event::Column::CompanyId.eq(company_id))
        .order_by_asc(request_event::Column::At)
        .order_by_asc(request_event::Column::Id)
        .all(db)
        .await?;
    let attachments = attachment::Entity::find()
        .filter(attachment::Column::RequestId.eq(r.id))
        .order_by_asc(attachment::Column::CreatedAt)
        .all(db)
        .await?;

    let mut user_ids: Vec<i64> = comments.iter().filter_map(|c| c.author_id).collect();
    user_ids.extend(events.iter().filter_map(|e| e.actor_id));
    user_ids.extend(events.iter().filter_map(|e| e.assignee_id));
    user_ids.extend(events.iter().filter_map(|e| e.from_assignee_id));
    user_ids.extend(r.assignee_id);
    let decisions: HashMap<i64, Decision> = events
        .iter()
        .filter_map(|e| Some((e.id, auto_decision(e.data.as_deref()?)?)))
        .collect();
    user_ids.extend(
        decisions
            .values()
            .flat_map(|d| d.candidates.iter().map(|c| c.candidate.user_id)),
    );
    user_ids.sort_unstable();
    user_ids.dedup();
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: Option<i64>| id.and_then(|id| users.get(&id).cloned());
    let status_name = |id: Option<i64>| id.and_then(|id| statuses.get(&id).map(|s| s.name.clone()));
    let comment_text: HashMap<i64, &str> =
        comments.iter().map(|c| (c.id, c.body.as_str())).collect();

    // Walk the log in source-time order so a late event shows where it belongs and "from"
    // is the status that really came before it.
    let mut previous_status: Option<i64> = None;
    let timeline = events
        .iter()
        .filter_map(|e| {
            let what = match e.kind.as_str() {
                event_kind::CREATED => {
                    previous_status = e.status_id;
                    EventWhat::Created {
                        status: status_name(e.status_id),
                    }
                }
                event_kind::STATUS_CHANGED => {
                    let from = previous_status;
                    previous_status = e.status_id;
                    EventWhat::StatusChanged {
                        from: status_name(from),
                        to: status_name(e.status_id),
                    }
                }
                event_kind::ASSIGNED => EventWhat::Assigned {
                    from: name(e.from_assignee_id),
                    to: name(e.assignee_id),
                    auto: decisions.get(&e.id).map(|d| reason(d, &users)),
                },
                event_kind::QUEUED => EventWhat::Queued {
                    reason: decisions.get(&e.id).map(|d| reason(d, &users)),
                },
                event_kind::PRIORITY_CHANGED => EventWhat::PriorityChanged {
                    to: Priority::from_i16(e.priority.unwrap_or(2)),
                },
                event_kind::URGENCY_CHANGED => EventWhat::UrgencyChanged {
                    urgent: e.urgent.unwrap_or(false),
                    rule: e
                        .data
                        .as_deref()
                        .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                        .and_then(|v| {
                            serde_json::from_value::<crate::domain::urgency::Rule>(
                                v["rule"].clone(),
                            )
                            .ok()
                        })
                        .map(|r| format!("{}: {}", r.kind(), r.value())),
                },
                event_kind::COMMENTED => EventWhat::Commented {
                    excerpt: e
                        .comment_id
                        .and_then(|id| comment_text.get(&id))
                        .map(|t| t.chars().take(140).collect())
                        .unwrap_or_default(),
                },
                event_kind::ATTACHED => EventWhat::Attached {
                    file_name: e
                        .data
                        .as_deref()
                        .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                        .and_then(|v| v["file_name"].as_str().map(String::from))
                        .unwrap_or_default(),
                },
                _ => return None,
            };
            Some(EventView {
                id: e.id,
                at: e.at,
                recorded_at: e.recorded_at,
                actor: name(e.actor_id),
                what,
            })
        })
        .collect();

    let pipe = pipeline::Entity::find_by_id(r.pipeline_id).one(db).await?;
    let category = match r.category_id {
        Some(id) => category::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| Named {
                id: c.id,
                name: c.name,
            }),
        None => None,
    };
    let building = match r.building_id {
        Some(id) => building::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|b| Named {
                id: b.id,
                name: b.name,
            }),
        None => None,
    };
    let apartment = match r.apartment_id {
        Some(id) => apartment::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.number),
        None => None,
    };
    let contact = match r.contact_id {
        Some(id) => contact::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| ContactView {
                name: c.name,
                phone: c.phone,
            }),
        None => None,
    };
    let own = r.assignee_id.is_some() && r.assignee_id == actor.user_id;
    let role = actor.role;
    let can = RequestPermissions {
        change_status: role.can_change_status() && (role.sees_all_requests() || own),
        assign: role.can_assign(),
        comment: role.can_comment() && (role.sees_all_requests() || own),
    };

    Ok(RequestDetail {
        id: r.id,
        number: number::format(r.number),
        title: r.title,
        description: r.description,
        category,
        priority: Priority::from_i16(r.priority),
        urgent: r.urgent,
        pipeline: pipe
            .map(|p| Named {
                id: p.id,
                name: p.name,
            })
            .unwrap_or(Named {
                id: r.pipeline_id,
                name: String::new(),
            }),
        status,
        next_statuses,
        assignee: r.assignee_id.and_then(|id| {
            users.get(&id).map(|n| Named {
                id,
                name: n.clone(),
            })
        }),
        building,
        apartment,
        contact,
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Web),
        external_id: r.external_id,
        created_at: r.created_at,
        updated_at: r.updated_at,
        closed_at: r.closed_at,
        queued_at: r.queued_at,
        version: r.version,
        comments: comments
            .iter()
            .map(|c| CommentView {
                id: c.id,
                author: name(c.author_id),
                body: c.body.clone(),
                created_at: c.created_at,
            })
            .collect(),
        attachments: attachments
            .into_iter()
            .map(|a| AttachmentView {
                id: a.id,
                file_name: a.file_name,
                content_type: a.content_type,
                size: a.size,
                created_at: a.created_at,
            })
            .collect(),
        events: timeline,
        can,
    })
}

/// The picker's decision kept in an automatic assignment's event.
fn auto_decision(data: &str) -> Option<Decision> {
    let v: serde_json::Value = serde_json::from_str(data).ok()?;
    serde_json::from_value(v.get("auto")?.get("decision")?.clone()).ok()
}

/// A decision for the timeline, with names.
fn reason(d: &Decision, users: &HashMap<i64, String>) -> AutoReason {
    AutoReason {
        strategy: d.strategy.as_str().to_string(),
        candidates: d
            .candidates
            .iter()
            .map(|c| ReasonLine {
                name: users.get(&c.candidate.user_id).cloned().unwrap_or_default(),
                weight: c.candidate.weight,
                load: c.candidate.load,
                max_load: c.candidate.max_load,
                share: c.share,
                unavailable: c.unavailable.map(|u| u.as_str().to_string()),
                chosen: d.chosen == Some(c.candidate.user_id),
            })
            .collect(),
    }
}
