//! Permissions (named constants), scopes and roles. Which role holds which
//! permission at which scope is data (the `role_permissions` table), seeded
//! by the migrations and shown to administrators.

use serde::Serialize;

code_list! {
    /// What a user may do. Labels: `permission-<code>`.
    Permission {
        DirectoryRead = "directory_read",
        DirectoryManage = "directory_manage",
        OrganisationsManage = "organisations_manage",
        UsersRead = "users_read",
        UsersManage = "users_manage",
        RolesRead = "roles_read",
        AuditRead = "audit_read",
        PeopleRead = "people_read",
        PeopleWrite = "people_write",
        PeopleMerge = "people_merge",
        CasesRead = "cases_read",
        CasesWrite = "cases_write",
        CasesSupervise = "cases_supervise",
        ReferralsManage = "referrals_manage",
        CommunityRead = "community_read",
        CommunityWrite = "community_write",
        CommunityVerify = "community_verify",
        WarningsHandle = "warnings_handle",
        ActivitiesWrite = "activities_write",
        ReportsAggregate = "reports_aggregate",
        ReportsExport = "reports_export",
        ReportsManage = "reports_manage",
        OpsMetrics = "ops_metrics",
    }
}

code_list! {
    /// How far a permission reaches. Labels: `scope-<code>`.
    Scope {
        Own = "own",
        Organisation = "organisation",
        District = "district",
        All = "all",
    }
}

impl Scope {
    /// Wider scopes include narrower ones.
    pub fn rank(self) -> u8 {
        match self {
            Scope::Own => 1,
            Scope::Organisation => 2,
            Scope::District => 3,
            Scope::All => 4,
        }
    }

    pub fn covers(self, other: Scope) -> bool {
        self.rank() >= other.rank()
    }
}

code_list! {
    /// The roles of the product. Labels: `role-<code>`.
    RoleCode {
        Administrator = "administrator",
        DistrictCoordinator = "district_coordinator",
        FrontDesk = "front_desk",
        CaseWorker = "case_worker",
        Counsellor = "counsellor",
        Paralegal = "paralegal",
        Supervisor = "supervisor",
        VillageOfficer = "village_officer",
        TaskForceMember = "task_force_member",
        MeOfficer = "me_officer",
    }
}

/// One permission a role holds, and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Grant {
    pub permission: Permission,
    pub scope: Scope,
}
