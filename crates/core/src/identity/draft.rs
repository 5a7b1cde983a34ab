//! A draft: what a page form carried when it met an ended session (the
//! services that keep and give it back are in `keep_draft.rs`).

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How long a draft is kept.
pub const DRAFT_LIFETIME: chrono::Duration = chrono::Duration::hours(2);
/// At most this many drafts are kept at once (a draft needs no sign-in, so
/// their number is bounded); beyond it the form is not kept.
pub const MAX_LIVE_DRAFTS: i64 = 1000;
/// At most this many fields of one form are kept.
pub const MAX_FIELDS: usize = 200;

/// What a form carried: where it was sent, the page it came from and its
/// fields in order (the CSRF token left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDraft {
    /// The path the form was POSTed to.
    pub action: String,
    /// The local page the form was on (where to go back), if known.
    pub return_to: String,
    pub fields: Vec<(String, String)>,
}

/// A draft as stored.
#[derive(Debug, Clone)]
pub struct DraftRecord {
    /// SHA-256 of the draft id; the id itself is never stored.
    pub id_hash: String,
    /// The user whose session ended, when known.
    pub user_id: Option<Uuid>,
    pub action: String,
    pub return_to: String,
    /// The fields as JSON, sealed with the keyring and bound to `id_hash`.
    pub sealed_fields: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
