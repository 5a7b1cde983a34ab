# Bahasa Indonesia (default), identity: users, sign-in, accounts, two-step verification, restricted-records confirmation.
# Keys are shared with en/identity.ftl; a test keeps the two complete and each key in one file.

## Identity and access
sign-in-title = Masuk ke Satu Atap
sign-in-button = Masuk
sign-in-failed = Nama pengguna atau kata sandi salah, atau akun sedang dikunci. Coba lagi.
account-title = Akun saya
account-roles = Peran
account-change-password = Ganti kata sandi
account-sessions = Sesi
account-sessions-hint = Keluar dari semua perangkat dan mencabut semua token API Anda.
account-sign-out-everywhere = Keluar dari semua perangkat
account-language = Bahasa tampilan
account-language-hint = Halaman ditampilkan dalam bahasa ini setiap kali Anda masuk, di perangkat mana pun.
account-language-save = Simpan bahasa
field-language = Bahasa tampilan
user-language-none = Belum dipilih (Bahasa Indonesia, atau pilihan di perangkat ini)
user-language-id = Bahasa Indonesia
user-language-en = English (Inggris)
admin-users-title = Pengguna
users-none = Tidak ada pengguna yang cocok.
admin-user-disabled = nonaktif
admin-roles-title = Peran dan izin
admin-role-totp = Wajib verifikasi dua langkah
field-password = Kata sandi
field-current_password = Kata sandi saat ini
field-new_password = Kata sandi baru
field-display_name = Nama tampilan
field-roles = Peran
field-home_area_code = Wilayah tugas
error-invalid_username = hanya huruf kecil, angka, titik, garis bawah, dan tanda hubung (3–64 karakter, diawali huruf)
error-password_too_short = minimal { $min } karakter
error-wrong_password = kata sandi salah
error-duplicate_username = nama pengguna ini sudah dipakai
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

# Keselamatan penyintas: orang yang perlu dilindungi, akses catatan terbatas yang dikonfirmasi
error-role_not_held = Anda hanya dapat memberikan peran yang izin dan cakupannya Anda miliki sendiri.
error-not_supervisor_of_organisation = Hanya supervisor lembaga pemilik akun ini yang dapat memutuskan aksesnya ke catatan terbatas.
restricted-access-pending = Menunggu konfirmasi
restricted-access-confirmed = Dikonfirmasi
restricted-access-refused = Ditolak
users-restricted-access = Catatan terbatas
users-confirm = Konfirmasi
users-refuse = Tolak
users-confirm-hint = Akun baru tidak dapat menjangkau catatan terbatas (kasus KBG dan perdagangan orang, pendaftaran rahasia) sampai dikonfirmasi oleh supervisor lembaganya.
