//! The services: every use of the system goes through [`App`], whichever the
//! door (web page, JSON API, command line).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Utc;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::areas::area::{Area, AreaCode, AreaDetail, AreaFilter};
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::{
    NewOffice, NewOrganisation, Office, OfficeDetail, OfficeFilter, OfficeOverview, OfficeSummary, Organisation,
    OrganisationDetail, OrganisationFilter, OrganisationSummary,
};
use crate::paging::{Page, PageRequest};
use crate::repo::Store;
use crate::text::Name;

#[derive(Clone)]
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) settings: Arc<AuthSettings>,
    /// Demo mode only: one password whose hash is reused for every demo
    /// user, so that loading the demo does not spend a second per user.
    pub(crate) shared_demo_hash: Option<(String, String)>,
    /// Roles change rarely and are read on every authenticated request.
    pub(crate) roles_cache: Arc<std::sync::RwLock<Option<CachedRoles>>>,
    /// Keys of confidential text (case notes); kept outside the database.
    pub(crate) keyring: Option<Arc<crate::sealing::Keyring>>,
}

/// The roles and when they were read.
pub(crate) type CachedRoles = (std::time::Instant, Vec<crate::identity::users::Role>);

/// How long the roles read from the database are reused. Changes made
/// through this process take effect at once; other processes (several
/// servers on one PostgreSQL) see them within this time.
pub(crate) const ROLES_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

/// Timeouts and limits of sign-in, sessions and tokens.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub session_idle: chrono::Duration,
    /// A session ends this long after sign-in, used or not.
    pub session_absolute: chrono::Duration,
    /// API tokens expire after this.
    pub token_lifetime: chrono::Duration,
    /// Failed sign-ins in a row before the account is locked.
    pub lockout_after: i32,
    /// How long a locked account stays locked.
    pub lockout_for: chrono::Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::minutes(30),
            session_absolute: chrono::Duration::hours(12),
            token_lifetime: chrono::Duration::hours(12),
            lockout_after: 5,
            lockout_for: chrono::Duration::minutes(15),
        }
    }
}

/// One row of an area list to import, as read from a file.
#[derive(Debug, Clone)]
pub struct AreaRow {
    /// Where the row came from (file and line), for error messages.
    pub origin: String,
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
}

/// Why an import row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub origin: String,
    pub error: FieldError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: u64,
    pub written: u64,
}

impl App {
    pub fn new(store: Arc<dyn Store>, settings: AuthSettings) -> Self {
        Self { store, settings: Arc::new(settings), shared_demo_hash: None, roles_cache: Arc::default(), keyring: None }
    }

    /// The keys that seal confidential text.
    pub fn with_keyring(mut self, keyring: crate::sealing::Keyring) -> Self {
        self.keyring = Some(Arc::new(keyring));
        self
    }

    pub(crate) fn keyring(&self) -> Result<&crate::sealing::Keyring> {
        self.keyring.as_deref().ok_or_else(|| Error::internal("no encryption key configured"))
    }

    /// Reuses one Argon2id hash for every user created with `password`
    /// (demo data only).
    pub fn with_shared_demo_password(mut self, password: &str) -> Result<Self> {
        self.shared_demo_hash = Some((password.to_string(), crate::identity::secrets::hash_password(password)?));
        Ok(self)
    }

    pub fn engine(&self) -> &'static str {
        self.store.engine()
    }

    pub async fn ready(&self) -> Result<()> {
        self.store.ping().await
    }

    // ---- areas -------------------------------------------------------

    /// Validates every row (code shape, parent implied by the code, parent
    /// present in the file or the database, name) and writes nothing unless
    /// all rows are valid. Rows are written parents first.
    pub async fn import_areas(&self, ctx: &Ctx, rows: Vec<AreaRow>) -> Result<ImportSummary, Vec<RowError>> {
        let refuse = |e: Error| vec![RowError { origin: "access".into(), error: FieldError::new("actor", e.code()) }];
        AuthCheck::new(Permission::DirectoryManage).check(&ctx.actor).map_err(refuse)?;
        let mut errors = Vec::new();
        let mut areas = Vec::with_capacity(rows.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(rows.len());
        for row in &rows {
            let fail = |error: FieldError| RowError { origin: row.origin.clone(), error };
            let code = match AreaCode::parse("code", &row.code) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(fail(e));
                    continue;
                }
            };
            let parent = code.parent();
            if let Some(given) = row.parent_code.as_deref().map(str::trim) {
                if parent.as_ref().map(AreaCode::as_str) != Some(given) {
                    errors.push(fail(FieldError::new("parent_code", "parent_mismatch").with("value", given)));
                    continue;
                }
            }
            let name = match Name::parse("name", &row.name) {
                Ok(n) => n,
                Err(e) => {
                    errors.push(fail(e));
                    continue;
                }
            };
            if !seen.insert(code.as_str().to_string()) {
                errors.push(fail(FieldError::new("code", "duplicate_code").with("value", &code)));
                continue;
            }
            let level = code.level();
            areas.push((row.origin.clone(), Area { code, name: name.into_inner(), level, parent_code: parent }));
        }
        // Parents that are neither in the file nor in the database.
        let missing: Vec<AreaCode> = areas
            .iter()
            .filter_map(|(_, a)| a.parent_code.clone())
            .filter(|p| !seen.contains(p.as_str()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            let found: HashSet<String> = match self.store.get_areas(&missing).await {
                Ok(found) => found.into_iter().map(|a| a.code.as_str().to_string()).collect(),
                Err(e) => {
                    return Err(vec![RowError {
                        origin: "database".into(),
                        error: FieldError::new("database", "internal").with("detail", e),
                    }])
                }
            };
            for (origin, area) in &areas {
                if let Some(p) = &area.parent_code {
                    if !seen.contains(p.as_str()) && !found.contains(p.as_str()) {
                        errors.push(RowError {
                            origin: origin.clone(),
                            error: FieldError::new("parent_code", "unknown_area").with("value", p),
                        });
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut areas: Vec<Area> = areas.into_iter().map(|(_, a)| a).collect();
        areas.sort_by_key(|a| (a.level, a.code.clone()));
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Import,
            AuditEntity::Area,
            None,
            serde_json::json!({ "rows": areas.len() }),
        );
        let written = self.store.upsert_areas(&areas, &audit).await.map_err(|e| {
            vec![RowError {
                origin: "database".into(),
                error: FieldError::new("database", "internal").with("detail", e),
            }]
        })?;
        Ok(ImportSummary { rows: rows.len() as u64, written })
    }

    pub async fn area(&self, code: &str) -> Result<AreaDetail> {
        let code = AreaCode::parse("code", code).map_err(|_| Error::not_found("area"))?;
        let area = self.store.get_area(&code).await?.ok_or(Error::not_found("area"))?;
        let ancestors = self.ancestors(&code).await?;
        let child_count = self.store.count_children(&code).await?;
        Ok(AreaDetail { area, ancestors, child_count })
    }

    async fn ancestors(&self, code: &AreaCode) -> Result<Vec<Area>> {
        let mut codes = Vec::new();
        let mut cur = code.parent();
        while let Some(c) = cur {
            cur = c.parent();
            codes.push(c);
        }
        codes.reverse();
        self.store.get_areas(&codes).await
    }

    /// Checks that an area code is well formed and exists.
    pub async fn existing_area(&self, field: &str, code: &str) -> Result<Area> {
        let code = AreaCode::parse(field, code).map_err(|e| Error::Invalid(vec![e]))?;
        self.store
            .get_area(&code)
            .await?
            .ok_or_else(|| Error::Invalid(vec![FieldError::new(field, "unknown_area").with("value", &code)]))
    }

    pub async fn areas(&self, filter: &AreaFilter, page: PageRequest) -> Result<Page<Area>> {
        self.store.list_areas(filter, page).await
    }

    // ---- organisations -----------------------------------------------

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

    // ---- offices -----------------------------------------------------

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
