//! Cases repository: cases, their users, the moves of the workflow, the
//! caseload; the work on them, their facts, attachments, complaints and
//! transfers, the SOP deadlines and bulk loading in the modules below.

pub(crate) mod attachments;
pub(crate) mod complaints;
pub(crate) mod facts;
pub(crate) mod import;
pub(crate) mod restricted;
pub(crate) mod sop;
pub(crate) mod work;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::case::{CaseKind, CaseStage, CaseStatus, ClosureReason, RiskLevel};
use satuatap_core::cases::record::{Approval, Case, CaseFilter, CaseTask, Caseload};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::CaseRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::access::push_case_filter;
use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: Uuid,
    person_id: Uuid,
    kind: String,
    status: String,
    stage: String,
    risk: String,
    owner_id: Uuid,
    organisation_id: Uuid,
    district_code: String,
    restricted: bool,
    needs: String,
    labour_categories: String,
    forced_labour_indicators: String,
    trafficking_dimensions: String,
    opened_at: DateTime<Utc>,
    first_action_due: DateTime<Utc>,
    first_action_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    closure_reason: Option<String>,
    outcome: Option<String>,
    pending_approval: Option<Uuid>,
    updated_at: DateTime<Utc>,
}

/// A case of a page, with how many cases the whole list holds.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: CaseRow,
    listed: i64,
}

/// The users assigned to `rows`' cases: `(case_id, user_id)`.
fn assignees_query<'a, DB: sqlx::Database>(rows: &[CaseRow]) -> QueryBuilder<'a, DB>
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut aq: QueryBuilder<DB> = QueryBuilder::new("SELECT case_id, user_id FROM case_assignees WHERE case_id IN (");
    bind_list(&mut aq, rows.iter().map(|r| r.id));
    aq.push(")");
    aq
}

/// Cases from their rows and the assignees read with [`assignees_query`].
fn with_assignees(rows: Vec<CaseRow>, assigned: &[(Uuid, Uuid)]) -> Result<Vec<Case>> {
    rows.into_iter()
        .map(|r| {
            let mine = assigned.iter().filter(|(c, _)| *c == r.id).map(|(_, u)| *u).collect();
            case_of(r, mine)
        })
        .collect()
}

const SELECT: &str = "SELECT c.id, c.person_id, c.kind, c.status, c.stage, c.risk, c.owner_id, c.organisation_id, \
     c.district_code, c.restricted, c.needs, c.labour_categories, c.forced_labour_indicators, \
     c.trafficking_dimensions, c.opened_at, c.first_action_due, c.first_action_at, c.closed_at, c.closure_reason, \
     c.outcome, c.pending_approval, c.updated_at FROM cases c";

fn case_of(r: CaseRow, assigned: Vec<Uuid>) -> Result<Case> {
    Ok(Case {
        id: r.id,
        person_id: r.person_id,
        kind: stored("case kind", r.kind.parse::<CaseKind>())?,
        status: stored("case status", r.status.parse::<CaseStatus>())?,
        stage: stored("case stage", r.stage.parse::<CaseStage>())?,
        risk: stored("risk", r.risk.parse::<RiskLevel>())?,
        owner_id: r.owner_id,
        organisation_id: r.organisation_id,
        district_code: stored("district", AreaCode::parse("district_code", &r.district_code))?,
        restricted: r.restricted,
        assigned,
        needs: stored("needs", serde_json::from_str(&r.needs))?,
        labour_categories: stored("labour categories", serde_json::from_str(&r.labour_categories))?,
        forced_labour_indicators: stored("indicators", serde_json::from_str(&r.forced_labour_indicators))?,
        trafficking_dimensions: stored("dimensions", serde_json::from_str(&r.trafficking_dimensions))?,
        opened_at: r.opened_at,
        first_action_due: r.first_action_due,
        first_action_at: r.first_action_at,
        closed_at: r.closed_at,
        closure_reason: r.closure_reason.map(|c| stored("closure reason", c.parse::<ClosureReason>())).transpose()?,
        outcome: r.outcome,
        pending_approval: r.pending_approval,
        updated_at: r.updated_at,
    })
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(satuatap_core::Error::internal)
}

/// ` AND …` for each condition of a case filter (cases aliased `c`),
/// need-to-know included.
pub(crate) fn push_case_conditions<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, filter: &CaseFilter)
where
    Uuid: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if let Some(ids) = &filter.ids {
        if ids.is_empty() {
            qb.push(" AND FALSE");
        } else {
            qb.push(" AND c.id IN (");
            crate::pool::bind_list(qb, ids.iter().copied());
            qb.push(")");
        }
    }
    if let Some(o) = filter.organisation_id {
        qb.push(" AND c.organisation_id = ").push_bind(o);
    }
    if let Some(d) = &filter.district {
        qb.push(" AND c.district_code = ").push_bind(d.as_str().to_string());
    }
    if let Some(u) = filter.user_id {
        // A union, not an OR: each side uses its index (the owner's with
        // the status, when one is asked for: a worker owns many closed cases).
        qb.push(" AND c.id IN (SELECT o.id FROM cases o WHERE o.owner_id = ").push_bind(u);
        if let Some(s) = filter.status {
            qb.push(" AND o.status = ").push_bind(s.as_str().to_string());
        }
        qb.push(" UNION SELECT a.case_id FROM case_assignees a WHERE a.user_id = ").push_bind(u).push(")");
    }
    if let Some(person) = filter.person_id {
        qb.push(" AND c.person_id = ").push_bind(person);
    }
    if let Some(s) = filter.status {
        qb.push(" AND c.status = ").push_bind(s.as_str().to_string());
    }
    push_case_filter(qb, filter.need_to_know);
}

#[async_trait]
impl CaseRepository for Db {
    async fn insert_case(&self, c: &Case, audit: &AuditRecord) -> Result<()> {
        let (needs, lc, fl, td) = (
            json(&c.needs)?,
            json(&c.labour_categories)?,
            json(&c.forced_labour_indicators)?,
            json(&c.trafficking_dimensions)?,
        );
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO cases (id, person_id, kind, status, stage, risk, owner_id, organisation_id, district_code, \
                 restricted, needs, labour_categories, forced_labour_indicators, trafficking_dimensions, opened_at, \
                 first_action_due, first_action_at, closed_at, closure_reason, outcome, pending_approval, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                 $21, $22)",
            )
            .bind(c.id)
            .bind(c.person_id)
            .bind(c.kind.as_str())
            .bind(c.status.as_str())
            .bind(c.stage.as_str())
            .bind(c.risk.as_str())
            .bind(c.owner_id)
            .bind(c.organisation_id)
            .bind(c.district_code.as_str())
            .bind(c.restricted)
            .bind(&needs)
            .bind(&lc)
            .bind(&fl)
            .bind(&td)
            .bind(c.opened_at)
            .bind(c.first_action_due)
            .bind(c.first_action_at)
            .bind(c.closed_at)
            .bind(c.closure_reason.map(ClosureReason::as_str))
            .bind(&c.outcome)
            .bind(c.pending_approval)
            .bind(c.updated_at)
            .execute(&mut *tx)
            .await?;
            if c.restricted {
                sqlx::query(
                    "INSERT INTO restricted_records (entity, entity_id, owner_id, organisation_id, created_at) \
                     VALUES ('case', $1, $2, $3, $4)",
                )
                .bind(c.id.to_string())
                .bind(c.owner_id)
                .bind(c.organisation_id)
                .bind(c.opened_at)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn get_case(&self, id: Uuid) -> Result<Option<Case>> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let found: Option<(CaseRow, Vec<Uuid>)> = on_pool!(&self.pool, |p, _DB| async {
            let row: Option<CaseRow> = sqlx::query_as(&sql).bind(id).fetch_optional(p).await?;
            let assigned: Vec<Uuid> = sqlx::query_scalar("SELECT user_id FROM case_assignees WHERE case_id = $1")
                .bind(id)
                .fetch_all(p)
                .await?;
            Ok::<_, sqlx::Error>(row.map(|r| (r, assigned)))
        }
        .await)
        .map_err(db_error)?;
        found.map(|(r, a)| case_of(r, a)).transpose()
    }

    async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>> {
        let (rows, total, assigned): (Vec<CaseRow>, i64, Vec<(Uuid, Uuid)>) = on_pool!(&self.pool, |p, DB| async {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                push_case_conditions(qb, filter);
            };
            // The page and the size of the whole list in one statement (the
            // list is sorted whole for the page anyway).
            let mut qb: QueryBuilder<DB> =
                QueryBuilder::new(SELECT.replacen(" FROM cases c", ", COUNT(*) OVER () AS listed FROM cases c", 1));
            push_filters(&mut qb);
            qb.push(" ORDER BY c.opened_at DESC, c.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let counted: Vec<CountedRow> = qb.build_query_as().fetch_all(p).await?;
            let total = match counted.first() {
                Some(r) => r.listed,
                None if page.offset == 0 => 0,
                // A page past the end: counted on its own.
                None => {
                    let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM cases c");
                    push_filters(&mut cq);
                    cq.build_query_scalar().fetch_one(p).await?
                }
            };
            let rows: Vec<CaseRow> = counted.into_iter().map(|r| r.row).collect();
            let assigned: Vec<(Uuid, Uuid)> = if rows.is_empty() {
                Vec::new()
            } else {
                assignees_query::<DB>(&rows).build_query_as().fetch_all(p).await?
            };
            Ok::<_, sqlx::Error>((rows, total, assigned))
        }
        .await)
        .map_err(db_error)?;
        let items = with_assignees(rows, &assigned)?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn cases_after(&self, filter: &CaseFilter, after: Option<Uuid>, limit: u32) -> Result<Vec<Case>> {
        let (rows, assigned): (Vec<CaseRow>, Vec<(Uuid, Uuid)>) = on_pool!(&self.pool, |p, DB| async {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            qb.push(" WHERE 1 = 1");
            push_case_conditions(&mut qb, filter);
            if let Some(id) = after {
                qb.push(" AND c.id > ").push_bind(id);
            }
            qb.push(" ORDER BY c.id LIMIT ").push_bind(i64::from(limit));
            let rows: Vec<CaseRow> = qb.build_query_as().fetch_all(p).await?;
            let assigned: Vec<(Uuid, Uuid)> = if rows.is_empty() {
                Vec::new()
            } else {
                assignees_query::<DB>(&rows).build_query_as().fetch_all(p).await?
            };
            Ok::<_, sqlx::Error>((rows, assigned))
        }
        .await)
        .map_err(db_error)?;
        with_assignees(rows, &assigned)
    }

    async fn save_case(
        &self,
        c: &Case,
        new_tasks: &[CaseTask],
        approval: Option<&Approval>,
        audit: &AuditRecord,
    ) -> Result<()> {
        let needs = json(&c.needs)?;
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE cases SET status = $1, stage = $2, risk = $3, needs = $4, first_action_at = $5, \
                 closed_at = $6, closure_reason = $7, outcome = $8, pending_approval = $9, updated_at = $10 \
                 WHERE id = $11",
            )
            .bind(c.status.as_str())
            .bind(c.stage.as_str())
            .bind(c.risk.as_str())
            .bind(&needs)
            .bind(c.first_action_at)
            .bind(c.closed_at)
            .bind(c.closure_reason.map(ClosureReason::as_str))
            .bind(&c.outcome)
            .bind(c.pending_approval)
            .bind(c.updated_at)
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
            for t in new_tasks {
                sqlx::query(
                    "INSERT INTO case_tasks (id, case_id, what, assignee_id, due, done_at, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(t.id)
                .bind(t.case_id)
                .bind(&t.what)
                .bind(t.assignee_id)
                .bind(t.due)
                .bind(t.done_at)
                .bind(t.created_by)
                .bind(t.created_at)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(a) = approval {
                sqlx::query(
                    "INSERT INTO case_approvals (id, case_id, kind, status, closure_reason, outcome, requested_by, \
                     requested_at, decided_by, decided_at, comment) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by, \
                     decided_at = excluded.decided_at, comment = excluded.comment",
                )
                .bind(a.id)
                .bind(a.case_id)
                .bind(a.kind.as_str())
                .bind(a.status.as_str())
                .bind(a.closure_reason.map(ClosureReason::as_str))
                .bind(&a.outcome)
                .bind(a.requested_by)
                .bind(a.requested_at)
                .bind(a.decided_by)
                .bind(a.decided_at)
                .bind(&a.comment)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn assign_case(&self, c: &Case, user_id: Uuid, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("INSERT INTO case_assignees (case_id, user_id) VALUES ($1, $2)")
                .bind(c.id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            if c.restricted {
                sqlx::query(
                    "INSERT INTO restricted_record_assignees (entity, entity_id, user_id) VALUES ('case', $1, $2) \
                     ON CONFLICT (entity, entity_id, user_id) DO NOTHING",
                )
                .bind(c.id.to_string())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
        })
    }

    async fn caseload_of(
        &self,
        organisation_id: Uuid,
        now: DateTime<Utc>,
        limit: u32,
        restricted: bool,
    ) -> Result<Caseload> {
        let open = if restricted {
            "WHERE c.organisation_id = $1 AND c.status = 'open'"
        } else {
            "WHERE c.organisation_id = $1 AND c.status = 'open' AND c.restricted = FALSE"
        };
        let late = format!(
            "{SELECT} {open} AND c.first_action_at IS NULL AND c.first_action_due < $2 \
             ORDER BY c.first_action_due, c.id LIMIT $3"
        );
        let waiting = format!(
            "{SELECT} {open} AND c.first_action_at IS NULL AND c.first_action_due >= $2 \
             ORDER BY c.first_action_due, c.id LIMIT $3"
        );
        let pending =
            format!("{SELECT} {open} AND c.pending_approval IS NOT NULL ORDER BY c.updated_at, c.id LIMIT $2");
        // From the summary kept by the triggers of migration 0041.
        let by_stage = if restricted {
            "SELECT stage, CAST(SUM(n) AS BIGINT) FROM case_stage_counts WHERE organisation_id = $1 GROUP BY stage"
        } else {
            "SELECT stage, CAST(SUM(n) AS BIGINT) FROM case_stage_counts WHERE organisation_id = $1 \
             AND restricted = FALSE GROUP BY stage"
        };
        let limit = i64::from(limit);
        type Lists = (Vec<(String, i64)>, [Vec<CaseRow>; 3], Vec<(Uuid, Uuid)>);
        let (stages, [late, waiting, pending], assigned): Lists = on_pool!(&self.pool, |p, DB| async {
            let stages: Vec<(String, i64)> = sqlx::query_as(by_stage).bind(organisation_id).fetch_all(p).await?;
            let late: Vec<CaseRow> =
                sqlx::query_as(&late).bind(organisation_id).bind(now).bind(limit).fetch_all(p).await?;
            let waiting: Vec<CaseRow> =
                sqlx::query_as(&waiting).bind(organisation_id).bind(now).bind(limit).fetch_all(p).await?;
            let pending: Vec<CaseRow> = sqlx::query_as(&pending).bind(organisation_id).bind(limit).fetch_all(p).await?;
            let ids: Vec<Uuid> = late.iter().chain(&waiting).chain(&pending).map(|r| r.id).collect();
            let mut assigned = Vec::new();
            for chunk in ids.chunks(1000) {
                let mut aq: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT case_id, user_id FROM case_assignees WHERE case_id IN (");
                bind_list(&mut aq, chunk.iter().copied());
                aq.push(")");
                let found: Vec<(Uuid, Uuid)> = aq.build_query_as().fetch_all(p).await?;
                assigned.extend(found);
            }
            Ok::<_, sqlx::Error>((stages, [late, waiting, pending], assigned))
        }
        .await)
        .map_err(db_error)?;
        let cases = |rows: Vec<CaseRow>| {
            rows.into_iter()
                .map(|r| {
                    let users = assigned.iter().filter(|(c, _)| *c == r.id).map(|(_, u)| *u).collect();
                    case_of(r, users)
                })
                .collect::<Result<Vec<_>>>()
        };
        let mut counts = Vec::new();
        for (stage, n) in stages {
            counts.push((stored("case stage", stage.parse::<CaseStage>())?, count(n)));
        }
        Ok(Caseload {
            open_by_stage: CaseStage::ALL
                .iter()
                .filter_map(|s| counts.iter().find(|(c, _)| c == s).copied())
                .filter(|(_, n)| *n > 0)
                .collect(),
            first_action_overdue: cases(late)?,
            without_action: cases(waiting)?,
            overdue_tasks: Vec::new(),
            pending_approvals: cases(pending)?,
        })
    }

    async fn set_case_opened(
        &self,
        id: Uuid,
        opened_at: DateTime<Utc>,
        first_action_due: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE cases SET opened_at = $1, first_action_due = $2 WHERE id = $3")
                .bind(opened_at)
                .bind(first_action_due)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        })
    }
}
