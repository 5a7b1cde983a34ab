//! Repository traits: what the core needs from storage. Each domain declares
//! its own in `<domain>/repo.rs`; [`Store`] is their sum, and this module
//! names them all in one place for the storage crate and the callers. The
//! storage crate implements them for SQLite and PostgreSQL alike.

use async_trait::async_trait;

use crate::error::Result;

pub use crate::areas::repo::AreaRepository;
pub use crate::audit::repo::{AuditFilter, AuditReader, AuditRepository};
pub use crate::cases::repo::{
    AttachmentRepository, CaseFactRepository, CaseImportRecord, CaseImportSession, CaseRepository, CaseWorkRepository,
    ComplaintRepository, RestrictionRepository, SopRepository, TransferRepository,
};
pub use crate::directory::repo::DirectoryRepository;
pub use crate::identity::repo::{SessionRepository, UserRepository};
pub use crate::organisations::repo::{OfficeRepository, OrganisationRepository};
pub use crate::referrals::repo::{NotificationRepository, OutboxRepository, PathwayRepository, ReferralRepository};
pub use crate::registry::repo::{
    ConsentRepository, EpisodeRepository, FamilyRepository, ImportRecord, ImportRepository, ImportSession,
    PersonFilter, PersonLabel, PersonRepository, VisitRepository,
};
pub use crate::sealing::repo::SealedTextRepository;

/// Everything the core needs from storage.
#[async_trait]
pub trait Store:
    AreaRepository
    + OrganisationRepository
    + OfficeRepository
    + UserRepository
    + SessionRepository
    + AuditRepository
    + RestrictionRepository
    + PersonRepository
    + ConsentRepository
    + VisitRepository
    + EpisodeRepository
    + FamilyRepository
    + ImportRepository
    + CaseRepository
    + CaseWorkRepository
    + CaseFactRepository
    + AttachmentRepository
    + SopRepository
    + ComplaintRepository
    + TransferRepository
    + DirectoryRepository
    + ReferralRepository
    + PathwayRepository
    + NotificationRepository
    + OutboxRepository
    + SealedTextRepository
{
    /// `sqlite` or `postgres`: for logs and `/readyz` only, never for logic.
    fn engine(&self) -> &'static str;
    /// Checks that the database answers.
    async fn ping(&self) -> Result<()>;
}
