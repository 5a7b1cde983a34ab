# English, organisations and offices.
# Keys are shared with id/organisations.ftl; a test keeps the two complete and each key in one file.

## Organisations
organisations-title = Organisations
organisations-search-hint = name or code
organisations-none = No organisation matches.
organisation-parent = Parent organisation
organisation-offices = Offices
organisation-no-offices = This organisation is not recorded at any office yet.
organisation-add = Add an organisation
organisation-edit = Edit { $name }
organisation-edit-button = Edit the organisation
organisation-save = Save the organisation
organisation-cancel = Cancel
organisation-code-hint = Capital letters, digits and dashes, e.g. SBMI-IDM; it cannot be changed later.
organisation-area-hint = The area it serves: a regency (e.g. Indramayu) for a district organisation, a province or Indonesia for those above.
organisation-no-parent = None

## Offices
offices-title = Service offices
offices-none = No office matches.
office-operator = Run by
office-members = Serving here
office-add = Add an office
office-edit = Edit { $name }
office-edit-button = Edit the office
office-save = Save the office
office-area-hint = Where it stands; a village information centre stands in a village.
office-pathways = Referral pathways of the district
office-add-member-label = Organisation to serve under this roof (a desk)
office-add-member = Add under this roof
office-remove-member = Take { $name } from under this roof
office-kind-ltsa_mrc_office = LTSA-MRC office
office-kind-village_information_centre = Village information centre
