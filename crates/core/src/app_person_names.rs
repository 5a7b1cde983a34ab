//! Names of many people at once, for lists (e.g. the case lists): one
//! permission check and one audit entry for the whole list, instead of one
//! audited read per row.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::AuditRecord;
use crate::error::Result;

impl App {
    /// The full names of the people among `ids` the caller may read (the
    /// same scope as [`App::person`]; the name is shown even when the
    /// details are withheld). People outside the scope, or unknown, are left
    /// out. One audit entry names the ids read.
    pub async fn person_names(&self, ctx: &Ctx, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
        let scope = AuthCheck::new(Permission::PeopleRead).check(&ctx.actor)?;
        let mut seen = HashSet::with_capacity(ids.len());
        let ids: Vec<Uuid> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let user = ctx.actor.user();
        let region = user.and_then(|u| u.home_area.regency());
        let names: HashMap<Uuid, String> = self
            .store
            .person_labels(&ids)
            .await?
            .into_iter()
            .filter(|p| match (scope, user) {
                (Scope::All, _) | (_, None) => true,
                (Scope::District, Some(_)) => region.as_ref().is_some_and(|r| p.district_code.is_within(r)),
                (Scope::Organisation, Some(u)) => p.registered_by_organisation == u.organisation_id,
                (Scope::Own, Some(u)) => p.registered_by == Some(u.id),
            })
            .map(|p| (p.id, p.full_name))
            .collect();
        let read: Vec<Uuid> = ids.iter().copied().filter(|id| names.contains_key(id)).collect();
        if !read.is_empty() {
            let audit = AuditRecord::new(ctx, "read_names", "person", None, json!({ "ids": read }));
            self.store.append_audit(&audit).await?;
        }
        Ok(names)
    }
}
