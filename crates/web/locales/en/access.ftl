# English, access: roles, permissions and scopes.
# Keys are shared with id/access.ftl; a test keeps the two complete and each key in one file.

## Identity and access
role-administrator = Administrator
role-district_coordinator = District coordinator
role-front_desk = Front-desk officer
role-case_worker = Case worker
role-counsellor = Counsellor
role-paralegal = Paralegal
role-supervisor = Supervisor
role-village_officer = Village officer
role-task_force_member = Village task-force member
role-me_officer = M&E officer
permission-directory_read = See the directory of organisations and areas
permission-directory_manage = Manage the directory of organisations and areas
permission-organisations_manage = Create and edit organisations, offices and the desks under their roof
permission-users_read = See users
permission-users_manage = Manage users
permission-roles_read = See roles
permission-audit_read = Read the audit log
permission-people_read = See people's records
permission-people_write = Register and change people's records
permission-community_read = See village records (registrations, departures and returns, warnings)
permission-community_write = Record village registrations, departures and returns; raise early warnings
permission-community_verify = Verify village registrations
permission-warnings_handle = Acknowledge and end early warnings
permission-activities_write = Record activities (meetings, information sessions, outreach, trainings, forum meetings) and their attendance
permission-cases_read = See cases
permission-cases_write = Handle cases
permission-cases_supervise = Supervise cases
permission-referrals_manage = Manage referrals
permission-reports_aggregate = See aggregate reports
permission-reports_export = Export aggregate reports
permission-reports_manage = Keep what reports are computed with (exchange rates)
permission-ops_metrics = See system metrics
scope-own = own
scope-organisation = organisation
scope-district = district
scope-all = all
permission-people_merge = Merge duplicate records of people
