//! Reading and verifying the audit log.

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::{verify_run, AuditEntry, ChainBreak, GENESIS};
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest};
use crate::repo::AuditFilter;

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

impl App {
    pub async fn audit_log(&self, ctx: &Ctx, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        self.store.list_audit(filter, page).await
    }

    /// Walks the whole chain, oldest first.
    pub async fn verify_audit(&self, ctx: &Ctx) -> Result<Verification> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        let mut prev = (0i64, GENESIS.to_string());
        loop {
            let batch = self.store.audit_after(prev.0, 5_000).await?;
            if batch.is_empty() {
                return Ok(Verification::Intact { entries: prev.0 });
            }
            match verify_run(prev.clone(), &batch) {
                Ok(last) => prev = last,
                Err(b) => return Ok(Verification::Broken(b)),
            }
        }
    }

    /// Records an audit entry on its own (e.g. the read of a record).
    pub async fn audit(&self, record: &crate::audit::AuditRecord) -> Result<AuditEntry> {
        self.store.append_audit(record).await.map_err(|e| match e {
            Error::Internal(m) => Error::Internal(format!("audit: {m}")),
            other => other,
        })
    }
}
