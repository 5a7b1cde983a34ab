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

## The area picker
area-hint = Type the name of the village, kecamatan or regency (or its Kemendagri code).
area-choose = which area do you mean by “{ $value }”?
area-several = several areas fit “{ $value }”; choose one
area-too-many = many areas fit “{ $value }”; choose one or type more of the name
area-search-again = None of these: search with another name
area-search-again-hint = type another name
