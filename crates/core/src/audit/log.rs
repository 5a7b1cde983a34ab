//! Reading and verifying the audit log.

use std::collections::BTreeMap;

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::access::{Actor, AuthCheck, Ctx, NeedToKnow, Permission};
use crate::app::App;
use crate::audit::chain::{AuditEntry, ChainBreak, GENESIS};
use crate::audit::seal::{check_head, verify_run, Anchor, StoredCheckpoint};
use crate::error::{Error, FieldError, Result};
use crate::paging::{Page, PageRequest};
use crate::repo::{AuditFilter, AuditReader};

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

impl App {
    /// The audit log, newest first, without the entries the reader may not
    /// know of (about restricted work, need-to-know people, or a
    /// protective organisation beside a person): left out before counting,
    /// like any list — no redacted row, no total that betrays them.
    pub async fn audit_log(&self, ctx: &Ctx, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        let org = ctx.actor.user().map(|u| u.organisation_id);
        let protective_elsewhere = match &ctx.actor {
            Actor::System => Vec::new(),
            _ => self.protective().await?.0.into_iter().filter(|o| Some(*o) != org).collect(),
        };
        let reader = AuditReader { need_to_know: NeedToKnow::of(&ctx.actor), protective_elsewhere };
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if to < from {
                return Err(Error::Invalid(vec![FieldError::new("to", "before_from")]));
            }
        }
        let filter = AuditFilter {
            since: filter.from.map(|d| self.start_of_day(d)),
            before: filter.to.and_then(|d| d.succ_opt()).map(|d| self.start_of_day(d)),
            hidden_from: Some(reader),
            ..filter.clone()
        };
        self.store.list_audit(&filter, page).await
    }

    /// When a day of the office's time zone begins, as an instant.
    fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_time(NaiveTime::MIN);
        match self.time_zone.from_local_datetime(&midnight) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            // A day that begins in a gap of the clock: its first hour that exists.
            LocalResult::None => self
                .time_zone
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
                .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc)),
        }
    }

    /// Walks the whole chain, oldest first, then checks its head against the
    /// audit key file and the checkpoint kept outside the database.
    pub async fn verify_audit(&self, ctx: &Ctx) -> Result<Verification> {
        self.verify_audit_against(ctx, None).await
    }

    /// [`Self::verify_audit`], and the head against a checkpoint kept
    /// elsewhere (`audit verify --anchor`).
    pub async fn verify_audit_against(&self, ctx: &Ctx, anchor: Option<&Anchor>) -> Result<Verification> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        let seal = self.store.audit_seal().await?;
        let key = seal.as_ref().map(|s| &s.key);
        // The entries the witnesses name: their hashes are kept during the walk.
        let mut named: BTreeMap<i64, Option<String>> = BTreeMap::new();
        if let Some(s) = &seal {
            named.insert(s.key.legacy_until(), None);
            if let StoredCheckpoint::Present(c) = &s.checkpoint {
                named.insert(c.seq, None);
            }
        }
        if let Some(a) = anchor {
            named.insert(a.seq, None);
        }
        let mut prev = (0i64, GENESIS.to_string());
        loop {
            let batch = self.store.audit_after(prev.0, 5_000).await?;
            if batch.is_empty() {
                break;
            }
            match verify_run(key, prev.clone(), &batch) {
                Ok(last) => prev = last,
                Err(b) => return Ok(Verification::Broken(b)),
            }
            for e in &batch {
                if let Some(slot) = named.get_mut(&e.seq) {
                    *slot = Some(e.hash.clone());
                }
            }
        }
        let head = prev.0;
        match check_head(seal.as_ref(), anchor, head, |seq| named.get(&seq).cloned().flatten()) {
            Ok(()) => Ok(Verification::Intact { entries: head }),
            Err(b) => Ok(Verification::Broken(b)),
        }
    }

    /// Records an audit entry on its own (e.g. the read of a record).
    pub async fn audit(&self, record: &crate::audit::chain::AuditRecord) -> Result<AuditEntry> {
        self.store.append_audit(record).await.map_err(|e| match e {
            Error::Internal(m) => Error::Internal(format!("audit: {m}")),
            other => other,
        })
    }
}
