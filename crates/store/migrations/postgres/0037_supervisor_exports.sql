-- Supervisors export what their organisation may read: its line lists
-- (people it registered, its cases, its referrals) and its indicator tables.
INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('supervisor', 'reports_export', 'organisation');
