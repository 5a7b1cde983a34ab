# Bahasa Indonesia (default), shared by the domains: navigation and layout, home, lists,
# field names, errors, code lists and texts used by several domains.
# Keys are shared with en/shared.ftl; a test keeps the two complete and each key in one file.

language-name = Bahasa Indonesia

## Navigation and layout
nav-skip = Langsung ke isi
nav-language = Bahasa
nav-main = Navigasi utama
nav-menu = Menu
nav-menu-close = Tutup menu
nav-home = Beranda
nav-organisations = Organisasi
nav-offices = Kantor layanan
nav-areas = Wilayah
footer-about = Satu Atap — sistem informasi Layanan Terpadu Satu Atap dan Migrant Worker Resource Centre (LTSA-MRC) yang responsif gender.
footer-area-data = Data wilayah: idn-area-data (Kemendagri), lisensi Open Database License (ODbL).
nav-admin = Pengguna
nav-audit = Log audit
nav-sign-in = Masuk
nav-sign-out = Keluar
nav-people = Orang
nav-cases = Kasus
nav-directory = Layanan
nav-referrals = Rujukan
nav-community = Desa
nav-reports = Laporan

## Home
home-title = Layanan Terpadu Satu Atap bagi Pekerja Migran
home-start = Pekerjaan hari ini
home-waiting = Menunggu Anda
home-nothing-waiting = Tidak ada yang menunggu Anda.
home-steps = Mulai dari sini
home-step-find = Cari orang
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

## Dates
# Short month names, for times shown as “3 Des 2026 14:05 WIB”.
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = Mei
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Agu
month-short-9 = Sep
month-short-10 = Okt
month-short-11 = Nov
month-short-12 = Des

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
sex-female = Perempuan
sex-male = Laki-laki
case-kind-labour_complaint = pengaduan ketenagakerjaan
case-kind-gbv = kekerasan berbasis gender
case-kind-trafficking = perdagangan orang
case-kind-other_protection = perlindungan lainnya
case-stage-intake = penerimaan
case-stage-assessment = asesmen
case-stage-plan = rencana penanganan
case-stage-services = layanan
case-stage-follow_up = tindak lanjut
case-stage-closed = ditutup
case-stage-reopened = dibuka kembali
transition-assess = asesmen
transition-plan = rencana
transition-start_services = mulai layanan
transition-follow_up = tindak lanjut
transition-close = tutup
transition-reopen = buka kembali
transition-do-assess = Simpan asesmen
transition-do-plan = Tetapkan rencana
transition-do-start_services = Mulai layanan
transition-do-follow_up = Lanjut ke tindak lanjut
transition-do-close = Tutup kasus
transition-do-reopen = Buka kembali kasus
gbv-type-rape = perkosaan
gbv-type-sexual_assault = kekerasan seksual
gbv-type-physical_assault = kekerasan fisik
gbv-type-forced_marriage = kawin paksa
gbv-type-denial_of_resources = penelantaran sumber daya, kesempatan atau layanan
gbv-type-psychological_abuse = kekerasan psikis / emosional
gbv-type-non_gbv = bukan KBG
need-gbv_shelter = penyintas KBG yang memerlukan rumah aman
need-gbv_medical = perawatan medis setelah kekerasan
need-gbv_counselling = konseling psikososial setelah kekerasan
need-gbv_police_report = lapor polisi (unit PPA)
need-trafficking_support = pendampingan korban perdagangan orang
need-legal_aid = bantuan hukum
need-unpaid_wages = gaji tidak dibayar
need-document_retention = dokumen ditahan agen atau majikan
need-medical_emergency_abroad = darurat medis di luar negeri
need-repatriation = pemulangan
need-death_abroad = meninggal di luar negeri
need-social_security_claim = klaim jaminan sosial (BPJS Ketenagakerjaan)
need-reintegration = reintegrasi ekonomi

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
field-body = Isi permintaan
field-query = Parameter
field-request = Permintaan
field-database = Basis data
field-username = Nama pengguna
field-actor = Pengguna
field-full_name = Nama lengkap
field-sex = Jenis kelamin
field-village_code = Desa/kelurahan
field-note = Catatan
field-q = Pencarian
field-status = Status
field-date = Tanggal
field-channel = Saluran
field-person_id = Orang
field-needs = Kebutuhan
field-reason = Alasan
field-decision = Keputusan
field-district = Kabupaten/kota
field-narrative = Kronologi insiden
field-consent = Persetujuan

## Errors
error-title-not-found = Halaman tidak ditemukan
error-title-unauthenticated = Silakan masuk
error-title-forbidden = Akses ditolak
error-title-conflict = Tidak dapat diproses
error-title-invalid = Periksa kembali isian
error-title-internal = Terjadi gangguan
error-title-too-large = Permintaan terlalu besar
error-title-too-many = Terlalu banyak percobaan
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
error-not_for_kind = tidak berlaku untuk jenis kasus ini
error-unknown_area = wilayah “{ $value }” tidak dikenal
error-unknown_area_name = tidak ada wilayah bernama “{ $value }”
error-outside_your_area = “{ $value }” di luar wilayah tempat Anda boleh mendaftarkan orang
error-area_level = “{ $value }” bukan wilayah pada tingkat yang diminta di sini
error-village_required = pusat informasi desa harus berada di desa/kelurahan
error-invalid_phone = nomor telepon tidak sah (8–15 angka)
error-invalid_email = alamat surel tidak sah
error-own_organisation = adalah organisasi Anda sendiri
error-already_waiting = ia sudah menunggu di meja ini
error-unknown_organisation = organisasi tidak dikenal
error-parent_cycle = tidak boleh organisasi itu sendiri atau yang berada di bawahnya
error-operator_member = organisasi yang menjalankan kantor tetap berada di bawah atapnya
error-not_a_member = organisasi ini tidak melayani di kantor ini
error-parent_mismatch = “{ $value }” bukan induk dari kode ini
error-invalid_json = bukan JSON yang sah
error-invalid_json_data = JSON tidak sesuai bentuk yang diharapkan
error-unknown_field = kolom “{ $value }” tidak dikenal
error-invalid_type = jenis nilainya salah
error-json_content_type = harus dikirim sebagai application/json
error-invalid_query = parameter tidak sah
error-too_large = terlalu besar
error-bad_request = permintaan tidak sah
error-payload_too_large = Data yang dikirim terlalu besar.
error-too_many_attempts = Terlalu banyak percobaan yang salah. Coba lagi nanti, paling lama 15 menit lagi.
error-invalid_date = “{ $value }” bukan tanggal (TTTT-BB-HH)
error-future_date = tanggal tidak boleh di masa depan
error-before_from = tanggal akhir sebelum tanggal awal
error-out_of_range = harus antara { $min } dan { $max }
error-invalid_transition = perubahan status ini tidak diperbolehkan
error-consent_required = { $purpose ->
    [hand_over] orang ini belum memberi persetujuan untuk membagikan datanya kepada mitra ini: catat persetujuannya (berbagi dengan mitra, menyebut mitra itu) di halamannya dulu
    [referral] orang ini belum memberi persetujuan untuk dirujuk ke penyedia ini: catat persetujuannya di halaman orang itu dulu
   *[other] Orang ini belum memberi persetujuan untuk membagikan datanya kepada organisasi Anda.
}
error-unknown_country = “{ $value }” bukan kode negara ISO 3166 (mis. HK, MY, SA)
error-unknown_currency = “{ $value }” bukan kode mata uang ISO 4217 (mis. IDR, HKD)
error-invalid_amount = “{ $value }” bukan jumlah uang (angka, paling banyak dua desimal, mis. 1500000 atau 4870.50)
error-invalid_written_amount = “{ $value }” bukan jumlah uang: tulis mis. 13.500.000, 13.500.000,50 atau 13500000 (titik untuk ribuan, koma untuk desimal, paling banyak dua desimal)
amount-placeholder = mis. 1.500.000
error-unknown_person = orang tidak dikenal
error-person_merged = data ini sudah digabungkan ke data lain; gunakan data itu
error-invalid_transition_allowed = Langkah ini tidak bisa dilakukan sekarang. Yang bisa sekarang: { $allowed }.
error-invalid_transition_none = Langkah ini tidak bisa dilakukan sekarang, dan tidak ada langkah lain yang bisa: statusnya sudah final.
error-already_decided = permintaan ini sudah diputuskan
error-case_closed = kasus sudah ditutup
error-regency_required = harus kode kabupaten/kota (mis. 32.09)
error-same_organisation = kasus sudah ditangani di sana
error-stale = seseorang mengubah ini sementara itu; muat ulang halaman dan coba lagi
error-restricted_access_pending = Akun Anda belum dikonfirmasi oleh supervisor lembaga Anda untuk catatan terbatas.

## Page texts used by several domains
people-title = Orang
people-save = Simpan
queue-title = Antrean meja layanan
work-none = Tidak ada.
case-note = Catatan
case-open = Buka kasus
case-gbv-type = Jenis
