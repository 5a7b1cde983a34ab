//! Organisations: creating them, reading them, the protective ones.

use chrono::Utc;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::organisations::organisation::{
    NewOrganisation, Organisation, OrganisationDetail, OrganisationFilter, OrganisationSummary,
};
use crate::paging::{Page, PageRequest};

impl App {
    pub async fn create_organisation(&self, ctx: &Ctx, input: &NewOrganisation) -> Result<Organisation> {
        let valid = input.validate()?;
        AuthCheck::new(Permission::DirectoryManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let parent_id = match &valid.parent_code {
            None => None,
            Some(code) => Some(
                self.store
                    .get_organisation_by_code(code.as_str())
                    .await?
                    .ok_or_else(|| Error::invalid("parent_code", "unknown_organisation"))?
                    .id,
            ),
        };
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
