-- Creating and editing organisations and offices (and who serves under an
-- office's roof) is its own permission: national administrators everywhere,
-- district coordinators in their district.
INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('administrator', 'organisations_manage', 'all'),
    ('district_coordinator', 'organisations_manage', 'district');
