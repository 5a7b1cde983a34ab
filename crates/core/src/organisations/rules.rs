//! Who may create and edit organisations and offices: pure rules, used by
//! the services and by the pages to show their buttons.

use crate::access::{Actor, AuthCheck, Permission};
use crate::areas::area::AreaCode;

/// Whether `actor` may create or edit an organisation or an office in
/// `area`: national administrators everywhere, district coordinators in
/// their district.
pub fn may_manage(actor: &Actor, area: &AreaCode) -> bool {
    AuthCheck::new(Permission::OrganisationsManage).in_area(area).check(actor).is_ok()
}

/// Whether `actor` may create organisations or offices anywhere at all
/// (the "add" buttons of the lists).
pub fn may_manage_somewhere(actor: &Actor) -> bool {
    AuthCheck::new(Permission::OrganisationsManage).check(actor).is_ok()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::access::{Grant, RoleCode, Scope, User};

    fn coordinator(home: &str) -> Actor {
        Actor::User(User {
            id: Uuid::now_v7(),
            username: "coord".into(),
            organisation_id: Uuid::now_v7(),
            home_area: AreaCode::parse("home", home).unwrap_or_else(|e| panic!("{e:?}")),
            roles: vec![RoleCode::DistrictCoordinator],
            grants: vec![Grant { permission: Permission::OrganisationsManage, scope: Scope::District }],
            restricted_access: false,
        })
    }

    fn area(code: &str) -> AreaCode {
        AreaCode::parse("area", code).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn coordinators_manage_their_district_only() {
        let c = coordinator("32.09");
        assert!(may_manage(&c, &area("32.09")));
        assert!(may_manage(&c, &area("32.09.01.2008")));
        assert!(!may_manage(&c, &area("32.12")));
        assert!(!may_manage(&c, &area("32")), "a province lies in no district");
        assert!(may_manage_somewhere(&c));
        assert!(!may_manage_somewhere(&Actor::Anonymous));
        assert!(may_manage(&Actor::System, &area("32.12")));
    }
}
