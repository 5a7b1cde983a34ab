//! Who is acting, and the permission check every service runs first.

use uuid::Uuid;

use crate::access::permission::{Grant, Permission, RoleCode, Scope};
use crate::areas::area::AreaCode;
use crate::error::{Error, Result};

/// A signed-in user as the services see them.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub organisation_id: Uuid,
    /// The user's home area (their district, or their village).
    pub home_area: AreaCode,
    pub roles: Vec<RoleCode>,
    pub grants: Vec<Grant>,
    /// A supervisor of the user's organisation (or the command line) has
    /// confirmed the account for restricted records. Until then it reaches
    /// no restricted record and no need-to-know person, whatever its roles.
    pub restricted_access: bool,
}

impl User {
    /// A confirmed supervisor of their organisation.
    pub fn confirmed_supervisor(&self) -> bool {
        self.restricted_access && self.roles.contains(&RoleCode::Supervisor)
    }
}

/// Who is acting: a user, nobody (public pages), or the system itself
/// (command line, demo loader, migrations).
#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    User(User),
    System,
}

impl Actor {
    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::User(u) => Some(u),
            _ => None,
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        self.user().map(|u| u.id)
    }

    /// The widest scope at which the actor holds `permission`.
    pub fn scope_of(&self, permission: Permission) -> Option<Scope> {
        match self {
            Actor::System => Some(Scope::All),
            Actor::Anonymous => None,
            Actor::User(u) => {
                u.grants.iter().filter(|g| g.permission == permission).map(|g| g.scope).max_by_key(|s| s.rank())
            }
        }
    }

    pub fn has_role(&self, role: RoleCode) -> bool {
        self.user().is_some_and(|u| u.roles.contains(&role))
    }
}

/// The target of an action, for scope checks.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub owner: Option<Uuid>,
    pub organisation: Option<Uuid>,
    pub area: Option<AreaCode>,
}

/// A permission check, built step by step:
/// `AuthCheck::new(Permission::UsersManage).in_organisation(org).check(&actor)?`.
#[derive(Debug, Clone)]
pub struct AuthCheck {
    permission: Permission,
    target: Target,
}

impl AuthCheck {
    pub fn new(permission: Permission) -> Self {
        Self { permission, target: Target::default() }
    }

    pub fn owned_by(mut self, user: Uuid) -> Self {
        self.target.owner = Some(user);
        self
    }

    pub fn in_organisation(mut self, organisation: Uuid) -> Self {
        self.target.organisation = Some(organisation);
        self
    }

    pub fn in_area(mut self, area: &AreaCode) -> Self {
        self.target.area = Some(area.clone());
        self
    }

    /// `Unauthenticated` for nobody, `Forbidden` when the permission or its
    /// scope falls short; the scope granted otherwise (so that lists can be
    /// filtered by it).
    pub fn check(&self, actor: &Actor) -> Result<Scope> {
        let user = match actor {
            Actor::System => return Ok(Scope::All),
            Actor::Anonymous => return Err(Error::Unauthenticated),
            Actor::User(u) => u,
        };
        let scope = actor.scope_of(self.permission).ok_or(Error::Forbidden)?;
        let t = &self.target;
        let allowed = match scope {
            Scope::All => true,
            Scope::District => t.area.as_ref().is_none_or(|a| same_district(a, &user.home_area)),
            Scope::Organisation => {
                t.organisation.is_none_or(|o| o == user.organisation_id)
                    && t.area.as_ref().is_none_or(|a| same_district(a, &user.home_area))
            }
            // "Own" is bounded by the user's area too: a village officer
            // acts within her village only.
            Scope::Own => {
                t.owner.is_none_or(|o| o == user.id)
                    && t.organisation.is_none_or(|o| o == user.organisation_id)
                    && t.area.as_ref().is_none_or(|a| a.is_within(&user.home_area))
            }
        };
        if allowed {
            Ok(scope)
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// Both areas lie in the same regency (district); a province-level area is
/// in no district.
fn same_district(a: &AreaCode, home: &AreaCode) -> bool {
    match (a.regency(), home.regency()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Need-to-know for restricted records (GBV and trafficking cases): only the
/// owner, the users assigned and the supervisors of the owning organisation.
/// Nobody else — administrators included — learns the record exists.
#[derive(Debug, Clone)]
pub struct Restriction {
    pub owner: Uuid,
    pub organisation: Uuid,
    pub assigned: Vec<Uuid>,
}

impl Restriction {
    pub fn may_read(&self, actor: &Actor) -> bool {
        match actor {
            Actor::System => true,
            Actor::Anonymous => false,
            Actor::User(u) => {
                u.restricted_access
                    && (u.id == self.owner
                        || self.assigned.contains(&u.id)
                        || (u.organisation_id == self.organisation && u.confirmed_supervisor()))
            }
        }
    }

    /// Who may widen the circle (assign someone) or hand the record to
    /// another organisation: its owner and the confirmed supervisors of the
    /// organisation holding it — not those assigned to it.
    pub fn may_steward(&self, actor: &Actor) -> bool {
        match actor {
            Actor::System => true,
            Actor::Anonymous => false,
            Actor::User(u) => {
                u.restricted_access
                    && (u.id == self.owner || (u.organisation_id == self.organisation && u.confirmed_supervisor()))
            }
        }
    }

    /// `NotFound` (never `Forbidden`) outside need-to-know.
    pub fn check(&self, actor: &Actor, entity: &'static str) -> Result<()> {
        if self.may_read(actor) {
            Ok(())
        } else {
            Err(Error::not_found(entity))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: Vec<RoleCode>, grants: Vec<(Permission, Scope)>, org: Uuid, home: &str) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: org,
            home_area: AreaCode::parse("home", home).unwrap(),
            roles,
            grants: grants.into_iter().map(|(permission, scope)| Grant { permission, scope }).collect(),
            restricted_access: true,
        })
    }

    fn code(s: &str) -> AreaCode {
        AreaCode::parse("c", s).unwrap()
    }

    #[test]
    fn scopes_limit_the_reach_of_a_permission() {
        let org = Uuid::now_v7();
        let other = Uuid::now_v7();
        let coordinator =
            user(vec![RoleCode::DistrictCoordinator], vec![(Permission::UsersManage, Scope::District)], org, "32.09");
        let check = |a: &AuthCheck| a.check(&coordinator).map_err(|e| e.code());
        assert_eq!(
            check(&AuthCheck::new(Permission::UsersManage).in_area(&code("32.09.15.1004"))),
            Ok(Scope::District)
        );
        assert_eq!(check(&AuthCheck::new(Permission::UsersManage).in_area(&code("35.05"))), Err("forbidden"));
        assert_eq!(check(&AuthCheck::new(Permission::AuditRead)), Err("forbidden"));

        let supervisor =
            user(vec![RoleCode::Supervisor], vec![(Permission::UsersRead, Scope::Organisation)], org, "32.09");
        assert!(AuthCheck::new(Permission::UsersRead).in_organisation(org).check(&supervisor).is_ok());
        assert!(AuthCheck::new(Permission::UsersRead).in_organisation(other).check(&supervisor).is_err());

        let worker = user(vec![RoleCode::CaseWorker], vec![(Permission::CasesWrite, Scope::Own)], org, "32.09");
        let me = worker.user_id().unwrap();
        assert!(AuthCheck::new(Permission::CasesWrite).owned_by(me).check(&worker).is_ok());
        assert!(AuthCheck::new(Permission::CasesWrite).owned_by(Uuid::now_v7()).check(&worker).is_err());

        assert_eq!(
            AuthCheck::new(Permission::DirectoryRead).check(&Actor::Anonymous).map_err(|e| e.code()),
            Err("unauthenticated")
        );
        assert_eq!(AuthCheck::new(Permission::AuditRead).check(&Actor::System).ok(), Some(Scope::All));
    }

    #[test]
    fn restricted_records_are_need_to_know_only() {
        let wcc = Uuid::now_v7();
        let union = Uuid::now_v7();
        let owner = user(vec![RoleCode::Counsellor], vec![], wcc, "32.09");
        let assigned = user(vec![RoleCode::Paralegal], vec![], union, "32.09");
        let restriction = Restriction {
            owner: owner.user_id().unwrap(),
            organisation: wcc,
            assigned: vec![assigned.user_id().unwrap()],
        };
        let wcc_supervisor = user(vec![RoleCode::Supervisor], vec![], wcc, "32.09");
        let union_supervisor = user(vec![RoleCode::Supervisor], vec![], union, "32.09");
        let colleague = user(vec![RoleCode::Counsellor], vec![], wcc, "32.09");
        let admin = user(vec![RoleCode::Administrator], vec![(Permission::AuditRead, Scope::All)], wcc, "32.09");
        let mut unconfirmed = user(vec![RoleCode::Supervisor], vec![], wcc, "32.09");
        if let Actor::User(u) = &mut unconfirmed {
            u.restricted_access = false;
        }
        for (who, expected) in [
            (&owner, true),
            (&assigned, true),
            (&wcc_supervisor, true),
            (&union_supervisor, false),
            (&colleague, false),
            (&admin, false),
            (&unconfirmed, false),
            (&Actor::Anonymous, false),
        ] {
            assert_eq!(restriction.may_read(who), expected, "{who:?}");
        }
        assert_eq!(restriction.check(&colleague, "case").map_err(|e| e.code()), Err("not_found"));
        assert!(restriction.may_steward(&owner) && restriction.may_steward(&wcc_supervisor));
        assert!(!restriction.may_steward(&assigned), "an assignee does not pass it on");
    }
}
