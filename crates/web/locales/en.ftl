# English. Keys are shared with id.ftl; a test keeps the two complete.

language-name = English

## Navigation and layout
nav-skip = Skip to content
nav-language = Language
nav-main = Main navigation
nav-home = Home
nav-organisations = Organisations
nav-offices = Service offices
nav-areas = Areas
footer-about = Satu Atap — information system of the gender-responsive One-Roof Integrated Services and Migrant Worker Resource Centres (LTSA-MRC).
footer-area-data = Area data: idn-area-data (Kemendagri), under the Open Database License (ODbL).

## Home
home-title = One-Roof Integrated Services for Migrant Workers
home-lead = District government, migrant-worker unions and women's crisis centres serve the same people under one roof, backed by village information centres.
home-offices = LTSA-MRC offices
home-no-offices = No LTSA-MRC office is registered yet.
home-partners = Partners under the roof
home-village-centres = Village information centres
home-browse = Browse
home-organisations-hint = desks, unions, crisis centres and other partners
home-offices-hint = LTSA-MRC offices and village information centres
home-areas-hint = provinces, regencies and cities, kecamatan and villages

## Lists
filter-search = Search
filter-all = All
filter-district = Regency/city
filter-apply = Apply
pager-label = Pages
pager-prev = ‹ Previous
pager-next = Next ›
pager-showing = Showing { $first }–{ $last } of { $total }

## Organisations
organisations-title = Organisations
organisations-search-hint = name or code
organisations-none = No organisation matches.
organisation-parent = Parent organisation
organisation-offices = Offices
organisation-no-offices = This organisation is not recorded at any office yet.

## Offices
offices-title = Service offices
offices-none = No office matches.
office-operator = Run by
office-members = Serving here

## Areas
areas-indonesia = Indonesia
areas-all-organisations = All organisations in this area
areas-none = No area matches.
area-children-province = Provinces
area-children-regency = Regencies and cities
area-children-district = Kecamatan (districts)
area-children-village = Villages
area-level-province = Province
area-level-regency = Regency/city
area-level-district = Kecamatan (district)
area-level-village = Village

## Code lists
org-kind-national_agency = National ministry or agency
org-kind-district_government = District government
org-kind-ltsa_desk = LTSA service desk
org-kind-trade_union = Migrant workers' union
org-kind-crisis_centre = Women's crisis centre
org-kind-ngo = Civil-society organisation
org-kind-village_government = Village government
org-kind-village_task_force = Village task force
org-kind-placement_agency = Placement agency (P3MI)
org-kind-employer = Employer
org-kind-service_provider = Outside service provider
office-kind-ltsa_mrc_office = LTSA-MRC office
office-kind-village_information_centre = Village information centre

## Field names
field-code = Code
field-name = Name
field-kind = Kind
field-area_code = Area
field-parent_code = Parent code
field-phone = Phone
field-email = E-mail
field-address = Address
field-organisation_code = Organisation code
field-within = Area
field-parent = Parent area
field-level = Area level
field-body = Request body
field-query = Parameters
field-request = Request
field-database = Database

## Errors
error-title-not-found = Not found
error-title-unauthenticated = Please sign in
error-title-forbidden = Access denied
error-title-conflict = Cannot be done
error-title-invalid = Please check your input
error-title-internal = Something went wrong
error-invalid = Some fields need correcting:
error-operation-id = If you ask for help, quote this operation id:
error-back-home = Back to the home page
error-not_found = What you are looking for does not exist.
error-unauthenticated = You need to sign in first.
error-forbidden = You are not allowed to do this.
error-internal = The server ran into a problem. Please try again later.
error-duplicate_code = this code is already taken
error-method_not_allowed = This request method is not supported at this address.
error-required = is required
error-too_long = is longer than { $max } characters
error-control_characters = contains characters that are not allowed
error-invalid_code = “{ $value }” is not a valid code (letters, digits and hyphens, 2–40 characters)
error-invalid_area_code = “{ $value }” is not a Kemendagri area code (e.g. 32.09.01.2008)
error-unknown_code = “{ $value }” is not in the list
error-unknown_area = area “{ $value }” is unknown
error-village_required = a village information centre must be in a village
error-invalid_phone = is not a valid phone number (8–15 digits)
error-invalid_email = is not a valid e-mail address
error-unknown_organisation = organisation is unknown
error-parent_mismatch = “{ $value }” is not the parent of this code
error-invalid_json = is not valid JSON
error-invalid_json_data = JSON does not have the expected shape
error-json_content_type = must be sent as application/json
error-invalid_query = invalid parameter
error-too_large = is too large
error-bad_request = invalid request

## Identity and access
nav-admin = Users
nav-audit = Audit log
nav-sign-in = Sign in
nav-sign-out = Sign out
sign-in-title = Sign in to Satu Atap
sign-in-button = Sign in
sign-in-failed = Wrong user name or password, or the account is locked. Please try again.
account-title = My account
account-roles = Roles
account-change-password = Change password
account-sessions = Sessions
account-sessions-hint = Signs you out on every device and revokes all your API tokens.
account-sign-out-everywhere = Sign out everywhere
admin-users-title = Users
admin-user-disabled = disabled
admin-roles-title = Roles and permissions
admin-role-totp = Two-step verification required
admin-audit-title = Audit log
admin-audit-action = Action
admin-audit-entity = Kind of record
admin-audit-entity-id = Record id
field-username = User name
field-password = Password
field-current_password = Current password
field-new_password = New password
field-display_name = Display name
field-roles = Roles
field-home_area_code = Home area
field-actor = User
error-invalid_username = only lower-case letters, digits, dots, underscores and hyphens (3–64 characters, starting with a letter)
error-password_too_short = must be at least { $min } characters
error-wrong_password = wrong password
error-duplicate_username = this user name is already taken
role-administrator = Administrator
role-district_coordinator = District coordinator
role-front_desk = Front-desk officer
role-case_worker = Case worker
role-counsellor = Counsellor
role-paralegal = Paralegal
role-supervisor = Supervisor
role-village_officer = Village officer
role-me_officer = M&E officer
permission-directory_read = See the directory of organisations and areas
permission-directory_manage = Manage the directory of organisations and areas
permission-users_read = See users
permission-users_manage = Manage users
permission-roles_read = See roles
permission-audit_read = Read the audit log
permission-people_read = See people's records
permission-people_write = Register and change people's records
permission-cases_read = See cases
permission-cases_write = Handle cases
permission-cases_supervise = Supervise cases
permission-referrals_manage = Manage referrals
permission-reports_aggregate = See aggregate reports
permission-reports_export = Export aggregate reports
permission-ops_metrics = See system metrics
scope-own = own
scope-organisation = organisation
scope-district = district
scope-all = all
admin-user-new = New user
admin-user-create = Create user
admin-user-disable = Disable
admin-user-enable = Enable
field-totp = Verification code
sign-in-totp-hint = Only if two-step verification is on for your account.
sign-in-totp-needed = Enter the verification code from your authenticator app.
sign-in-totp-enrolment = Your role requires two-step verification. Ask an administrator to set it up.
account-totp = Two-step verification
account-totp-on = On: each time you sign in, you enter a code from your authenticator app.
account-totp-off = Not on yet.
account-totp-start = Turn on two-step verification
account-totp-instructions = Enter this key in your authenticator app (e.g. Google Authenticator, Aegis), then type the code it shows.
account-totp-open-app = Open in an authenticator app
account-totp-confirm = Confirm
admin-role-totp-on = Require two-step verification
admin-role-totp-off = Do not require two-step verification
error-totp_required = a verification code is required
error-wrong_totp = wrong verification code
error-totp_enrolment_required = this role requires two-step verification

## People
field-full_name = Full name
field-other_names = Other names
field-sex = Sex
field-birth_date = Birth date
field-estimated_age = Estimated age
field-nik = NIK
field-village_code = Village
field-marital_status = Marital status
field-education = Education
field-disability = Disability
field-note = Note
field-q = Search
error-nik_format = a NIK has 16 digits
error-nik_area = the area code at the start of the NIK is impossible
error-nik_serial = the serial number of a NIK is never 0000
error-nik_date = the birth date inside the NIK is impossible
error-invalid_date = “{ $value }” is not a date (YYYY-MM-DD)
error-future_date = cannot be in the future
error-too_old = is too far in the past
error-out_of_range = must be between { $min } and { $max }
