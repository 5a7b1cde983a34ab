//! The work on a case: tasks, sealed notes, approvals.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::case::ClosureReason;
use satuatap_core::cases::record::{Approval, ApprovalKind, ApprovalStatus, Case, CaseTask, SealedNote};
use satuatap_core::repo::CaseWorkRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

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
        limit: u32,
    ) -> Result<Vec<CaseTask>> {
        // The tasks are picked in the summary of open tasks of open cases
        // by organisation and due day (kept by the triggers of migration
        // 0041), and only those shown are read.
        // The few rows shown are checked against the tasks and cases themselves.
        let only_open = if restricted { "" } else { " AND restricted = FALSE" };
        let case_open = if restricted { "" } else { " AND c.restricted = FALSE" };
        let sql = format!(
            "{TASKS} WHERE id IN (SELECT task_id FROM open_case_tasks \
             WHERE organisation_id = $2 AND due < $1{only_open} ORDER BY due LIMIT $3) AND done_at IS NULL \
             AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_tasks.case_id AND c.organisation_id = $2 \
             AND c.status = 'open'{case_open}) ORDER BY due"
        );
        let rows: Vec<TaskRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql)
            .bind(before)
            .bind(organisation_id)
            .bind(i64::from(limit))
            .fetch_all(p)
            .await)
        .map_err(db_error)?;
        Ok(rows.into_iter().map(CaseTask::from).collect())
    }

    /// Her open tasks of open cases, found through the summary (0045):
    /// not every task left undone in her closed cases.
    async fn open_tasks_of_user(&self, user_id: Uuid) -> Result<Vec<CaseTask>> {
        let sql = format!(
            "{TASKS} WHERE id IN (SELECT task_id FROM open_case_tasks WHERE assignee_id = $1) AND done_at IS NULL \
             AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_tasks.case_id AND c.status = 'open') \
             ORDER BY due, created_at LIMIT 500"
        );
        let rows: Vec<TaskRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(user_id).fetch_all(p).await).map_err(db_error)?;
        // Found through the summary of 0041/0045, checked against the tasks themselves.
        Ok(rows.into_iter().map(CaseTask::from).filter(|t| t.assignee_id == user_id).collect())
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
