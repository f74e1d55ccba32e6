//! One tailer per server process reads the event log past the last id it has delivered and
//! broadcasts each row to the streams of that process. PostgreSQL wakes it with LISTEN/NOTIFY
//! (a trigger notifies `uprava_events` on every insert, delivered at commit), so a change made
//! through any process reaches the browsers of all of them; this process's own write requests
//! wake it when they are answered (after their commit); a short poll is the fallback.
//!
//! Ids are handed out before commit, so on PostgreSQL a row may become visible after a higher
//! one. The tailer therefore keeps a `floor` — every id at or below it has been delivered or
//! given up on — and re-reads above it until a gap fills or is five seconds old (a rolled-back
//! insert leaves a gap for ever). Streams use the floor as their SSE event id, so a client
//! that reconnects with `Last-Event-ID` is sent everything it may have missed.

use app::server::entities::{notification, request, request_event};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Notify, broadcast};

/// The PostgreSQL channel the migration's trigger notifies.
pub const CHANNEL: &str = "uprava_events";
/// Rows read per poll.
const BATCH: u64 = 1000;
/// How long a gap in the ids is waited for.
const GAP_PATIENCE: Duration = Duration::from_secs(5);

/// A row of the event log as streams send it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub id: i64,
    #[serde(skip)]
    pub company_id: i64,
    pub request_id: i64,
    pub kind: String,
    pub status_id: Option<i64>,
    /// The request's assignee now.
    pub assignee_id: Option<i64>,
    /// The assignee it had before, for an assignment event.
    #[serde(skip)]
    pub from_assignee_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A new bell notification for one user.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    pub id: i64,
    #[serde(skip)]
    pub company_id: i64,
    #[serde(skip)]
    pub user_id: i64,
    pub kind: String,
    pub request_id: Option<i64>,
}

/// What the tailer broadcasts; `cursor` is the floor after this row.
#[derive(Debug, Clone)]
pub enum Item {
    Change { change: Arc<Change>, cursor: i64 },
    Notice(Arc<Notice>),
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Item>,
    floor: Arc<std::sync::atomic::AtomicI64>,
    wake: Arc<Notify>,
}

impl Hub {
    /// Starts the tailer of this process at the end of the log.
    pub async fn spawn(db: DatabaseConnection) -> Result<Hub, DbErr> {
        let (tx, _) = broadcast::channel(4096);
        let mut tail = Tail::start(&db).await?;
        let wake = Arc::new(Notify::new());
        let hub = Hub {
            tx: tx.clone(),
            floor: Arc::new(std::sync::atomic::AtomicI64::new(tail.floor)),
            wake: wake.clone(),
        };
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        if postgres {
            listen(&db, wake.clone()).await;
        }
        // `UPRAVA_STREAM_POLL_MS` overrides the fallback poll (tests prove NOTIFY with a long one).
        let poll = std::env::var("UPRAVA_STREAM_POLL_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(if postgres {
                Duration::from_secs(1)
            } else {
                Duration::from_millis(100)
            });
        let floor = hub.floor.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(poll) => {}
                }
                match tail.poll(&db, &tx).await {
                    Ok(()) => floor.store(tail.floor, std::sync::atomic::Ordering::Release),
                    Err(e) => {
                        tracing::warn!(error = %e, "stream tailer: reading the event log failed");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(hub)
    }

    /// Reads the log now: called after every write request this process answered.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Item> {
        self.tx.subscribe()
    }

    /// Every event id at or below this has been broadcast.
    pub fn floor(&self) -> i64 {
        self.floor.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// LISTEN on PostgreSQL in a task of its own; each notification wakes the tailer. On failure
/// the tailer keeps polling and the listener reconnects.
async fn listen(db: &DatabaseConnection, wake: Arc<Notify>) {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = db.get_postgres_connection_pool().clone();
    tokio::spawn(async move {
        loop {
            let listener = async {
                let mut l = PgListener::connect_with(&pool).await?;
                l.listen(CHANNEL).await?;
                loop {
                    l.recv().await?;
                    wake.notify_one();
                }
                #[allow(unreachable_code)]
                Ok::<(), sea_orm::sqlx::Error>(())
            };
            if let Err(e) = listener.await {
                tracing::warn!(error = %e, "stream: LISTEN {CHANNEL} failed; polling meanwhile");
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}

/// The tailer's position in the event log and the notifications.
struct Tail {
    floor: i64,
    seen: BTreeSet<i64>,
    gaps: BTreeMap<i64, Instant>,
    notice: i64,
}

impl Tail {
    async fn start(db: &DatabaseConnection) -> Result<Tail, DbErr> {
        let floor: Option<i64> = request_event::Entity::find()
            .select_only()
            .column_as(request_event::Column::Id.max(), "m")
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten();
        let notice: Option<i64> = notification::Entity::find()
            .select_only()
            .column_as(notification::Column::Id.max(), "m")
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten();
        Ok(Tail {
            floor: floor.unwrap_or(0),
            seen: BTreeSet::new(),
            gaps: BTreeMap::new(),
            notice: notice.unwrap_or(0),
        })
    }

    async fn poll(
        &mut self,
        db: &DatabaseConnection,
        tx: &broadcast::Sender<Item>,
    ) -> Result<(), DbErr> {
        let rows = changes_after(db, None, self.floor, BATCH).await?;
        let now = Instant::now();
        for change in rows {
            if !self.seen.insert(change.id) {
                continue;
            }
            for missing in self.floor + 1..change.id {
                if !self.seen.contains(&missing) {
                    self.gaps.entry(missing).or_insert(now);
                }
            }
            self.gaps.remove(&change.id);
            self.advance(now);
            let cursor = self.floor;
            // Nobody listening is not an error.
            let _ = tx.send(Item::Change {
                change: Arc::new(change),
                cursor,
            });
        }
        self.advance(now);

        let notices = notification::Entity::find()
            .filter(notification::Column::Id.gt(self.notice))
            .order_by_asc(notification::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        for n in notices {
            self.notice = self.notice.max(n.id);
            let _ = tx.send(Item::Notice(Arc::new(Notice {
                id: n.id,
                company_id: n.company_id,
                user_id: n.user_id,
                kind: n.kind,
                request_id: n.request_id,
            })));
        }
        Ok(())
    }

    /// Moves the floor over delivered ids and gaps waited on long enough.
    fn advance(&mut self, now: Instant) {
        loop {
            let next = self.floor + 1;
            if self.seen.remove(&next) {
                self.floor = next;
            } else if self
                .gaps
                .get(&next)
                .is_some_and(|since| now.duration_since(*since) >= GAP_PATIENCE)
            {
                self.gaps.remove(&next);
                self.floor = next;
            } else {
                break;
            }
        }
    }
}

/// Event-log rows after id `after` (of one company, or all), oldest first, with each
/// request's current assignee.
pub async fn changes_after(
    db: &DatabaseConnection,
    company: Option<i64>,
    after: i64,
    limit: u64,
) -> Result<Vec<Change>, DbErr> {
    type Row = (
        i64,
        i64,
        i64,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        DateTime<Utc>,
    );
    let mut q = request_event::Entity::find()
        .select_only()
        .columns([
            request_event::Column::Id,
            request_event::Column::CompanyId,
            request_event::Column::RequestId,
            request_event::Column::Kind,
            request_event::Column::StatusId,
            request_event::Column::AssigneeId,
            request_event::Column::FromAssigneeId,
            request_event::Column::At,
        ])
        .filter(request_event::Column::Id.gt(after));
    if let Some(c) = company {
        q = q.filter(request_event::Column::CompanyId.eq(c));
    }
    let rows: Vec<Row> = q
        .order_by_asc(request_event::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut assignees: HashMap<i64, Option<i64>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let found: Vec<(i64, Option<i64>)> = request::Entity::find()
            .select_only()
            .columns([request::Column::Id, request::Column::AssigneeId])
            .filter(request::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        assignees.extend(found);
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, company_id, request_id, kind, status_id, assignee, from_assignee, at)| Change {
                id,
                company_id,
                request_id,
                kind,
                status_id,
                assignee_id: assignees.get(&request_id).copied().unwrap_or(assignee),
                from_assignee_id: from_assignee,
                at,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(floor: i64) -> Tail {
        Tail {
            floor,
            seen: BTreeSet::new(),
            gaps: BTreeMap::new(),
            notice: 0,
        }
    }

    #[test]
    fn the_floor_waits_for_a_gap_then_gives_up() {
        let mut t = tail(10);
        let now = Instant::now();
        t.seen.insert(12);
        t.gaps.insert(11, now);
        t.advance(now);
        assert_eq!(t.floor, 10, "11 may still commit");
        t.seen.insert(11);
        t.gaps.remove(&11);
        t.advance(now);
        assert_eq!(t.floor, 12);
        t.seen.insert(14);
        t.gaps.insert(13, now);
        t.advance(now + GAP_PATIENCE);
        assert_eq!(t.floor, 14, "a rolled-back id is given up on");
        assert!(t.seen.is_empty() && t.gaps.is_empty());
    }
}
