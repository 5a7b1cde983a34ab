//! Drafts: what a page form carried when it met an ended session, kept a
//! short while so that nothing typed is lost. The fields are sealed at rest
//! (bound to the draft), the draft is found only by the random id carried in
//! the sign-in URL (stored hashed, like session secrets), it is given back
//! once and then deleted, and it expires after [`DRAFT_LIFETIME`].
//!
//! Who gets it back: when the ended session is known, only its user; when
//! the browser carried no session (or an unknown one), the first user who
//! signs in with the draft id *and* holds the permission of the form's
//! route (the caller says so: `core` knows no routes). The draft is shown
//! for the user to check and send again, never sent on its own.

use chrono::Utc;
use serde_json::json;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::identity::draft::{DraftRecord, FormDraft, DRAFT_LIFETIME, MAX_FIELDS, MAX_LIVE_DRAFTS};
use crate::identity::secrets::{new_secret, secret_hash};

impl App {
    /// Keeps a form that met an ended session (`session_secret`: the cookie
    /// it carried, if any). Returns the draft id to carry in the sign-in URL,
    /// or `None` when it was not kept (no sealing key, too many drafts).
    /// One audit entry says a draft was kept (for whom, for which form),
    /// never what it holds.
    pub async fn keep_draft(
        &self,
        ctx: &Ctx,
        session_secret: Option<&str>,
        draft: FormDraft,
    ) -> Result<Option<String>> {
        let Ok(keyring) = self.keyring() else { return Ok(None) };
        let user_id = match session_secret {
            Some(secret) => self.store.get_session(&secret_hash(secret)).await?.map(|s| s.user_id),
            None => None,
        };
        let mut fields = draft.fields;
        fields.truncate(MAX_FIELDS);
        let json = serde_json::to_string(&fields).map_err(|e| Error::internal(e.to_string()))?;
        let id = new_secret();
        let id_hash = secret_hash(&id);
        let now = Utc::now();
        let record = DraftRecord {
            sealed_fields: keyring.seal(&json, &id_hash)?,
            id_hash,
            user_id,
            action: draft.action,
            return_to: draft.return_to,
            created_at: now,
            expires_at: now + DRAFT_LIFETIME,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::DraftKept,
            AuditEntity::Session,
            user_id.map(|u| u.to_string()),
            json!({ "form": record.action, "fields": fields.len() }),
        );
        let kept = self.store.insert_draft(&record, MAX_LIVE_DRAFTS, &audit).await?;
        Ok(kept.then_some(id))
    }

    /// Gives a draft back to the signed-in caller, once: `None` when there is
    /// no such live draft or it is not theirs (then it stays for its owner).
    /// `may_send(action)` says whether the caller may send the form at all;
    /// it decides for drafts whose session was unknown.
    pub async fn take_draft(
        &self,
        ctx: &Ctx,
        id: &str,
        may_send: impl FnOnce(&str) -> bool,
    ) -> Result<Option<FormDraft>> {
        let Some(user) = ctx.actor.user() else { return Ok(None) };
        let id_hash = secret_hash(id);
        let now = Utc::now();
        let Some(record) = self.store.get_draft(&id_hash, now).await? else { return Ok(None) };
        let allowed = match record.user_id {
            Some(owner) => owner == user.id,
            None => may_send(&record.action),
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::DraftReturned,
            AuditEntity::Session,
            Some(user.id.to_string()),
            json!({ "form": record.action }),
        );
        if !allowed || !self.store.delete_draft(&id_hash, &audit).await? {
            return Ok(None);
        }
        let json = self.keyring()?.open(&record.sealed_fields, &id_hash)?;
        let fields: Vec<(String, String)> = serde_json::from_str(&json).map_err(|e| Error::internal(e.to_string()))?;
        Ok(Some(FormDraft { action: record.action, return_to: record.return_to, fields }))
    }
}
