# Bahasa Indonesia (default), organisations and offices.
# Keys are shared with en/organisations.ftl; a test keeps the two complete and each key in one file.

## Organisations
organisations-title = Organisasi
organisations-search-hint = nama atau kode
organisations-none = Tidak ada organisasi yang cocok.
organisation-parent = Induk organisasi
organisation-offices = Kantor
organisation-no-offices = Organisasi ini belum tercatat di kantor mana pun.
organisation-add = Tambah organisasi
organisation-edit = Ubah { $name }
organisation-edit-button = Ubah organisasi
organisation-save = Simpan organisasi
organisation-cancel = Batal
organisation-code-hint = Huruf kapital, angka dan tanda hubung, mis. SBMI-IDM; tidak dapat diubah kemudian.
organisation-area-hint = Wilayah layanannya: kabupaten (mis. Indramayu) untuk organisasi kabupaten, provinsi atau Indonesia untuk yang di atasnya.
organisation-no-parent = Tidak ada

## Offices
offices-title = Kantor layanan
offices-none = Tidak ada kantor yang cocok.
office-operator = Dikelola oleh
office-members = Yang melayani di sini
office-add = Tambah kantor
office-edit = Ubah { $name }
office-edit-button = Ubah kantor
office-save = Simpan kantor
office-area-hint = Tempat kantor berada; pusat informasi desa berada di desa/kelurahan.
office-pathways = Jalur rujukan kabupaten
office-add-member-label = Organisasi yang melayani di bawah atap ini (loket)
office-add-member = Tambahkan di bawah atap ini
office-remove-member = Keluarkan { $name } dari atap ini
office-kind-ltsa_mrc_office = Kantor LTSA-MRC
office-kind-village_information_centre = Pusat informasi desa
