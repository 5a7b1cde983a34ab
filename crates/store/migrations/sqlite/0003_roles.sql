-- The roles of the product and their permissions (data: administrators can
-- inspect them; later migrations or administrators may change them).
INSERT INTO roles (code, sort, requires_totp) VALUES
    ('administrator', 1, FALSE),
    ('district_coordinator', 2, FALSE),
    ('front_desk', 3, FALSE),
    ('case_worker', 4, FALSE),
    ('counsellor', 5, FALSE),
    ('paralegal', 6, FALSE),
    ('supervisor', 7, FALSE),
    ('village_officer', 8, FALSE),
    ('me_officer', 9, FALSE);

INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('administrator', 'directory_read', 'all'),
    ('administrator', 'directory_manage', 'all'),
    ('administrator', 'users_read', 'all'),
    ('administrator', 'users_manage', 'all'),
    ('administrator', 'roles_read', 'all'),
    ('administrator', 'audit_read', 'all'),
    ('administrator', 'ops_metrics', 'all'),

    ('district_coordinator', 'directory_read', 'all'),
    ('district_coordinator', 'directory_manage', 'district'),
    ('district_coordinator', 'users_read', 'district'),
    ('district_coordinator', 'users_manage', 'district'),
    ('district_coordinator', 'roles_read', 'all'),
    ('district_coordinator', 'reports_aggregate', 'district'),
    ('district_coordinator', 'reports_export', 'district'),

    ('front_desk', 'directory_read', 'all'),
    ('front_desk', 'people_read', 'district'),
    ('front_desk', 'people_write', 'district'),
    ('front_desk', 'referrals_manage', 'organisation'),

    ('case_worker', 'directory_read', 'all'),
    ('case_worker', 'people_read', 'district'),
    ('case_worker', 'people_write', 'district'),
    ('case_worker', 'cases_read', 'organisation'),
    ('case_worker', 'cases_write', 'own'),
    ('case_worker', 'referrals_manage', 'organisation'),

    ('counsellor', 'directory_read', 'all'),
    ('counsellor', 'people_read', 'district'),
    ('counsellor', 'people_write', 'district'),
    ('counsellor', 'cases_read', 'organisation'),
    ('counsellor', 'cases_write', 'own'),
    ('counsellor', 'referrals_manage', 'organisation'),

    ('paralegal', 'directory_read', 'all'),
    ('paralegal', 'people_read', 'district'),
    ('paralegal', 'people_write', 'district'),
    ('paralegal', 'cases_read', 'organisation'),
    ('paralegal', 'cases_write', 'own'),
    ('paralegal', 'referrals_manage', 'organisation'),

    ('supervisor', 'directory_read', 'all'),
    ('supervisor', 'people_read', 'district'),
    ('supervisor', 'people_write', 'district'),
    ('supervisor', 'cases_read', 'organisation'),
    ('supervisor', 'cases_write', 'organisation'),
    ('supervisor', 'cases_supervise', 'organisation'),
    ('supervisor', 'referrals_manage', 'organisation'),
    ('supervisor', 'users_read', 'organisation'),
    ('supervisor', 'reports_aggregate', 'organisation'),

    ('village_officer', 'directory_read', 'all'),
    ('village_officer', 'people_read', 'own'),
    ('village_officer', 'people_write', 'own'),

    ('me_officer', 'directory_read', 'all'),
    ('me_officer', 'reports_aggregate', 'all'),
    ('me_officer', 'reports_export', 'all');
