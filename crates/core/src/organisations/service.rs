//! Organisations: creating them, reading them, the protective ones.

use chrono::Utc;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::changes::Changes;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::organisations::organisation::{
    NewOrganisation, Organisation, OrganisationChanges, OrganisationDetail, OrganisationFilter, OrganisationSummary,
};
use crate::paging::{Page, PageRequest};
use crate::text::Code;

impl App {
    /// Creates an organisation (national administrators anywhere, district
    /// coordinators in their district); a code in use is a conflict on `code`.
    pub async fn create_organisation(&self, ctx: &Ctx, input: &NewOrganisation) -> Result<Organisation> {
        AuthCheck::new(Permission::OrganisationsManage).check(&ctx.actor)?;
        let valid = input.validate()?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let parent_id = self.parent_id(None, valid.parent_code.as_ref()).await?;
        let now = Utc::now();
        let org = Organisation {
            id: Uuid::now_v7(),
            code: valid.code.as_str().to_string(),
            name: valid.name.into_inner(),
            kind: valid.kind,
            area_code: area.code,
            parent_id,
            phone: valid.phone,
            email: valid.email,
            address: valid.address,
            active: true,
            created_at: now,
            updated_at: now,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Organisation,
            Some(org.id.to_string()),
            serde_json::json!({ "code": org.code, "name": org.name, "kind": org.kind, "area_code": org.area_code }),
        );
        self.store.insert_organisation(&org, &audit).await?;
        Ok(org)
    }

    /// Changes an organisation's name, kind, area, parent and contacts: who
    /// may manage it where it is and where it goes. One `update` entry with
    /// the fields changed; nothing changed, nothing written.
    pub async fn update_organisation(
        &self,
        ctx: &Ctx,
        id: Uuid,
        changes: &OrganisationChanges,
    ) -> Result<Organisation> {
        let old = self.store.get_organisation(id).await?.ok_or(Error::not_found("organisation"))?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&old.area_code).check(&ctx.actor)?;
        let parent_code = match old.parent_id {
            Some(pid) => self.store.get_organisation(pid).await?.map(|p| p.code),
            None => None,
        };
        let valid = changes.apply(&old, parent_code.as_deref()).validate()?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let parent_id = self.parent_id(Some(id), valid.parent_code.as_ref()).await?;
        let org = Organisation {
            name: valid.name.into_inner(),
            kind: valid.kind,
            area_code: area.code,
            parent_id,
            phone: valid.phone,
            email: valid.email,
            address: valid.address,
            updated_at: Utc::now(),
            ..old.clone()
        };
        let mut changed = Changes::default();
        changed.note("name", &old.name, &org.name);
        changed.note("kind", &old.kind, &org.kind);
        changed.note("area_code", &old.area_code, &org.area_code);
        changed.note("parent_id", &old.parent_id, &org.parent_id);
        changed.note("phone", &old.phone, &org.phone);
        changed.note("email", &old.email, &org.email);
        changed.note("address", &old.address, &org.address);
        if changed.is_empty() {
            return Ok(old);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Organisation,
            Some(org.id.to_string()),
            changed.into_details(),
        );
        self.store.update_organisation(&org, &audit).await?;
        Ok(org)
    }

    /// The id of the parent named by `code`: an existing organisation that
    /// is neither `own` nor below it.
    async fn parent_id(&self, own: Option<Uuid>, code: Option<&Code>) -> Result<Option<Uuid>> {
        let Some(code) = code else { return Ok(None) };
        let parent = self
            .store
            .get_organisation_by_code(code.as_str())
            .await?
            .ok_or_else(|| Error::invalid("parent_code", "unknown_organisation"))?;
        if let Some(own) = own {
            // Walk up from the new parent: meeting the organisation itself
            // would make a circle.
            let mut next = Some(parent.id);
            for _ in 0..32 {
                let Some(at) = next else { break };
                if at == own {
                    return Err(Error::invalid("parent_code", "parent_cycle"));
                }
                next = self.store.get_organisation(at).await?.and_then(|o| o.parent_id);
            }
        }
        Ok(Some(parent.id))
    }

    pub async fn organisation(&self, id: Uuid) -> Result<OrganisationDetail> {
        let organisation = self.store.get_organisation(id).await?.ok_or(Error::not_found("organisation"))?;
        let area = self
            .store
            .get_area(&organisation.area_code)
            .await?
            .ok_or_else(|| Error::internal("organisation without area"))?;
        let parent = match organisation.parent_id {
            Some(pid) => self.store.organisation_summaries(&[pid]).await?.into_iter().next(),
            None => None,
        };
        let offices = self.store.offices_of_organisation(id).await?;
        Ok(OrganisationDetail { organisation, area, parent, offices })
    }

    /// The names of organisations (public knowledge), by id.
    pub async fn organisation_names(&self, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.store.organisation_summaries(ids).await?.into_iter().map(|o| (o.id, o.name)).collect())
    }

    pub async fn organisation_by_code(&self, code: &str) -> Result<Organisation> {
        self.store
            .get_organisation_by_code(&code.trim().to_ascii_uppercase())
            .await?
            .ok_or(Error::not_found("organisation"))
    }

    pub async fn organisations(
        &self,
        filter: &OrganisationFilter,
        page: PageRequest,
    ) -> Result<Page<OrganisationSummary>> {
        self.store.list_organisations(filter, page).await
    }

    /// The protective organisations (crisis centres; providers of shelter,
    /// police protection, medical care), from the directory.
    pub(crate) async fn protective(&self) -> Result<crate::access::Protective> {
        use crate::access::protective::{PROTECTIVE_KINDS, PROTECTIVE_SERVICES};
        Ok(crate::access::Protective(
            self.store.organisations_by_kind_or_service(PROTECTIVE_KINDS, PROTECTIVE_SERVICES).await?,
        ))
    }
}
