//! Every sealed text, whatever its domain, for key rotation.

use async_trait::async_trait;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::repo::SealedTextRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, Db};

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
