//! Repository traits: what the core needs from storage. Each domain declares
//! its own in `<domain>/repo.rs`; [`Store`] is their sum, and this module
//! names them all in one place for the storage crate and the callers. The
//! storage crate implements them for SQLite and PostgreSQL alike.

use async_trait::async_trait;

use crate::error::Result;

pub use crate::areas::repo::AreaRepository;
pub use crate::audit::repo::{AuditFilter, AuditNameIds, AuditNameRows, AuditReader, AuditRepository};
pub use crate::cases::repo::{
    AttachmentRepository, CaseFactRepository, CaseImportRecord, CaseImportRepository, CaseImportSession,
    CaseRepository, CaseWorkRepository, ComplaintRepository, RestrictionRepository, SopRepository, TransferRepository,
};
pub use crate::community::repo::{
    ActivityFilter, ActivityRepository, CampaignRepository, CommunityFilter, CompetencyRepository, ForumRepository,
    HotlineRepository, MembershipRepository, NoticeRepository, RegistrationRepository, RosterRepository, WarningFilter,
    WarningRepository,
};
pub use crate::directory::repo::DirectoryRepository;
pub use crate::identity::repo::{SessionRepository, UserRepository};
pub use crate::organisations::repo::{OfficeRepository, OrganisationRepository};
pub use crate::referrals::repo::{NotificationRepository, OutboxRepository, PathwayRepository, ReferralRepository};
pub use crate::registry::repo::{
    ConsentRepository, EpisodeRepository, FamilyRepository, ImportRecord, ImportRepository, ImportSession,
    PersonFilter, PersonLabel, PersonNames, PersonRepository, VisitRepository,
};
pub use crate::reports::repo::ReportRepository;
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
    + CaseImportRepository
    + CaseRepository
    + CaseWorkRepository
    + CaseFactRepository
    + AttachmentRepository
    + SopRepository
    + ComplaintRepository
    + TransferRepository
    + DirectoryRepository
    + RegistrationRepository
    + NoticeRepository
    + WarningRepository
    + ActivityRepository
    + CampaignRepository
    + RosterRepository
    + MembershipRepository
    + ForumRepository
    + HotlineRepository
    + CompetencyRepository
    + ReferralRepository
    + PathwayRepository
    + NotificationRepository
    + OutboxRepository
    + SealedTextRepository
    + ReportRepository
{
    /// `sqlite` or `postgres`: for logs and `/readyz` only, never for logic.
    fn engine(&self) -> &'static str;
    /// Checks that the database answers.
    async fn ping(&self) -> Result<()>;
}

#[cfg(test)]
mod tests {
    //! Repository traits stay small: read from the source, since a trait's
    //! methods cannot be counted by reflection.

    use std::path::{Path, PathBuf};

    /// The most methods a repository trait may declare; split it by
    /// aggregate beyond that.
    const MOST: usize = 15;

    /// `src/repo.rs` and every `src/<domain>/repo.rs`.
    fn repo_files() -> Vec<PathBuf> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("repo.rs")];
        for entry in std::fs::read_dir(&src).unwrap() {
            let file = entry.unwrap().path().join("repo.rs");
            if file.is_file() {
                files.push(file);
            }
        }
        files.sort();
        files
    }

    /// Each `pub trait` of a file with its methods (lines starting `fn` or
    /// `async fn`) and its text up to the `}` that closes it at the margin.
    fn traits(text: &str) -> Vec<(String, usize, String)> {
        let mut found = Vec::new();
        let mut open: Option<(String, usize, String)> = None;
        for line in text.lines() {
            if let Some((_, methods, body)) = open.as_mut() {
                let code = line.trim_start();
                if code.starts_with("fn ") || code.starts_with("async fn ") {
                    *methods += 1;
                }
                body.push_str(line);
                body.push('\n');
                if line == "}" {
                    found.extend(open.take());
                }
            } else if let Some(rest) = line.strip_prefix("pub trait ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                open = Some((name, 0, format!("{line}\n")));
            }
        }
        assert!(open.is_none(), "a trait is not closed by a `}}` at the margin");
        found
    }

    #[test]
    fn no_repository_trait_declares_more_than_fifteen_methods() {
        let mut all = Vec::new();
        for file in repo_files() {
            let text = std::fs::read_to_string(&file).unwrap();
            for (name, methods, _) in traits(&text) {
                all.push((name, methods, file.clone()));
            }
        }
        // Not vacuous: the parser finds the traits it guards.
        let case = all.iter().find(|(name, ..)| name == "CaseRepository").expect("CaseRepository found");
        assert!(case.1 > 1, "CaseRepository's methods are counted");
        assert!(all.len() > 20, "the repository traits are found: {all:?}");
        let big: Vec<_> = all.iter().filter(|(_, methods, _)| *methods > MOST).collect();
        assert!(big.is_empty(), "split by aggregate, at most {MOST} methods each: {big:?}");
    }

    #[test]
    fn store_is_the_sum_of_every_repository_trait() {
        let mut names = Vec::new();
        let mut store = String::new();
        for file in repo_files() {
            for (name, _, body) in traits(&std::fs::read_to_string(&file).unwrap()) {
                if name == "Store" {
                    store = body;
                } else if name.ends_with("Repository") {
                    names.push(name);
                }
            }
        }
        let supertraits: Vec<&str> =
            store.split('{').next().unwrap_or_default().split(['+', ':', '\n']).map(str::trim).collect();
        let missing: Vec<&String> = names.iter().filter(|n| !supertraits.contains(&n.as_str())).collect();
        assert!(missing.is_empty(), "add to Store: {missing:?}");
    }
}
