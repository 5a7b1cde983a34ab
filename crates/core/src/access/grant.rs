//! Nobody grants what they do not hold: the rule for giving roles.

use crate::access::{Actor, Grant};

/// The grants among `wanted` that `granter` does not hold at the same scope
/// or wider (empty: the roles may be given). The command line holds all.
pub fn beyond_granter(granter: &Actor, wanted: &[Grant]) -> Vec<Grant> {
    wanted.iter().copied().filter(|g| !granter.scope_of(g.permission).is_some_and(|s| s.covers(g.scope))).collect()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::{Permission, RoleCode, Scope, User};
    use crate::areas::area::AreaCode;

    fn actor(grants: &[(Permission, Scope)]) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "u".into(),
            organisation_id: Uuid::now_v7(),
            home_area: AreaCode::parse("home", "32.09").unwrap(),
            roles: vec![RoleCode::DistrictCoordinator],
            grants: grants.iter().map(|&(permission, scope)| Grant { permission, scope }).collect(),
            restricted_access: true,
        })
    }

    #[test]
    fn a_role_is_given_only_by_someone_holding_all_of_it() {
        let coordinator = actor(&[(Permission::UsersManage, Scope::District), (Permission::DirectoryRead, Scope::All)]);
        let supervisor_role = [
            Grant { permission: Permission::CasesRead, scope: Scope::Organisation },
            Grant { permission: Permission::DirectoryRead, scope: Scope::All },
        ];
        assert_eq!(
            beyond_granter(&coordinator, &supervisor_role),
            vec![Grant { permission: Permission::CasesRead, scope: Scope::Organisation }]
        );
        let wider = [Grant { permission: Permission::UsersManage, scope: Scope::All }];
        assert_eq!(beyond_granter(&coordinator, &wider).len(), 1, "a wider scope is not held");
        let narrower = [Grant { permission: Permission::UsersManage, scope: Scope::Organisation }];
        assert!(beyond_granter(&coordinator, &narrower).is_empty());
        assert!(beyond_granter(&Actor::System, &supervisor_role).is_empty());
        assert_eq!(beyond_granter(&Actor::Anonymous, &narrower).len(), 1);
    }
}
