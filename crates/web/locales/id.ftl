# Bahasa Indonesia (default). Keys are shared with en.ftl; a test keeps the two complete.

language-name = Bahasa Indonesia

## Navigation and layout
nav-skip = Langsung ke isi
nav-language = Bahasa
nav-main = Navigasi utama
nav-home = Beranda
nav-organisations = Organisasi
nav-offices = Kantor layanan
nav-areas = Wilayah
footer-about = Satu Atap — sistem informasi Layanan Terpadu Satu Atap dan Migrant Worker Resource Centre (LTSA-MRC) yang responsif gender.
footer-area-data = Data wilayah: idn-area-data (Kemendagri), lisensi Open Database License (ODbL).

## Home
home-title = Layanan Terpadu Satu Atap bagi Pekerja Migran
home-lead = Pemerintah daerah, serikat pekerja migran, dan pusat krisis perempuan melayani orang yang sama di bawah satu atap, didukung pusat informasi desa.
home-offices = Kantor LTSA-MRC
home-no-offices = Belum ada kantor LTSA-MRC yang terdaftar.
home-partners = Mitra di bawah satu atap
home-village-centres = Pusat informasi desa
home-browse = Jelajahi
home-organisations-hint = meja layanan, serikat, pusat krisis, dan mitra lainnya
home-offices-hint = kantor LTSA-MRC dan pusat informasi desa
home-areas-hint = provinsi, kabupaten/kota, kecamatan, dan desa

## Lists
filter-search = Cari
filter-all = Semua
filter-district = Kabupaten/kota
filter-apply = Terapkan
pager-label = Halaman
pager-prev = ‹ Sebelumnya
pager-next = Berikutnya ›
pager-showing = Menampilkan { $first }–{ $last } dari { $total }

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

## Code lists
org-kind-national_agency = Kementerian/lembaga nasional
org-kind-district_government = Pemerintah daerah
org-kind-ltsa_desk = Meja layanan LTSA
org-kind-trade_union = Serikat pekerja migran
org-kind-crisis_centre = Pusat krisis perempuan
org-kind-ngo = Organisasi masyarakat sipil
org-kind-village_government = Pemerintah desa
org-kind-village_task_force = Satgas desa
org-kind-placement_agency = Perusahaan penempatan (P3MI)
org-kind-employer = Pemberi kerja
org-kind-service_provider = Penyedia layanan di luar LTSA
office-kind-ltsa_mrc_office = Kantor LTSA-MRC
office-kind-village_information_centre = Pusat informasi desa

## Field names
field-code = Kode
field-name = Nama
field-kind = Jenis
field-area_code = Wilayah
field-parent_code = Kode induk
field-phone = Telepon
field-email = Surel
field-address = Alamat
field-organisation_code = Kode organisasi
field-within = Wilayah
field-parent = Wilayah induk
field-level = Tingkat wilayah
field-body = Isi permintaan
field-query = Parameter
field-request = Permintaan
field-database = Basis data

## Errors
error-title-not-found = Halaman tidak ditemukan
error-title-unauthenticated = Silakan masuk
error-title-forbidden = Akses ditolak
error-title-conflict = Tidak dapat diproses
error-title-invalid = Periksa kembali isian
error-title-internal = Terjadi gangguan
error-invalid = Ada isian yang perlu diperbaiki:
error-operation-id = Jika meminta bantuan, sebutkan kode operasi ini:
error-back-home = Kembali ke beranda
error-not_found = Yang Anda cari tidak ada.
error-unauthenticated = Anda perlu masuk terlebih dahulu.
error-forbidden = Anda tidak berwenang melakukan ini.
error-internal = Terjadi gangguan di server. Coba lagi nanti.
error-duplicate_code = kode ini sudah dipakai
error-method_not_allowed = Metode permintaan ini tidak didukung di alamat ini.
error-required = wajib diisi
error-too_long = lebih dari { $max } karakter
error-control_characters = berisi karakter yang tidak diizinkan
error-invalid_code = “{ $value }” bukan kode yang sah (huruf, angka, dan tanda hubung, 2–40 karakter)
error-invalid_area_code = “{ $value }” bukan kode wilayah Kemendagri (contoh: 32.09.01.2008)
error-unknown_code = “{ $value }” tidak ada dalam daftar
error-unknown_area = wilayah “{ $value }” tidak dikenal
error-village_required = pusat informasi desa harus berada di desa/kelurahan
error-invalid_phone = nomor telepon tidak sah (8–15 angka)
error-invalid_email = alamat surel tidak sah
error-unknown_organisation = organisasi tidak dikenal
error-parent_mismatch = “{ $value }” bukan induk dari kode ini
error-invalid_json = bukan JSON yang sah
error-invalid_json_data = JSON tidak sesuai bentuk yang diharapkan
error-json_content_type = harus dikirim sebagai application/json
error-invalid_query = parameter tidak sah
error-too_large = terlalu besar
error-bad_request = permintaan tidak sah

## Identity and access
nav-admin = Pengguna
nav-audit = Log audit
nav-sign-in = Masuk
nav-sign-out = Keluar
sign-in-title = Masuk ke Satu Atap
sign-in-button = Masuk
sign-in-failed = Nama pengguna atau kata sandi salah, atau akun sedang dikunci. Coba lagi.
account-title = Akun saya
account-roles = Peran
account-change-password = Ganti kata sandi
account-sessions = Sesi
account-sessions-hint = Keluar dari semua perangkat dan mencabut semua token API Anda.
account-sign-out-everywhere = Keluar dari semua perangkat
admin-users-title = Pengguna
admin-user-disabled = nonaktif
admin-roles-title = Peran dan izin
admin-role-totp = Wajib verifikasi dua langkah
admin-audit-title = Log audit
admin-audit-action = Tindakan
admin-audit-entity = Jenis data
admin-audit-entity-id = ID data
field-username = Nama pengguna
field-password = Kata sandi
field-current_password = Kata sandi saat ini
field-new_password = Kata sandi baru
field-display_name = Nama tampilan
field-roles = Peran
field-home_area_code = Wilayah tugas
field-actor = Pengguna
error-invalid_username = hanya huruf kecil, angka, titik, garis bawah, dan tanda hubung (3–64 karakter, diawali huruf)
error-password_too_short = minimal { $min } karakter
error-wrong_password = kata sandi salah
error-duplicate_username = nama pengguna ini sudah dipakai
role-administrator = Administrator
role-district_coordinator = Koordinator kabupaten
role-front_desk = Petugas meja depan
role-case_worker = Pendamping kasus
role-counsellor = Konselor
role-paralegal = Paralegal
role-supervisor = Supervisor
role-village_officer = Petugas desa
role-me_officer = Petugas monitoring dan evaluasi
permission-directory_read = Melihat direktori organisasi dan wilayah
permission-directory_manage = Mengelola direktori organisasi dan wilayah
permission-users_read = Melihat pengguna
permission-users_manage = Mengelola pengguna
permission-roles_read = Melihat peran
permission-audit_read = Membaca log audit
permission-people_read = Melihat data orang
permission-people_write = Mendaftarkan dan mengubah data orang
permission-cases_read = Melihat kasus
permission-cases_write = Menangani kasus
permission-cases_supervise = Menyupervisi kasus
permission-referrals_manage = Mengelola rujukan
permission-reports_aggregate = Melihat laporan agregat
permission-reports_export = Mengekspor laporan agregat
permission-ops_metrics = Melihat metrik sistem
scope-own = milik sendiri
scope-organisation = organisasi
scope-district = kabupaten/kota
scope-all = semua
admin-user-new = Pengguna baru
admin-user-create = Buat pengguna
admin-user-disable = Nonaktifkan
admin-user-enable = Aktifkan
field-totp = Kode verifikasi
sign-in-totp-hint = Hanya jika verifikasi dua langkah aktif untuk akun Anda.
sign-in-totp-needed = Masukkan kode verifikasi dari aplikasi autentikator Anda.
sign-in-totp-enrolment = Peran Anda mewajibkan verifikasi dua langkah. Minta administrator untuk mengaktifkannya.
account-totp = Verifikasi dua langkah
account-totp-on = Aktif: setiap kali masuk, Anda memasukkan kode dari aplikasi autentikator.
account-totp-off = Belum aktif.
account-totp-start = Aktifkan verifikasi dua langkah
account-totp-instructions = Masukkan kunci ini di aplikasi autentikator Anda (mis. Google Authenticator, Aegis), lalu ketik kode yang muncul.
account-totp-open-app = Buka di aplikasi autentikator
account-totp-confirm = Konfirmasi
admin-role-totp-on = Wajibkan verifikasi dua langkah
admin-role-totp-off = Jangan wajibkan verifikasi dua langkah
error-totp_required = kode verifikasi wajib diisi
error-wrong_totp = kode verifikasi salah
error-totp_enrolment_required = peran ini mewajibkan verifikasi dua langkah

## People
field-full_name = Nama lengkap
field-other_names = Nama lain
field-sex = Jenis kelamin
field-birth_date = Tanggal lahir
field-estimated_age = Perkiraan umur
field-nik = NIK
field-village_code = Desa/kelurahan
field-marital_status = Status perkawinan
field-education = Pendidikan
field-disability = Disabilitas
field-note = Catatan
field-q = Pencarian
error-nik_format = NIK harus 16 angka
error-nik_area = kode wilayah di awal NIK tidak mungkin
error-nik_serial = nomor urut NIK tidak boleh 0000
error-nik_date = tanggal lahir di dalam NIK tidak mungkin
error-invalid_date = “{ $value }” bukan tanggal (TTTT-BB-HH)
error-future_date = tanggal tidak boleh di masa depan
error-too_old = tanggal terlalu lampau
error-out_of_range = harus antara { $min } dan { $max }
