//! Files attached to cases, sealed.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::cases::attachment::Attachment;
use satuatap_core::repo::AttachmentRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, Db};

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
