//! What the person registry needs from storage: people, episodes, families, consents, visits,
//! imports.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::paging::{Page, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    /// Name tokens (canonical): every one must start a token of a name.
    pub name_tokens: Vec<String>,
    pub nik: Option<String>,
    pub phone: Option<String>,
    /// The village, or an area the village lies in.
    pub within: Option<AreaCode>,
    pub sex: Option<crate::registry::person::Sex>,
    /// Scope: only people of this district (regency) …
    pub district: Option<AreaCode>,
    /// … or registered by this organisation …
    pub registered_by_organisation: Option<Uuid>,
    /// … or by this user.
    pub registered_by: Option<Uuid>,
    pub stage: Option<crate::registry::episode::MigrationStage>,
    /// Need-to-know people are left out unless the reader needs to know
    /// (the default leaves them all out).
    pub need_to_know: crate::access::NeedToKnow,
    /// A search by NIK or phone finds only people whose details this
    /// organisation may see (registered by it, or sharing with it): it
    /// never confirms a withheld detail.
    pub details_of: Option<Uuid>,
}

/// A person's names, to file her under the blocking keys again.
#[derive(Debug, Clone)]
pub struct PersonNames {
    pub id: Uuid,
    pub district_code: String,
    pub full_name: String,
    pub other_names: Vec<String>,
}

#[async_trait]
pub trait PersonRepository: Send + Sync {
    async fn insert_person(
        &self,
        person: &crate::registry::person::Person,
        name_tokens: &[String],
        blocking_keys: &[String],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Who shares a NIK, a phone or a blocking key with a registration,
    /// and by which: for each key, the newest `per_key` people filed under
    /// it within the scope in `filter` (its name, NIK and phone fields are
    /// ignored). A person appears once per source that found her.
    async fn match_hits(
        &self,
        nik: Option<&str>,
        phones: &[String],
        blocking_keys: &[String],
        filter: &PersonFilter,
        per_key: u32,
    ) -> Result<Vec<crate::registry::matching::MatchHit>>;
    /// The people among `ids` not merged into another and within the scope
    /// in `filter`, in no particular order.
    async fn match_people(&self, ids: &[Uuid], filter: &PersonFilter) -> Result<Vec<crate::registry::person::Person>>;
    async fn get_person(&self, id: Uuid) -> Result<Option<crate::registry::person::Person>>;
    /// The version of the blocking keys everyone is filed under.
    async fn name_keys_version(&self) -> Result<i32>;
    /// The names of the people not merged into another, by id after
    /// `after`, at most `limit`.
    async fn names_after(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<PersonNames>>;
    /// Replaces the blocking keys of each person (id, district, keys), in
    /// one transaction; with `version`, records that everyone is now filed
    /// under it.
    async fn replace_name_keys(&self, people: &[(Uuid, String, Vec<String>)], version: Option<i32>) -> Result<()>;
    /// People not merged into another, best first by name.
    async fn list_people(
        &self,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> Result<Page<crate::registry::person::Person>>;
    /// The same people in the same order (name, then id), the `limit`
    /// after the (name, id) `after`: pages of a long read (a line list)
    /// without counting or skipping.
    async fn people_after(
        &self,
        filter: &PersonFilter,
        after: Option<&(String, Uuid)>,
        limit: u32,
    ) -> Result<Vec<crate::registry::person::Person>>;
    /// Stores `survivor` (with what it took from the duplicate), marks the
    /// duplicate as merged into it and moves the duplicate's episodes,
    /// consents, visits and family links to it.
    async fn merge_people(
        &self,
        survivor: &crate::registry::person::Person,
        duplicate_id: Uuid,
        name_tokens: &[String],
        blocking_keys: &[String],
        shares: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()>;
    /// What ties a reader to each of `ids` (only people with a tie are
    /// named): a sharing consent in force for their organisation, a
    /// restricted case of hers they need to know.
    async fn person_ties(
        &self,
        ids: &[Uuid],
        user_id: Uuid,
        organisation_id: Uuid,
        supervisor: bool,
    ) -> Result<std::collections::HashMap<Uuid, crate::access::PersonTies>>;
    /// Records merged into `id`.
    async fn merged_into(&self, id: Uuid) -> Result<Vec<crate::registry::person::Person>>;
    /// What lists need of the people among `ids` (unknown ids are left out).
    async fn person_labels(&self, ids: &[Uuid]) -> Result<Vec<PersonLabel>>;
}

/// A person's name and what decides who may read it.
#[derive(Debug, Clone)]
pub struct PersonLabel {
    pub id: Uuid,
    pub full_name: String,
    pub district_code: AreaCode,
    pub village_code: Option<AreaCode>,
    pub registered_by_organisation: Uuid,
    pub registered_by: Option<Uuid>,
    pub confidential: bool,
}

impl PersonLabel {
    pub fn subject(&self) -> crate::access::PersonSubject<'_> {
        crate::access::PersonSubject {
            district_code: &self.district_code,
            village_code: self.village_code.as_ref(),
            registered_by_organisation: self.registered_by_organisation,
            registered_by: self.registered_by,
            confidential: self.confidential,
        }
    }
}

#[async_trait]
pub trait EpisodeRepository: Send + Sync {
    /// Stores an episode and sets the person's current stage.
    async fn insert_episode(
        &self,
        episode: &crate::registry::episode::Episode,
        stage: Option<crate::registry::episode::MigrationStage>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Oldest departure first.
    async fn episodes_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::episode::Episode>>;
}

#[async_trait]
pub trait FamilyRepository: Send + Sync {
    /// Stores a link; a relative without a stage becomes a `family_member`.
    /// Stores a link; with `mark_relative`, a relative without a stage
    /// becomes `family_member`.
    async fn insert_family_link(
        &self,
        link: &crate::registry::family::FamilyLink,
        mark_relative: bool,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Both directions, as seen from `person_id`.
    async fn relatives_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::family::Relative>>;
    /// Stores a household and sets it on its members.
    async fn insert_household(&self, household: &crate::registry::family::Household, audit: &AuditRecord)
        -> Result<()>;
    async fn add_household_member(&self, household_id: Uuid, person_id: Uuid, audit: &AuditRecord) -> Result<()>;
    async fn get_household(&self, id: Uuid) -> Result<Option<crate::registry::family::Household>>;
}

#[async_trait]
pub trait ConsentRepository: Send + Sync {
    /// Stores a consent; `shared` (for a sharing consent) says whether
    /// sharing with its organisation is in force afterwards.
    async fn insert_consent(
        &self,
        consent: &crate::registry::consent::Consent,
        shared: Option<bool>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Oldest first.
    async fn consents_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::consent::Consent>>;
    /// The consents of several people for one purpose.
    async fn consents_for(
        &self,
        person_ids: &[Uuid],
        purpose: crate::registry::consent::ConsentPurpose,
    ) -> Result<Vec<crate::registry::consent::Consent>>;
}

#[async_trait]
pub trait VisitRepository: Send + Sync {
    async fn insert_visit(&self, visit: &crate::registry::visit::Visit, audit: &AuditRecord) -> Result<()>;
    async fn get_visit(&self, id: Uuid) -> Result<Option<crate::registry::visit::Visit>>;
    /// Newest first.
    async fn visits_of(&self, person_id: Uuid) -> Result<Vec<crate::registry::visit::Visit>>;
    /// Desks not yet served at an office, first come first.
    async fn office_queue(&self, office_id: Uuid) -> Result<Vec<crate::registry::visit::QueueEntry>>;
    /// The desks of an organisation not yet served, at every office, first
    /// come first.
    async fn desk_queue(&self, organisation_id: Uuid) -> Result<Vec<crate::registry::visit::QueueEntry>>;
    /// Queues a visitor at one more desk of her visit.
    async fn add_visit_desk(&self, desk: &crate::registry::visit::DeskService, audit: &AuditRecord) -> Result<()>;
    async fn set_desk_status(
        &self,
        visit_id: Uuid,
        organisation_id: Uuid,
        status: crate::registry::visit::QueueStatus,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
}

/// A person ready to be stored by an import.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub person: crate::registry::person::Person,
    pub tokens: Vec<String>,
    pub keys: Vec<String>,
    pub episode: Option<crate::registry::episode::Episode>,
}

/// One open import transaction.
#[async_trait]
pub trait ImportSession: Send {
    /// Writes checked records (taken, so that storage may encode them on
    /// other threads).
    async fn insert_batch(&mut self, records: Vec<ImportRecord>) -> Result<()>;
    /// Appends `audit` and commits; dropping the session instead rolls back.
    async fn commit(self: Box<Self>, audit: &AuditRecord) -> Result<()>;
}

#[async_trait]
pub trait ImportRepository: Send + Sync {
    async fn begin_import(&self) -> Result<Box<dyn ImportSession>>;
    /// Which of these NIKs belong to a stored person.
    async fn registered_niks(&self, niks: &[String]) -> Result<Vec<String>>;
    /// Ids of people of a district not merged into another, at most `limit`.
    async fn people_of_district(&self, district: &AreaCode, limit: u32) -> Result<Vec<Uuid>>;
}
