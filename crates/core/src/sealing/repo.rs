//! What key rotation needs from storage: every sealed text, whatever its domain.

use async_trait::async_trait;
use uuid::Uuid;

use crate::audit::chain::AuditRecord;
use crate::error::Result;

/// The confidential texts sealed with the keyring (case notes, incident
/// narratives, referral reasons, overrides, feedback and link codes), read
/// and replaced together when the keys rotate. Sealed attachments (bytes)
/// are not among them.
#[async_trait]
pub trait SealedTextRepository: Send + Sync {
    /// Every sealed text: (kind, record id, sealed text); the kinds are `note`,
    /// `incident` and `referral_reason`, `_override`, `_feedback`, `_code`.
    async fn sealed_texts(&self) -> Result<Vec<(&'static str, Uuid, String)>>;
    /// Replaces sealed texts (same shape) in one transaction.
    async fn reseal(&self, texts: &[(&'static str, Uuid, String)], audit: &AuditRecord) -> Result<()>;
}
