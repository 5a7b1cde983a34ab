# English, organisations and offices.
# Keys are shared with id/organisations.ftl; a test keeps the two complete and each key in one file.

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
office-kind-ltsa_mrc_office = LTSA-MRC office
office-kind-village_information_centre = Village information centre
