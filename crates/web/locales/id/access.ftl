# Bahasa Indonesia (default), access: roles, permissions and scopes.
# Keys are shared with en/access.ftl; a test keeps the two complete and each key in one file.

## Identity and access
role-administrator = Administrator
role-district_coordinator = Koordinator kabupaten
role-front_desk = Petugas meja depan
role-case_worker = Pendamping kasus
role-counsellor = Konselor
role-paralegal = Paralegal
role-supervisor = Supervisor
role-village_officer = Petugas desa
role-task_force_member = Anggota satgas desa
role-me_officer = Petugas monitoring dan evaluasi
permission-directory_read = Melihat direktori organisasi dan wilayah
permission-directory_manage = Mengelola direktori organisasi dan wilayah
permission-organisations_manage = Membuat dan mengubah organisasi, kantor dan loket di bawah atapnya
permission-users_read = Melihat pengguna
permission-users_manage = Mengelola pengguna
permission-roles_read = Melihat peran
permission-audit_read = Membaca log audit
permission-people_read = Melihat data orang
permission-people_write = Mendaftarkan dan mengubah data orang
permission-community_read = Melihat catatan desa (pendaftaran, keberangkatan dan kepulangan, peringatan)
permission-community_write = Mencatat pendaftaran desa, keberangkatan dan kepulangan; memberi peringatan dini
permission-community_verify = Memverifikasi pendaftaran desa
permission-warnings_handle = Menanggapi dan mengakhiri peringatan dini
permission-activities_write = Mencatat kegiatan (rapat, sesi informasi, penjangkauan, pelatihan, rapat forum) dan kehadirannya
permission-cases_read = Melihat kasus
permission-cases_write = Menangani kasus
permission-cases_supervise = Menyupervisi kasus
permission-referrals_manage = Mengelola rujukan
permission-reports_aggregate = Melihat laporan agregat
permission-reports_export = Mengekspor laporan agregat
permission-reports_manage = Mengelola dasar penghitungan laporan (kurs)
permission-ops_metrics = Melihat metrik sistem
scope-own = milik sendiri
scope-organisation = organisasi
scope-district = kabupaten/kota
scope-all = semua
permission-people_merge = Menggabungkan data ganda orang
