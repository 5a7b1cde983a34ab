# English, areas.
# Keys are shared with id/areas.ftl; a test keeps the two complete and each key in one file.

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
field-parent = Parent area
field-level = Area level
