# Bahasa Indonesia (default), organisations and offices.
# Keys are shared with en/organisations.ftl; a test keeps the two complete and each key in one file.

## Organisations
organisations-title = Organisasi
organisations-search-hint = nama atau kode
organisations-none = Tidak ada organisasi yang cocok.
organisation-parent = Induk organisasi
organisation-offices = Kantor
organisation-no-offices = Organisasi ini belum tercatat di kantor mana pun.

## Offices
offices-title = Kantor layanan
offices-none = Tidak ada kantor yang cocok.
office-operator = Dikelola oleh
office-members = Yang melayani di sini
office-kind-ltsa_mrc_office = Kantor LTSA-MRC
office-kind-village_information_centre = Pusat informasi desa
