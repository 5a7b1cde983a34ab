# English, shared by the domains: navigation and layout, home, lists,
# field names, errors, code lists and texts used by several domains.
# Keys are shared with id/shared.ftl; a test keeps the two complete and each key in one file.

language-name = English

## Navigation and layout
nav-skip = Skip to content
nav-language = Language
nav-main = Main navigation
nav-menu = Menu
nav-menu-close = Close the menu
nav-home = Home
nav-organisations = Organisations
nav-offices = Service offices
nav-areas = Areas
footer-about = Satu Atap — information system of the gender-responsive One-Roof Integrated Services and Migrant Worker Resource Centres (LTSA-MRC).
footer-area-data = Area data: idn-area-data (Kemendagri), under the Open Database License (ODbL).
nav-admin = Users
nav-audit = Audit log
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-people = People
nav-cases = Cases
nav-directory = Services
nav-referrals = Referrals
nav-community = Village
nav-reports = Reports

## Home
home-title = One-Roof Integrated Services for Migrant Workers
home-start = Today’s work
home-waiting = Waiting for you
home-nothing-waiting = Nothing is waiting for you.
home-steps = Start here
home-step-find = Find a person
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

## Dates
# Short month names, for times shown as “3 Dec 2026 14:05 WIB”.
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

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
sex-female = Female
sex-male = Male
case-kind-labour_complaint = labour complaint
case-kind-gbv = gender-based violence
case-kind-trafficking = trafficking
case-kind-other_protection = other protection
case-stage-intake = intake
case-stage-assessment = assessment
case-stage-plan = case plan
case-stage-services = services
case-stage-follow_up = follow-up
case-stage-closed = closed
case-stage-reopened = reopened
transition-assess = assess
transition-plan = plan
transition-start_services = start services
transition-follow_up = follow up
transition-close = close
transition-reopen = reopen
transition-do-assess = Save the assessment
transition-do-plan = Set the plan
transition-do-start_services = Start the services
transition-do-follow_up = Move to follow-up
transition-do-close = Close the case
transition-do-reopen = Reopen the case
gbv-type-rape = rape
gbv-type-sexual_assault = sexual assault
gbv-type-physical_assault = physical assault
gbv-type-forced_marriage = forced marriage
gbv-type-denial_of_resources = denial of resources, opportunities or services
gbv-type-psychological_abuse = psychological / emotional abuse
gbv-type-non_gbv = non-GBV
need-gbv_shelter = GBV survivor needing a safe shelter
need-gbv_medical = medical care after violence
need-gbv_counselling = psychosocial counselling after violence
need-gbv_police_report = report to the police (women and children unit)
need-trafficking_support = support for a trafficking victim
need-legal_aid = legal aid
need-unpaid_wages = unpaid wages
need-document_retention = documents held by an agency or employer
need-medical_emergency_abroad = medical emergency abroad
need-repatriation = repatriation
need-death_abroad = death abroad
need-social_security_claim = social security (BPJS Ketenagakerjaan) claim
need-reintegration = economic reintegration

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
field-body = Request body
field-query = Parameters
field-request = Request
field-database = Database
field-username = User name
field-actor = User
field-full_name = Full name
field-sex = Sex
field-village_code = Village
field-note = Note
field-q = Search
field-status = Status
field-date = Date
field-channel = Channel
field-person_id = Person
field-needs = Needs
field-reason = Reason
field-decision = Decision
field-district = District
field-narrative = Account of the incident
field-consent = Consent

## Errors
error-title-not-found = Not found
error-title-unauthenticated = Please sign in
error-title-forbidden = Access denied
error-title-conflict = Cannot be done
error-title-invalid = Please check your input
error-title-internal = Something went wrong
error-title-too-large = Request too large
error-title-too-many = Too many attempts
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
error-not_for_kind = does not apply to this kind of case
error-unknown_area = area “{ $value }” is unknown
error-unknown_area_name = no area is called “{ $value }”
error-outside_your_area = “{ $value }” is outside the area where you may register people
error-area_level = “{ $value }” is not an area of the level asked here
error-village_required = a village information centre must be in a village
error-invalid_phone = is not a valid phone number (8–15 digits)
error-invalid_email = is not a valid e-mail address
error-own_organisation = is your own organisation
error-already_waiting = she is already waiting at this desk
error-unknown_organisation = organisation is unknown
error-parent_cycle = cannot be the organisation itself or one below it
error-operator_member = the organisation that runs the office stays under its roof
error-not_a_member = this organisation does not serve at the office
error-parent_mismatch = “{ $value }” is not the parent of this code
error-invalid_json = is not valid JSON
error-invalid_json_data = JSON does not have the expected shape
error-unknown_field = unknown field “{ $value }”
error-invalid_type = wrong type of value
error-json_content_type = must be sent as application/json
error-invalid_query = invalid parameter
error-too_large = is too large
error-bad_request = invalid request
error-payload_too_large = What was sent is too large.
error-too_many_attempts = Too many wrong attempts. Please try again later, in 15 minutes at most.
error-invalid_date = “{ $value }” is not a date (YYYY-MM-DD)
error-future_date = cannot be in the future
error-before_from = the end date is before the start date
error-out_of_range = must be between { $min } and { $max }
error-invalid_transition = this change of status is not allowed
error-consent_required = { $purpose ->
    [hand_over] the person has not consented to share her details with this partner: record her consent (sharing with partners, naming it) on her page first
    [referral] the person has not consented to a referral to this provider: record their consent on their page first
   *[other] The person has not consented to share their details with your organisation.
}
error-unknown_country = “{ $value }” is not an ISO 3166 country code (e.g. HK, MY, SA)
error-unknown_currency = “{ $value }” is not an ISO 4217 currency code (e.g. IDR, HKD)
error-invalid_amount = “{ $value }” is not an amount (digits, at most two decimals, e.g. 1500000 or 4870.50)
error-invalid_written_amount = “{ $value }” is not an amount: write e.g. 13,500,000, 13,500,000.50 or 13500000 (commas for thousands, a point for decimals, at most two decimals)
amount-placeholder = e.g. 1,500,000
error-unknown_person = person is unknown
error-person_merged = this record was merged into another; use that one
error-invalid_transition_allowed = This step is not possible now. Possible now: { $allowed }.
error-invalid_transition_none = This step is not possible now, nor is any other: its status is final.
error-already_decided = this request was decided already
error-case_closed = the case is closed
error-regency_required = must be a regency or city code (e.g. 32.09)
error-same_organisation = the case is held there already
error-stale = someone changed this meanwhile; reload the page and try again
error-restricted_access_pending = A supervisor of your organisation has not yet confirmed your account for restricted records.

## Page texts used by several domains
people-title = People
people-save = Save
queue-title = Desk queue
work-none = Nothing here.
case-note = Note
case-open = Open a case
case-gbv-type = Type
