//! Offices: creating them, the organisations under their roof, reading them.

use chrono::Utc;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::organisations::organisation::{
    NewOffice, Office, OfficeDetail, OfficeFilter, OfficeOverview, OfficeSummary,
};
use crate::paging::{Page, PageRequest};

impl App {
    pub async fn create_office(&self, ctx: &Ctx, input: &NewOffice) -> Result<Office> {
        let valid = input.validate()?;
        AuthCheck::new(Permission::DirectoryManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let operator = self
            .store
            .get_organisation_by_code(valid.organisation_code.as_str())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))?;
        let now = Utc::now();
        let office = Office {
            id: Uuid::now_v7(),
            code: valid.code.as_str().to_string(),
            name: valid.name.into_inner(),
            kind: valid.kind,
            area_code: area.code,
            organisation_id: operator.id,
            address: valid.address,
            phone: valid.phone,
            created_at: now,
            updated_at: now,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Create,
            AuditEntity::Office,
            Some(office.id.to_string()),
            serde_json::json!({ "code": office.code, "name": office.name, "kind": office.kind, "area_code": office.area_code,
                                "organisation_id": office.organisation_id }),
        );
        self.store.insert_office(&office, &audit).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::Office,
            Some(office.id.to_string()),
            serde_json::json!({ "organisation_id": operator.id }),
        );
        self.store.add_office_member(office.id, operator.id, &audit).await?;
        Ok(office)
    }

    /// Records that an organisation serves under an office's roof.
    pub async fn add_office_member(&self, ctx: &Ctx, office_id: Uuid, organisation_code: &str) -> Result<()> {
        let org = self
            .store
            .get_organisation_by_code(&organisation_code.trim().to_ascii_uppercase())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))?;
        let office = self.store.get_office(office_id).await?.ok_or(Error::not_found("office"))?;
        AuthCheck::new(Permission::DirectoryManage).in_area(&office.area_code).check(&ctx.actor)?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::Office,
            Some(office_id.to_string()),
            serde_json::json!({ "organisation_id": org.id }),
        );
        self.store.add_office_member(office_id, org.id, &audit).await
    }

    pub async fn office(&self, id: Uuid) -> Result<OfficeDetail> {
        let office = self.store.get_office(id).await?.ok_or(Error::not_found("office"))?;
        let area =
            self.store.get_area(&office.area_code).await?.ok_or_else(|| Error::internal("office without area"))?;
        let ancestors = self.ancestors(&office.area_code).await?;
        let operator = self
            .store
            .organisation_summaries(&[office.organisation_id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("office without operator"))?;
        let members = self.store.office_members(id).await?;
        Ok(OfficeDetail { office, area, ancestors, operator, members })
    }

    /// The LTSA-MRC offices with their partner and village-centre counts.
    pub async fn ltsa_overview(&self) -> Result<Vec<OfficeOverview>> {
        self.store.ltsa_overview().await
    }

    pub async fn offices(&self, filter: &OfficeFilter, page: PageRequest) -> Result<Page<OfficeSummary>> {
        self.store.list_offices(filter, page).await
    }
}
