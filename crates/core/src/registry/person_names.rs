//! Names of many people at once, for lists (e.g. the case lists): one
//! permission check and one audit entry for the whole list, instead of one
//! audited read per row.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, PersonView};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::Result;
use crate::repo::PersonLabel;

impl App {
    /// The full names of the people among `ids` the caller may read (the
    /// same scope as [`App::person`]; the name is shown even when the
    /// details are withheld). People outside the scope, or unknown, are left
    /// out. One audit entry names the ids read.
    pub async fn person_names(&self, ctx: &Ctx, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        let mut seen = HashSet::with_capacity(ids.len());
        let ids: Vec<Uuid> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        let (names, labels) = self.names_seen(ctx, &ids).await?;
        let shown: Vec<Uuid> = ids.iter().copied().filter(|id| names.contains_key(id)).collect();
        let confidential: HashSet<Uuid> = labels.iter().filter(|l| l.confidential).map(|l| l.id).collect();
        self.record_names_read(ctx, &shown, &confidential).await?;
        Ok(names)
    }

    /// The audit of names shown in a list: one entry for the list, and one
    /// of her own for each need-to-know person among them, so that the log
    /// shows it only to those who may know of her.
    pub(crate) async fn record_names_read(
        &self,
        ctx: &Ctx,
        shown: &[Uuid],
        confidential: &HashSet<Uuid>,
    ) -> Result<()> {
        let (own, listed): (Vec<Uuid>, Vec<Uuid>) = shown.iter().copied().partition(|id| confidential.contains(id));
        if !listed.is_empty() {
            let audit =
                AuditRecord::new(ctx, AuditAction::ReadNames, AuditEntity::Person, None, json!({ "ids": listed }));
            self.store.append_audit(&audit).await?;
        }
        for id in own {
            let audit =
                AuditRecord::new(ctx, AuditAction::ReadNames, AuditEntity::Person, Some(id.to_string()), json!({}));
            self.store.append_audit(&audit).await?;
        }
        Ok(())
    }

    /// The names among `ids` the caller may read, and the labels looked up,
    /// for a caller whose read is audited elsewhere (the case file names its
    /// person within the case's one read). No audit entry of its own.
    pub(crate) async fn names_seen(
        &self,
        ctx: &Ctx,
        ids: &[Uuid],
    ) -> Result<(HashMap<Uuid, String>, Vec<PersonLabel>)> {
        AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        if ids.is_empty() {
            return Ok((HashMap::new(), Vec::new()));
        }
        let labels = self.store.person_labels(ids).await?;
        let subjects: Vec<_> = labels.iter().map(|l| (l.id, l.subject())).collect();
        let views = self.person_views(ctx, &subjects).await?;
        let names = labels
            .iter()
            .filter(|l| views.get(&l.id).is_some_and(|v| *v != PersonView::Hidden))
            .map(|l| (l.id, l.full_name.clone()))
            .collect();
        Ok((names, labels))
    }
}
