//! Offices: creating them, the organisations under their roof, reading them.

use chrono::Utc;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::changes::Changes;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, Result};
use crate::organisations::organisation::{
    NewOffice, Office, OfficeChanges, OfficeDetail, OfficeFilter, OfficeOverview, OfficeSummary, Organisation,
};
use crate::paging::{Page, PageRequest};

impl App {
    /// Creates an office run by an organisation, which serves under its roof
    /// from the start: national administrators anywhere, district
    /// coordinators in their district; a code in use is a conflict on `code`.
    pub async fn create_office(&self, ctx: &Ctx, input: &NewOffice) -> Result<Office> {
        AuthCheck::new(Permission::OrganisationsManage).check(&ctx.actor)?;
        let valid = input.validate()?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let operator = self.member_by_code(valid.organisation_code.as_str()).await?;
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

    /// Changes an office's name, kind, area, address, phone or operator:
    /// who may manage it where it is and where it goes. One `update` entry
    /// with the fields changed (and `add_member` when a new operator joins
    /// the roof); nothing changed, nothing written.
    pub async fn update_office(&self, ctx: &Ctx, id: Uuid, changes: &OfficeChanges) -> Result<Office> {
        let old = self.store.get_office(id).await?.ok_or(Error::not_found("office"))?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&old.area_code).check(&ctx.actor)?;
        let operator_code = self.store.get_organisation(old.organisation_id).await?.map(|o| o.code).unwrap_or_default();
        let valid = changes.apply(&old, &operator_code).validate()?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&valid.area_code).check(&ctx.actor)?;
        let area = self.existing_area("area_code", valid.area_code.as_str()).await?;
        let operator = self.member_by_code(valid.organisation_code.as_str()).await?;
        let office = Office {
            name: valid.name.into_inner(),
            kind: valid.kind,
            area_code: area.code,
            organisation_id: operator.id,
            address: valid.address,
            phone: valid.phone,
            updated_at: Utc::now(),
            ..old.clone()
        };
        let mut changed = Changes::default();
        changed.note("name", &old.name, &office.name);
        changed.note("kind", &old.kind, &office.kind);
        changed.note("area_code", &old.area_code, &office.area_code);
        changed.note("organisation_id", &old.organisation_id, &office.organisation_id);
        changed.note("address", &old.address, &office.address);
        changed.note("phone", &old.phone, &office.phone);
        if changed.is_empty() {
            return Ok(old);
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Office,
            Some(id.to_string()),
            changed.into_details(),
        );
        self.store.update_office(&office, &audit).await?;
        if office.organisation_id != old.organisation_id {
            let audit = AuditRecord::new(
                ctx,
                AuditAction::AddMember,
                AuditEntity::Office,
                Some(id.to_string()),
                serde_json::json!({ "organisation_id": operator.id }),
            );
            self.store.add_office_member(id, operator.id, &audit).await?;
        }
        Ok(office)
    }

    /// Records that an organisation serves under an office's roof (a desk):
    /// one `add_member` entry, none when it serves there already.
    pub async fn add_office_member(&self, ctx: &Ctx, office_id: Uuid, organisation_code: &str) -> Result<Office> {
        let office = self.store.get_office(office_id).await?.ok_or(Error::not_found("office"))?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&office.area_code).check(&ctx.actor)?;
        let org = self.member_by_code(organisation_code).await?;
        let audit = AuditRecord::new(
            ctx,
            AuditAction::AddMember,
            AuditEntity::Office,
            Some(office_id.to_string()),
            serde_json::json!({ "organisation_id": org.id }),
        );
        self.store.add_office_member(office_id, org.id, &audit).await?;
        Ok(office)
    }

    /// Takes an organisation from under an office's roof: one
    /// `remove_member` entry. The operator stays; an organisation that does
    /// not serve there is a field error.
    pub async fn remove_office_member(&self, ctx: &Ctx, office_id: Uuid, organisation_code: &str) -> Result<Office> {
        let office = self.store.get_office(office_id).await?.ok_or(Error::not_found("office"))?;
        AuthCheck::new(Permission::OrganisationsManage).in_area(&office.area_code).check(&ctx.actor)?;
        let org = self.member_by_code(organisation_code).await?;
        if org.id == office.organisation_id {
            return Err(Error::invalid("organisation_code", "operator_member"));
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::RemoveMember,
            AuditEntity::Office,
            Some(office_id.to_string()),
            serde_json::json!({ "organisation_id": org.id }),
        );
        if !self.store.remove_office_member(office_id, org.id, &audit).await? {
            return Err(Error::invalid("organisation_code", "not_a_member"));
        }
        Ok(office)
    }

    /// An organisation named in an office form, by code.
    async fn member_by_code(&self, code: &str) -> Result<Organisation> {
        self.store
            .get_organisation_by_code(&code.trim().to_ascii_uppercase())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))
    }

    pub async fn office_by_code(&self, code: &str) -> Result<Office> {
        self.store.get_office_by_code(&code.trim().to_ascii_uppercase()).await?.ok_or(Error::not_found("office"))
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
