//! The language a user reads the pages in, kept with their account.

use chrono::Utc;
use serde_json::json;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::identity::users::Language;

impl App {
    /// Keeps the language of the acting user's pages with their account
    /// (`""`: not chosen, the browser's switch decides). One
    /// `language_changed` entry when it changes; none when it stays.
    pub async fn set_language(&self, ctx: &Ctx, raw: &str) -> Result<Option<Language>> {
        let user_id = ctx.actor.user_id().ok_or(Error::Unauthenticated)?;
        let language = match raw.trim() {
            "" => None,
            code => Some(Language::parse("language", code).map_err(|e| Error::Invalid(vec![e]))?),
        };
        let record = self.store.get_user(user_id).await?.ok_or(Error::Unauthenticated)?;
        if record.language == language {
            return Ok(language);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::LanguageChanged,
            AuditEntity::User,
            Some(user_id.to_string()),
            json!({ "from": record.language, "to": language }),
        );
        self.store.set_user_language(user_id, language, Utc::now(), &audit).await?;
        Ok(language)
    }
}
