// Browser test of the village pages on a phone: the village officer
// registers a prospective migrant worker with her family's permission, the
// village head's acknowledgement and the village's verification; records
// her departure and later her return with unpaid wages; warns the district
// of the broker, naming the union. The district coordinator acknowledges
// the warning; the union paralegal opens a case for her and ends the warning
// with it. Meanwhile a violence warning named to the crisis centre stays
// invisible to the union and to the coordinator, and the crisis centre's
// supervisor finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedServer, squeeze, shots, clickAndWait, assertNoSideways } from './harness.mjs';

const s = sharedServer();
const as = s.as;

const woman = 'Karsinah Binti Wartam';
const violence = 'Suara pukulan terdengar dari rumah dekat balai desa';
let personUrl;

// Script errors, not the refused forms (422) and the "not found" asked for (404) the console reports.
const scriptErrors = (errors) => errors.filter((e) => !/status of (422|404)/.test(e));
let warningUrl;
let violenceUrl;

test('the village registers her, verifies her, reports her departure and return, and warns the district', async () => {
  const { page, errors } = await as('cirebon.village', '/');
  // Her record first (the registry's one record).
  await clickAndWait(page, page.getByRole('link', { name: 'Daftarkan orang' }).first());
  await page.getByLabel('Nama lengkap').fill(woman);
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Tanggal lahir').fill('1998-07-14');
  await page.getByLabel('Desa/kelurahan').fill('32.09.30.2001');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  if (page.url().endsWith('/people/new')) {
    await clickAndWait(page, page.getByRole('button', { name: 'Tetap daftarkan sebagai orang baru' }));
  }
  assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
  personUrl = page.url();

  // The village registration, with a mistake first: it comes back as typed.
  await clickAndWait(page, page.getByRole('link', { name: 'Pendaftaran desa' }));
  await assertNoSideways(page);
  await page.getByLabel('Negara tujuan').selectOption('HK');
  await page.getByLabel('Sektor').selectOption('domestic_work');
  await page.getByLabel('Jabatan').fill('Pekerja rumah tangga');
  await page.getByLabel('Sudah menerima tawaran kerja').check();
  await page.getByLabel('Tanggal tawaran kerja').fill('2099-01-01');
  await page.getByLabel('Ditandatangani oleh (keluarga)').fill('Wartam');
  await page.getByLabel('Hubungan dengannya').selectOption('parent');
  await page.getByLabel('Diketahui oleh kepala desa').fill('H. Darma (Kuwu)');
  await page.getByLabel('Diketahui pada').fill('2026-06-01');
  await page.getByLabel('NIK / KTP').check();
  await page.getByLabel('Kartu keluarga (KK)').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Ajukan untuk verifikasi' }));
  const alert = squeeze(await page.locator('.alert').innerText());
  assert.match(alert, /Tanggal tawaran kerja: tanggal tidak boleh di masa depan/, alert);
  assert.equal(await page.getByLabel('Ditandatangani oleh (keluarga)').inputValue(), 'Wartam', 'what was typed is kept');
  await page.getByLabel('Tanggal tawaran kerja').fill('2026-05-20');
  await clickAndWait(page, page.getByRole('button', { name: 'Ajukan untuk verifikasi' }));
  assert.equal(squeeze(await page.locator('#registration-status').innerText()), 'Menunggu verifikasi');
  assert.match(squeeze(await page.locator('dl.facts').innerText()), /Wartam \(orang tua\).*H\. Darma \(Kuwu\)/);
  await clickAndWait(page, page.getByRole('button', { name: 'Verifikasi' }));
  assert.equal(squeeze(await page.locator('#registration-status').innerText()), 'Terverifikasi');
  await assertNoSideways(page);

  // Her departure, then her return: a return before the departure is refused.
  await page.goto(`${personUrl}/departure`);
  await page.getByLabel('Tanggal berangkat').fill('2026-07-01');
  await page.getByLabel('Negara tujuan').selectOption('HK');
  await page.getByLabel('Jalur').selectOption('non_procedural');
  await page.getByLabel('Dilaporkan oleh').selectOption('family');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan keberangkatan' }));
  assert.match(page.url(), /\/community#notices$/);
  await page.goto(`${personUrl}/return`);
  await page.getByLabel('Tanggal pulang').fill('2026-06-01');
  await page.getByLabel('Pulang dari').selectOption('HK');
  await page.getByLabel('Alasan pulang').selectOption('terminated_early');
  await page.getByLabel('Hukum, gaji tidak dibayar').check();
  await page.getByLabel('Dilaporkan oleh').selectOption('herself');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan kepulangan' }));
  assert.match(squeeze(await page.locator('.alert').innerText()), /tidak boleh sebelum tanggal keberangkatan/);
  assert.ok(await page.getByLabel('Hukum, gaji tidak dibayar').isChecked(), 'the needs are kept');
  await page.getByLabel('Tanggal pulang').fill('2026-11-20');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan kepulangan' }));
  const notices = squeeze(await page.locator('#notices').innerText());
  assert.match(notices, new RegExp(`${woman} Kepulangan .*Diberhentikan sebelum waktunya · Hukum, gaji tidak dibayar`), notices);

  // She shares her data with the union (so that it can take her case), and the village warns of the broker.
  await page.goto(personUrl);
  await clickAndWait(page, page.getByRole('link', { name: 'Catat persetujuan' }));
  await page.getByLabel('Tujuan').selectOption({ label: 'Berbagi data dengan mitra' });
  await page.getByLabel('Kode organisasi').selectOption('SBMI-CRB');
  await page.getByLabel('diberikan').check();
  await page.getByLabel('tertulis').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  await clickAndWait(page, page.getByRole('link', { name: 'Beri peringatan dini' }));
  await page.getByLabel('Yang terlihat').selectOption('suspected_recruiter');
  await page.getByLabel('Mendesak (24 jam)').check();
  await page.getByLabel('Mitra yang diberi tahu').selectOption('SBMI-CRB');
  await page.getByLabel('Yang terjadi').fill('Calo yang memberangkatkannya tanpa P3MI; gaji 8 bulan tidak dibayar.');
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim peringatan' }));
  assert.match(page.url(), /\/warnings\/[0-9a-f-]{36}$/);
  warningUrl = page.url();
  assert.equal(squeeze(await page.locator('#warning-status').innerText()), 'Menunggu tanggapan');
  assert.equal(await page.locator('#acknowledge').count(), 0, 'the village does not acknowledge its own warning');

  // And of violence, named to the crisis centre.
  await page.goto(`${s.server.url}/warnings/new`);
  await page.getByLabel('Yang terlihat').selectOption('violence_reported');
  await page.getByLabel('Mendesak (24 jam)').check();
  await page.getByLabel('Yang terjadi').fill(violence);
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim peringatan' }));
  assert.match(squeeze(await page.locator('.alert').innerText()), /Mitra: wajib diisi/);
  assert.equal(await page.getByLabel('Yang terjadi').inputValue(), violence);
  await page.getByLabel('Mitra yang diberi tahu').selectOption('WCC-MAWAR-BALQIS');
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim peringatan' }));
  violenceUrl = page.url();
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'community-warning.png'), fullPage: true });
  assert.deepEqual(scriptErrors(errors), [], 'no script errors');
});

test('the coordinator acknowledges the broker warning and never learns of the violence warning', async () => {
  assert.ok(warningUrl && violenceUrl, 'the warnings were raised');
  const { page, errors } = await as('cirebon.coord', '/');
  const home = squeeze(await page.locator('main').innerText());
  assert.match(home, /Peringatan dini menunggu tanggapan/, home);
  await clickAndWait(page, page.getByRole('link', { name: 'Peringatan dini' }).first());
  const inbox = await page.locator('main').innerHTML();
  assert.ok(inbox.includes(new URL(warningUrl).pathname), 'the broker warning is in the inbox');
  assert.ok(!inbox.includes(new URL(violenceUrl).pathname), 'the violence warning is not');
  await page.goto(warningUrl);
  assert.match(squeeze(await page.locator('dl.facts').innerText()), /\(nama tidak ditampilkan\)/, 'the coordinator reads no people');
  await clickAndWait(page, page.getByRole('button', { name: 'Tanggapi' }));
  assert.equal(squeeze(await page.locator('#warning-status').innerText()), 'Ditanggapi');
  const hidden = await page.goto(violenceUrl);
  assert.equal(hidden.status(), 404, 'exactly "not found"');
  await assertNoSideways(page);
  assert.deepEqual(scriptErrors(errors), [], 'no script errors');
});

test('the union paralegal opens her case from the warning and ends it with the case; the violence warning stays invisible', async () => {
  const { page, errors } = await as('cirebon.union', new URL(warningUrl).pathname);
  assert.match(squeeze(await page.locator('dl.facts').innerText()), new RegExp(woman));
  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus untuknya' }));
  await page.getByLabel('pengaduan ketenagakerjaan').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Lanjut' }));
  await clickAndWait(page, page.getByRole('button', { name: 'Buka kasus' }));
  assert.match(page.url(), /\/cases\/[0-9a-f-]{36}/);
  await page.goto(warningUrl);
  await page.getByLabel('Kasus dibuka').check();
  await page.locator('select[name=case_id]').selectOption({ index: 1 });
  await clickAndWait(page, page.getByRole('button', { name: 'Akhiri', exact: true }));
  assert.equal(squeeze(await page.locator('#warning-status').innerText()), 'Kasus dibuka');
  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus' }));
  assert.match(page.url(), /\/cases\/[0-9a-f-]{36}$/);

  const { page: inbox } = await as('cirebon.union', '/warnings?all=1');
  assert.ok(!(await inbox.locator('main').innerHTML()).includes(new URL(violenceUrl).pathname));
  const hidden = await inbox.goto(violenceUrl);
  assert.equal(hidden.status(), 404);
  assert.ok(!(await inbox.content()).includes('pukulan'));
  assert.deepEqual(scriptErrors(errors), [], 'no script errors');
});

test('the crisis centre supervisor finds the violence warning and acknowledges it', async () => {
  const { page, errors } = await as('cirebon.wcc.sup', '/warnings');
  assert.ok((await page.locator('main').innerHTML()).includes(new URL(violenceUrl).pathname), 'in her inbox');
  await page.goto(violenceUrl);
  assert.match(squeeze(await page.locator('dl.facts').innerText()), /Suara pukulan terdengar/);
  await clickAndWait(page, page.getByRole('button', { name: 'Tanggapi' }));
  assert.equal(squeeze(await page.locator('#warning-status').innerText()), 'Ditanggapi');
  // The page reads in English too.
  await page.goto(`${s.server.url}/language/en?next=${encodeURIComponent(new URL(page.url()).pathname)}`);
  assert.match(await page.textContent('h1'), /Violence reported/);
  await assertNoSideways(page);
  assert.deepEqual(scriptErrors(errors), [], 'no script errors');
});

test('the coordinator finds the forum with its women migrant workers seat; the union records a campaign on a phone', async () => {
  const { page, errors } = await as('cirebon.coord', '/forum');
  assert.equal(await page.locator('#seat-empty').count(), 0, 'the demo forum has its women migrant workers seat');
  assert.match(await page.locator('#forum-member-list').innerText(), /Perwakilan pekerja migran perempuan/);
  await assertNoSideways(page);
  const union = await as('cirebon.union', '/campaigns');
  const p = union.page;
  const before = await p.locator('#campaigns li').count();
  await p.getByLabel('Judul').fill('Siaran langsung: kenali calo');
  await p.getByLabel('Platform').selectOption('tiktok');
  await p.getByLabel('Tema').selectOption('trafficking_prevention');
  await p.getByLabel('Dari').fill('2026-10-01');
  await p.getByLabel('Sampai').fill('2026-10-31');
  await p.getByLabel('Jangkauan (akun terjangkau, sesuai laporan)').fill('5000');
  await p.getByLabel('Di antaranya perempuan (jika dilaporkan)').fill('7000');
  await clickAndWait(p, p.getByRole('button', { name: 'Simpan kampanye' }));
  assert.match(await p.locator('.alert').innerText(), /jangkauan/i, 'more women than the reach is refused');
  assert.equal(await p.getByLabel('Judul').inputValue(), 'Siaran langsung: kenali calo', 'what was typed is kept');
  await p.getByLabel('Di antaranya perempuan (jika dilaporkan)').fill('3100');
  await clickAndWait(p, p.getByRole('button', { name: 'Simpan kampanye' }));
  assert.equal(await p.locator('#campaigns li').count(), before + 1);
  assert.match(await p.locator('#campaigns').innerText(), /Siaran langsung: kenali calo/);
  await assertNoSideways(p);
  assert.deepEqual(scriptErrors([...errors, ...union.errors]), []);
});
