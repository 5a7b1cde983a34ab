//! Cases repository: cases, their users, tasks, sealed notes, approvals and
//! the SOP deadlines.

pub(crate) mod complaints;
pub(crate) mod import;
pub(crate) mod restricted;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::attachment::Attachment;
use satuatap_core::cases::case::{
    CaseKind, CaseStage, CaseStatus, ClosureReason, GbvType, PerpetratorRelationship, ReportingDelay, RiskLevel,
};
use satuatap_core::cases::record::{
    Approval, ApprovalKind, ApprovalStatus, Case, CaseFilter, CaseTask, Caseload, Incident, SealedNote, SopDeadlines,
};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::{
    AttachmentRepository, CaseFactRepository, CaseRepository, CaseWorkRepository, SealedTextRepository, SopRepository,
};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::access::push_case_filter;
use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};

/// Every sealed text by kind: how to read them all, and how to replace one.
const SEALED_READS: [(&str, &str); 6] = [
    ("note", "SELECT id, sealed FROM case_notes"),
    ("incident", "SELECT case_id, sealed_narrative FROM case_incidents WHERE sealed_narrative IS NOT NULL"),
    ("referral_reason", "SELECT id, reason_sealed FROM referrals"),
    ("referral_override", "SELECT id, override_sealed FROM referrals WHERE override_sealed IS NOT NULL"),
    ("referral_feedback", "SELECT id, feedback_sealed FROM referrals WHERE feedback_sealed IS NOT NULL"),
    ("referral_code", "SELECT id, link_code_sealed FROM referrals WHERE link_code_sealed IS NOT NULL"),
];
const SEALED_WRITES: [(&str, &str); 6] = [
    ("note", "UPDATE case_notes SET sealed = $1 WHERE id = $2"),
    ("incident", "UPDATE case_incidents SET sealed_narrative = $1 WHERE case_id = $2"),
    ("referral_reason", "UPDATE referrals SET reason_sealed = $1 WHERE id = $2"),
    ("referral_override", "UPDATE referrals SET override_sealed = $1 WHERE id = $2"),
    ("referral_feedback", "UPDATE referrals SET feedback_sealed = $1 WHERE id = $2"),
    ("referral_code", "UPDATE referrals SET link_code_sealed = $1 WHERE id = $2"),
];

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

#[derive(sqlx::FromRow)]
struct IncidentRow {
    case_id: Uuid,
    answers: String,
    gbv_type: String,
    contexts: String,
    incident_date: NaiveDate,
    first_report_date: NaiveDate,
    reporting_delay: String,
    perpetrator_relationship: Option<String>,
    reporting_consent: bool,
    sealed_narrative: Option<String>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: Uuid,
    case_id: Uuid,
    file_name: String,
    content_type: String,
    size: i64,
    uploaded_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        Attachment {
            id: r.id,
            case_id: r.case_id,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            uploaded_by: r.uploaded_by,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: Uuid,
    case_id: Uuid,
    what: String,
    assignee_id: Uuid,
    due: Option<NaiveDate>,
    done_at: Option<DateTime<Utc>>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl From<TaskRow> for CaseTask {
    fn from(r: TaskRow) -> Self {
        CaseTask {
            id: r.id,
            case_id: r.case_id,
            what: r.what,
            assignee_id: r.assignee_id,
            due: r.due,
            done_at: r.done_at,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    id: Uuid,
    case_id: Uuid,
    kind: String,
    status: String,
    closure_reason: Option<String>,
    outcome: Option<String>,
    requested_by: Uuid,
    requested_at: DateTime<Utc>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    comment: Option<String>,
}

fn approval_of(r: ApprovalRow) -> Result<Approval> {
    Ok(Approval {
        id: r.id,
        case_id: r.case_id,
        kind: stored("approval kind", r.kind.parse::<ApprovalKind>())?,
        status: stored("approval status", r.status.parse::<ApprovalStatus>())?,
        closure_reason: r.closure_reason.map(|c| stored("closure reason", c.parse::<ClosureReason>())).transpose()?,
        outcome: r.outcome,
        requested_by: r.requested_by,
        requested_at: r.requested_at,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        comment: r.comment,
    })
}

const TASKS: &str = "SELECT id, case_id, what, assignee_id, due, done_at, created_by, created_at FROM case_tasks";
const APPROVALS: &str = "SELECT id, case_id, kind, status, closure_reason, outcome, requested_by, requested_at, \
     decided_by, decided_at, comment FROM case_approvals";

/// ` AND …` for each condition of a case filter (cases aliased `c`),
/// need-to-know included.
pub(crate) fn push_case_conditions<DB: sqlx::Database>(qb: &mut QueryBuilder<DB>, filter: &CaseFilter)
where
    Uuid: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if let Some(o) = filter.organisation_id {
        qb.push(" AND c.organisation_id = ").push_bind(o);
    }
    if let Some(d) = &filter.district {
        qb.push(" AND c.district_code = ").push_bind(d.as_str().to_string());
    }
    if let Some(u) = filter.user_id {
        // A union, not an OR: each side uses its index.
        qb.push(" AND c.id IN (SELECT o.id FROM cases o WHERE o.owner_id = ")
            .push_bind(u)
            .push(" UNION SELECT a.case_id FROM case_assignees a WHERE a.user_id = ")
            .push_bind(u)
            .push(")");
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
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY c.opened_at DESC, c.id DESC LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows: Vec<CaseRow> = qb.build_query_as().fetch_all(p).await?;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM cases c");
            push_filters(&mut cq);
            let total: i64 = cq.build_query_scalar().fetch_one(p).await?;
            let mut assigned = Vec::new();
            if !rows.is_empty() {
                let mut aq: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT case_id, user_id FROM case_assignees WHERE case_id IN (");
                bind_list(&mut aq, rows.iter().map(|r| r.id));
                aq.push(")");
                assigned = aq.build_query_as().fetch_all(p).await?;
            }
            Ok::<_, sqlx::Error>((rows, total, assigned))
        }
        .await)
        .map_err(db_error)?;
        let items = rows
            .into_iter()
            .map(|r| {
                let mine = assigned.iter().filter(|(c, _)| *c == r.id).map(|(_, u)| *u).collect();
                case_of(r, mine)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
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
        let by_stage = format!("SELECT c.stage, COUNT(*) FROM cases c {open} GROUP BY c.stage");
        let limit = i64::from(limit);
        type Lists = (Vec<(String, i64)>, [Vec<CaseRow>; 3], Vec<(Uuid, Uuid)>);
        let (stages, [late, waiting, pending], assigned): Lists = on_pool!(&self.pool, |p, DB| async {
            let stages: Vec<(String, i64)> = sqlx::query_as(&by_stage).bind(organisation_id).fetch_all(p).await?;
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

#[async_trait]
impl CaseWorkRepository for Db {
    async fn tasks_of(&self, case_id: Uuid) -> Result<Vec<CaseTask>> {
        let sql = format!("{TASKS} WHERE case_id = $1 ORDER BY due, created_at");
        let rows: Vec<TaskRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(case_id).fetch_all(p).await).map_err(db_error)?;
        Ok(rows.into_iter().map(CaseTask::from).collect())
    }

    async fn overdue_tasks_of_organisation(
        &self,
        organisation_id: Uuid,
        before: NaiveDate,
        restricted: bool,
    ) -> Result<Vec<CaseTask>> {
        // The tasks are picked in the index of open tasks (migration 0017),
        // and only the 500 shown are read.
        let only_open = if restricted { "" } else { " AND c.restricted = FALSE" };
        let sql = format!(
            "{TASKS} WHERE id IN (SELECT t.id FROM cases c JOIN case_tasks t ON t.case_id = c.id \
             WHERE c.organisation_id = $2 AND c.status = 'open' AND t.done_at IS NULL AND t.due < $1{only_open} \
             ORDER BY t.due LIMIT 500) ORDER BY due"
        );
        let rows: Vec<TaskRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(before).bind(organisation_id).fetch_all(p).await)
                .map_err(db_error)?;
        Ok(rows.into_iter().map(CaseTask::from).collect())
    }

    async fn open_tasks_of_user(&self, user_id: Uuid) -> Result<Vec<CaseTask>> {
        let sql = format!(
            "{TASKS} WHERE assignee_id = $1 AND done_at IS NULL \
             AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_tasks.case_id AND c.status = 'open') \
             ORDER BY due, created_at LIMIT 500"
        );
        let rows: Vec<TaskRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(user_id).fetch_all(p).await).map_err(db_error)?;
        Ok(rows.into_iter().map(CaseTask::from).collect())
    }

    async fn complete_task(&self, c: &Case, task_id: Uuid, at: DateTime<Utc>, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE case_tasks SET done_at = $1 WHERE id = $2 AND case_id = $3 AND done_at IS NULL")
                .bind(at)
                .bind(task_id)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn insert_note(&self, c: &Case, n: &SealedNote, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_notes (id, case_id, sealed, author_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(n.id)
            .bind(n.case_id)
            .bind(&n.sealed)
            .bind(n.author_id)
            .bind(n.created_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE cases SET first_action_at = $1, updated_at = $2 WHERE id = $3")
                .bind(c.first_action_at)
                .bind(c.updated_at)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn notes_of(&self, case_id: Uuid) -> Result<Vec<SealedNote>> {
        let rows: Vec<(Uuid, Uuid, String, Option<Uuid>, DateTime<Utc>)> = on_pool!(&self.pool, |p, _DB| {
            sqlx::query_as(
            "SELECT id, case_id, sealed, author_id, created_at FROM case_notes WHERE case_id = $1 ORDER BY created_at"
        )
        .bind(case_id)
        .fetch_all(p)
        .await
        })
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, case_id, sealed, author_id, created_at)| SealedNote {
                id,
                case_id,
                sealed,
                author_id,
                created_at,
            })
            .collect())
    }

    async fn get_approval(&self, id: Uuid) -> Result<Option<Approval>> {
        let sql = format!("{APPROVALS} WHERE id = $1");
        let row: Option<ApprovalRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(approval_of).transpose()
    }

    async fn approvals_of(&self, case_id: Uuid) -> Result<Vec<Approval>> {
        let sql = format!("{APPROVALS} WHERE case_id = $1 ORDER BY requested_at");
        let rows: Vec<ApprovalRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(case_id).fetch_all(p).await).map_err(db_error)?;
        rows.into_iter().map(approval_of).collect()
    }
}

#[async_trait]
impl CaseFactRepository for Db {
    async fn classify_case(&self, c: &Case, audit: &AuditRecord) -> Result<()> {
        let (lc, fl, td) =
            (json(&c.labour_categories)?, json(&c.forced_labour_indicators)?, json(&c.trafficking_dimensions)?);
        audited!(self, audit, |tx| {
            let was: bool =
                sqlx::query_scalar("SELECT restricted FROM cases WHERE id = $1").bind(c.id).fetch_one(&mut *tx).await?;
            sqlx::query(
                "UPDATE cases SET labour_categories = $1, forced_labour_indicators = $2, \
                 trafficking_dimensions = $3, restricted = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(&lc)
            .bind(&fl)
            .bind(&td)
            .bind(c.restricted)
            .bind(c.updated_at)
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
            if c.restricted && !was {
                sqlx::query(
                    "INSERT INTO restricted_records (entity, entity_id, owner_id, organisation_id, created_at) \
                     VALUES ('case', $1, $2, $3, $4)",
                )
                .bind(c.id.to_string())
                .bind(c.owner_id)
                .bind(c.organisation_id)
                .bind(c.updated_at)
                .execute(&mut *tx)
                .await?;
                for user in &c.assigned {
                    sqlx::query(
                        "INSERT INTO restricted_record_assignees (entity, entity_id, user_id) VALUES ('case', $1, $2)",
                    )
                    .bind(c.id.to_string())
                    .bind(*user)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        })
    }

    async fn put_incident(&self, i: &Incident, sealed: Option<&str>, audit: &AuditRecord) -> Result<()> {
        let (answers, contexts) = (json(&i.answers)?, json(&i.contexts)?);
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_incidents (case_id, answers, gbv_type, contexts, incident_date, first_report_date, \
                 reporting_delay, perpetrator_relationship, reporting_consent, sealed_narrative, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (case_id) DO UPDATE SET \
                 answers = excluded.answers, gbv_type = excluded.gbv_type, contexts = excluded.contexts, \
                 incident_date = excluded.incident_date, first_report_date = excluded.first_report_date, \
                 reporting_delay = excluded.reporting_delay, \
                 perpetrator_relationship = excluded.perpetrator_relationship, \
                 reporting_consent = excluded.reporting_consent, sealed_narrative = excluded.sealed_narrative, \
                 updated_at = excluded.updated_at",
            )
            .bind(i.case_id)
            .bind(&answers)
            .bind(i.gbv_type.as_str())
            .bind(&contexts)
            .bind(i.incident_date)
            .bind(i.first_report_date)
            .bind(i.reporting_delay.as_str())
            .bind(i.perpetrator_relationship.map(PerpetratorRelationship::as_str))
            .bind(i.reporting_consent)
            .bind(sealed)
            .bind(i.updated_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn get_incident(&self, case_id: Uuid) -> Result<Option<(Incident, Option<String>)>> {
        let row: Option<IncidentRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT case_id, answers, gbv_type, contexts, incident_date, first_report_date, reporting_delay, \
             perpetrator_relationship, reporting_consent, sealed_narrative, updated_at FROM case_incidents \
             WHERE case_id = $1"
        )
        .bind(case_id)
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        let Some(r) = row else { return Ok(None) };
        let incident = Incident {
            case_id: r.case_id,
            answers: stored("answers", serde_json::from_str(&r.answers))?,
            gbv_type: stored("gbv type", r.gbv_type.parse::<GbvType>())?,
            contexts: stored("contexts", serde_json::from_str(&r.contexts))?,
            incident_date: r.incident_date,
            first_report_date: r.first_report_date,
            reporting_delay: stored("delay", r.reporting_delay.parse::<ReportingDelay>())?,
            perpetrator_relationship: r
                .perpetrator_relationship
                .map(|p| stored("perpetrator", p.parse::<PerpetratorRelationship>()))
                .transpose()?,
            reporting_consent: r.reporting_consent,
            narrative: None,
            updated_at: r.updated_at,
        };
        Ok(Some((incident, r.sealed_narrative)))
    }
}

#[async_trait]
impl AttachmentRepository for Db {
    async fn insert_attachment(&self, a: &Attachment, sealed: &[u8], audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO case_attachments (id, case_id, file_name, content_type, size, sealed, uploaded_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(a.id)
            .bind(a.case_id)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(sealed)
            .bind(a.uploaded_by)
            .bind(a.created_at)
            .execute(&mut *tx)
            .await?;
        })
    }

    async fn attachments_of(&self, case_id: Uuid) -> Result<Vec<Attachment>> {
        let rows: Vec<AttachmentRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT id, case_id, file_name, content_type, size, uploaded_by, created_at FROM case_attachments \
             WHERE case_id = $1 ORDER BY created_at DESC"
        )
        .bind(case_id)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        Ok(rows.into_iter().map(Attachment::from).collect())
    }

    async fn get_attachment(&self, id: Uuid) -> Result<Option<(Attachment, Vec<u8>)>> {
        let found: Option<(AttachmentRow, Vec<u8>)> = on_pool!(&self.pool, |p, _DB| async {
            let row: Option<AttachmentRow> = sqlx::query_as(
                "SELECT id, case_id, file_name, content_type, size, uploaded_by, created_at FROM case_attachments \
                 WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(p)
            .await?;
            let Some(row) = row else { return Ok::<_, sqlx::Error>(None) };
            let sealed: Vec<u8> =
                sqlx::query_scalar("SELECT sealed FROM case_attachments WHERE id = $1").bind(id).fetch_one(p).await?;
            Ok(Some((row, sealed)))
        }
        .await)
        .map_err(db_error)?;
        Ok(found.map(|(r, s)| (Attachment::from(r), s)))
    }
}

#[async_trait]
impl SealedTextRepository for Db {
    async fn sealed_texts(&self) -> Result<Vec<(&'static str, Uuid, String)>> {
        let mut out = Vec::new();
        for (kind, sql) in SEALED_READS.iter().copied() {
            let rows: Vec<(Uuid, String)> =
                on_pool!(&self.pool, |p, _DB| sqlx::query_as(sql).fetch_all(p).await).map_err(db_error)?;
            out.extend(rows.into_iter().map(|(id, s)| (kind, id, s)));
        }
        Ok(out)
    }

    async fn reseal(&self, texts: &[(&'static str, Uuid, String)], audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            for (kind, id, sealed) in texts {
                let Some((_, sql)) = SEALED_WRITES.iter().find(|(k, _)| k == kind) else {
                    return Err(sqlx::Error::Protocol(format!("no sealed text of kind {kind}")));
                };
                sqlx::query(sql).bind(sealed).bind(*id).execute(&mut *tx).await?;
            }
        })
    }
}

#[async_trait]
impl SopRepository for Db {
    async fn sop_deadlines(&self, district: &AreaCode) -> Result<Option<SopDeadlines>> {
        let row: Option<(i32, i32, i32)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT high_hours, medium_hours, low_hours FROM sop_settings WHERE district_code = $1"
        )
        .bind(district.as_str())
        .fetch_optional(p)
        .await)
        .map_err(db_error)?;
        Ok(row.map(|(high_hours, medium_hours, low_hours)| SopDeadlines { high_hours, medium_hours, low_hours }))
    }

    async fn put_sop_deadlines(&self, district: &AreaCode, d: &SopDeadlines, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO sop_settings (district_code, high_hours, medium_hours, low_hours, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (district_code) DO UPDATE SET \
                 high_hours = excluded.high_hours, medium_hours = excluded.medium_hours, \
                 low_hours = excluded.low_hours, updated_at = excluded.updated_at",
            )
            .bind(district.as_str())
            .bind(d.high_hours)
            .bind(d.medium_hours)
            .bind(d.low_hours)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
        })
    }
}
