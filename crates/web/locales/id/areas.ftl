# Bahasa Indonesia (default), areas.
# Keys are shared with en/areas.ftl; a test keeps the two complete and each key in one file.

## Areas
areas-indonesia = Indonesia
areas-all-organisations = Semua organisasi di wilayah ini
areas-none = Tidak ada wilayah yang cocok.
area-children-province = Provinsi
area-children-regency = Kabupaten/kota
area-children-district = Kecamatan
area-children-village = Desa/kelurahan
area-level-province = Provinsi
area-level-regency = Kabupaten/kota
area-level-district = Kecamatan
area-level-village = Desa/kelurahan
field-parent = Wilayah induk
field-level = Tingkat wilayah

## Pemilih wilayah
area-hint = Ketik nama desa, kecamatan atau kabupaten (atau kode Kemendagri-nya).
area-choose = wilayah mana yang dimaksud dengan “{ $value }”?
area-several = beberapa wilayah cocok dengan “{ $value }”; pilih satu
area-too-many = banyak wilayah cocok dengan “{ $value }”; pilih satu atau ketik nama lebih lengkap
area-search-again = Bukan salah satu ini: cari dengan nama lain
area-search-again-hint = ketik nama lain
