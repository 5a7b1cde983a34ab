// Browser test of the referral pages on a phone, as one district's network
// uses them: the district coordinator changes a referral pathway; the front
// desk registers a woman and her consents; the union paralegal opens and
// assesses her labour case and refers her, from the pathway's suggestions, to
// the crisis centre (and is refused for a provider she did not consent to);
// the crisis-centre counsellor finds the referral in "my work", reads her data
// only after accepting, and reports completion; an outside provider (the
// hospital), with no account, answers a printed referral form by its code;
// and the referral page reads in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedServer, squeeze, items, formWith, shots, phone, signIn, clickAndWait, assertNoSideways, openSections, openMenu } from './harness.mjs';

const s = sharedServer();
const as = s.as;

// What the steps hand on to each other.
const woman = 'Warsini Binti Kasmadi';
const unionName = 'Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon';
const wccService = 'Penanganan kasus kekerasan terhadap perempuan';
const shelterService = 'Rumah aman';
const shelterName = 'UPTD Perlindungan Perempuan dan Anak Kabupaten Cirebon';
const hospitalService = 'Layanan kesehatan dan medis (IGD, visum et repertum)';
const policeService = 'Laporan polisi kekerasan terhadap perempuan dan anak, dan perdagangan orang';
const reason = 'Dipukul majikan sebelum pulang; perlu pendampingan dan tempat aman.';
const feedback = 'Sudah didampingi konselor; ditempatkan di rumah aman selama dua minggu.';
const hospitalReason = 'Luka memar di lengan; perlu visum et repertum.';
const hospitalFeedback = 'Visum selesai, hasil diserahkan ke pendamping.';
let personUrl;
let caseUrl;
let referralUrl;
let hospitalReferralUrl;

// A select known by its label's text (a select inside its label is named by
// the label's text and the option chosen).
function select(scope, label) {
  return scope.getByLabel(new RegExp(`^${label}(\\s|$)`));
}

// The first facts list of the page, as one line ("Term value Term value").
async function facts(page, selector = 'dl.facts') {
  return squeeze(await page.locator(selector).first().innerText());
}

// The status tag of the referral page's heading.
async function referralStatus(page) {
  return page.locator('h1 .tag').innerText();
}

test('the district coordinator changes the GBV-shelter pathway', async () => {
  const { page, errors } = await as('cirebon.coord', '/districts/32.09/pathways');
  assert.equal(await page.textContent('h1'), 'Jalur rujukan: Kabupaten Cirebon');
  const section = page.locator('section#gbv_shelter');
  assert.equal(await section.locator('h2').innerText(), 'penyintas KBG yang memerlukan rumah aman');
  const before = await items(section.locator('ol'));
  assert.ok(before.length >= 2, `the demo pathway lists providers: ${JSON.stringify(before)}`);
  assert.ok(before[0].startsWith(shelterService), `the shelter comes first in the demo: ${JSON.stringify(before)}`);

  // The crisis centre first, then the shelter; the other steps emptied.
  await section.getByText('Ubah jalur ini').click();
  const form = section.locator('form');
  const steps = form.locator('select[name=service_id]');
  const count = await steps.count();
  assert.equal(count, before.length + 2, 'one select per step and two more to add to the end');
  await select(form, 'Langkah 1').selectOption({ label: `${wccService} — WCC Mawar Balqis` });
  await select(form, 'Langkah 2').selectOption({ label: `${shelterService} — ${shelterName}` });
  for (let n = 3; n <= count; n++) {
    await select(form, `Langkah ${n}`).selectOption('');
  }
  await assertNoSideways(page);
  await clickAndWait(page, form.getByRole('button', { name: 'Simpan jalur' }));
  assert.equal(page.url(), `${s.server.url}/districts/32.09/pathways#gbv_shelter`);
  assert.deepEqual(await items(page.locator('section#gbv_shelter ol')), [
    `${wccService} — WCC Mawar Balqis`,
    `${shelterService} — ${shelterName}`,
  ]);
  // The other needs are untouched.
  assert.ok((await items(page.locator('section#gbv_medical ol')))[0].startsWith(`${hospitalService} — RSUD Arjawinangun`));
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'pathways.png') });
  assert.deepEqual(errors, [], 'no script errors');
});

test('the front desk registers a woman and her consents to share with the union and to be referred', async () => {
  const { page, errors } = await as('cirebon.desk', '/people/new');
  assert.equal(await page.textContent('h1'), 'Daftarkan orang');
  await page.getByLabel('Nama lengkap').fill(woman);
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Tanggal lahir').fill('1993-02-21');
  await page.getByLabel('Telepon', { exact: true }).fill('081234567891');
  await page.getByLabel('Desa/kelurahan').fill('32.09.30.2001');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  if (page.url().endsWith('/people/new')) {
    // The desk was warned of a possible duplicate among the demo people: she is new.
    await clickAndWait(page, page.getByRole('button', { name: 'Tetap daftarkan sebagai orang baru' }));
  }
  assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
  personUrl = page.url();
  assert.equal(await page.textContent('h1'), woman);

  const consents = [
    ['Berbagi data dengan mitra', 'SBMI-CRB'],
    ['Dirujuk', 'WCC-MAWAR-BALQIS'],
    ['Dirujuk', 'RSUD-ARJAWINANGUN'],
  ];
  for (const [purpose, organisation] of consents) {
    await clickAndWait(page, page.getByRole('link', { name: 'Catat persetujuan' }));
    assert.equal(await page.textContent('h1'), 'Catat persetujuan');
    await page.getByLabel('Tujuan').selectOption({ label: purpose });
    await page.getByLabel('Kode organisasi').selectOption(organisation);
    await page.getByLabel('diberikan').check();
    await page.getByLabel('lisan').check();
    await assertNoSideways(page);
    await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
    assert.equal(page.url(), `${personUrl}#consents`);
  }
  const listed = await items(page.locator('h2', { hasText: /^Persetujuan$/ }).locator('xpath=following-sibling::*[1]/descendant-or-self::ul'));
  assert.ok(
    listed.some((c) => c.includes('Berbagi data dengan mitra') && c.includes(unionName) && c.includes('diberikan')),
    `the consent to share with the union is listed: ${JSON.stringify(listed)}`,
  );
  // Consents naming the crisis centre or the hospital are seen only there (SAFETY.md).
  for (const holder of ['WCC Mawar Balqis', 'RSUD Arjawinangun']) {
    assert.ok(!listed.some((c) => c.includes(holder)), `no consent naming ${holder}: ${JSON.stringify(listed)}`);
  }
  await assertNoSideways(page);
  assert.deepEqual(errors, [], 'no script errors');
});

test('the union paralegal assesses her case and refers her to the crisis centre the pathway suggests', async () => {
  assert.ok(personUrl, 'the woman was registered');
  const { page, errors } = await as('cirebon.union', new URL(personUrl).pathname);
  assert.equal(await page.textContent('h1'), woman);
  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus' }));
  await page.getByLabel('pengaduan ketenagakerjaan').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Lanjut' }));
  await clickAndWait(page, page.getByRole('button', { name: 'Buka kasus' }));
  caseUrl = page.url().replace(/#.*$/, '');
  assert.match(caseUrl, /\/cases\/[0-9a-f-]{36}$/);
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan penerimaan');

  // The assessment picks two needs of the district's referral mechanism.
  const assess = formWith(page, 'Simpan asesmen');
  const needs = assess.locator('fieldset', { has: page.locator('legend', { hasText: /^Kebutuhan$/ }) });
  await needs.getByLabel('penyintas KBG yang memerlukan rumah aman', { exact: true }).check();
  await needs.getByLabel('gaji tidak dibayar', { exact: true }).check();
  await assertNoSideways(page);
  await clickAndWait(page, assess.getByRole('button', { name: 'asesmen' }));
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan asesmen');
  const assessed = await facts(page);
  assert.match(assessed, /Kebutuhan .*penyintas KBG yang memerlukan rumah aman/);
  assert.match(assessed, /Kebutuhan .*gaji tidak dibayar/);
  assert.equal(await page.locator('#case-referrals').count(), 0, 'no referral yet');

  // First a provider she did not consent to: the police unit. Refused, naming consent.
  await clickAndWait(page, page.getByRole('link', { name: 'Rujuk ke layanan' }));
  assert.equal(await page.textContent('h1'), `Rujuk: ${woman}`);
  const other = select(page, 'Layanan');
  await other.selectOption({ label: `${policeService} — Unit PPA Polresta Cirebon` });
  await page.getByLabel('Alasan').fill(reason);
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await page.getByRole('button', { name: 'Kirim rujukan' }).click();
  await navigated;
  await page.waitForLoadState('load');
  // The form again, saying why, with what she typed and chose still there.
  assert.equal(await page.textContent('h1'), `Rujuk: ${woman}`);
  assert.match(squeeze(await page.locator('[role=alert]').innerText()),
    /Persetujuan: orang ini belum memberi persetujuan untuk dirujuk ke penyedia ini/);
  assert.equal(await page.getByLabel('Alasan').inputValue(), reason);
  assert.equal(await select(page, 'Layanan').locator('option:checked').innerText(), `${policeService} — Unit PPA Polresta Cirebon`);
  await assertNoSideways(page);
  // The browser logs the refused request itself; nothing else.
  assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);

  // The form again: the pathway suggests the crisis centre first, as the coordinator set it.
  await page.goto(caseUrl);
  await openSections(page);
  await clickAndWait(page, page.getByRole('link', { name: 'Rujuk ke layanan' }));
  const suggestions = page.locator('fieldset#suggestions');
  assert.equal(await suggestions.locator('legend').innerText(), 'Disarankan oleh jalur rujukan kabupaten');
  const suggested = squeeze(await suggestions.innerText());
  assert.ok(
    suggested.includes(`penyintas KBG yang memerlukan rumah aman 1. ${wccService} — WCC Mawar Balqis 2. ${shelterService} — ${shelterName}`),
    `the shelter need suggests the crisis centre, then the shelter: ${suggested}`,
  );
  // Unpaid wages: the union's own services (steps 1, 3, 4) are left out; the BP3MI office stays.
  assert.ok(suggested.endsWith('gaji tidak dibayar 2. Pengaduan pekerja migran (crisis center BP3MI) — UPT BP3MI Jawa Barat'), suggested);
  assert.ok(!suggested.includes(unionName), `the union is not suggested to itself: ${suggested}`);
  // The default sharing: who she is, her phone, the case summary; not her address.
  const share = page.locator('fieldset', { has: page.locator('legend', { hasText: /^Yang dibagikan$/ }) });
  assert.equal(await share.getByLabel('nama, jenis kelamin dan umur').isChecked(), true);
  assert.equal(await share.getByLabel('nomor telepon').isChecked(), true);
  assert.equal(await share.getByLabel('jenis kasus, tahap dan kebutuhan').isChecked(), true);
  assert.equal(await share.getByLabel('desa dan alamat').isChecked(), false);
  assert.equal(await share.getByLabel('catatan kasus').isChecked(), false);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-new.png'), fullPage: true });

  await suggestions.getByLabel(`1. ${wccService} — WCC Mawar Balqis`).check();
  await select(page, 'Kebutuhan').selectOption({ label: 'penyintas KBG yang memerlukan rumah aman' });
  await page.getByLabel('Alasan').fill(reason);
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim rujukan' }));
  assert.match(page.url(), /\/referrals\/[0-9a-f-]{36}$/);
  referralUrl = page.url();
  assert.equal(await page.textContent('h1'), `${wccService} terkirim`);
  const sent = await facts(page);
  assert.ok(sent.includes(`Dari ${unionName}`), sent);
  assert.ok(sent.includes('Kepada WCC Mawar Balqis'), sent);
  assert.ok(sent.includes(`Alasan ${reason}`), sent);
  assert.ok(sent.includes('Kebutuhan penyintas KBG yang memerlukan rumah aman'), sent);
  assert.ok(sent.includes('nama, jenis kelamin dan umur, nomor telepon, jenis kasus, tahap dan kebutuhan'), sent);
  assert.equal(await page.getByRole('heading', { name: 'Tautan untuk penyedia' }).count(), 0, 'no link for a provider under the roof');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-sent.png'), fullPage: true });

  // The case lists it.
  await clickAndWait(page, page.getByRole('link', { name: 'Kembali ke kasus' }));
  assert.equal(page.url(), caseUrl);
  const listed = await items(page.locator('#case-referrals ul'));
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.match(listed[0], new RegExp(`^${wccService} WCC Mawar Balqis terkirim mendesak`));
  await assertNoSideways(page);
  assert.deepEqual(errors, [], 'no script errors');
});

test('the counsellor receives it, reads her data only once accepted, and reports completion', async () => {
  assert.ok(referralUrl, 'the referral was sent');
  const path = new URL(referralUrl).pathname;
  const { page, errors } = await as('cirebon.wcc', '/cases');
  assert.equal(await page.textContent('h1'), 'Pekerjaan saya');
  const notice = page.locator(`#notification-list a[href="${path}"]`);
  assert.equal(await notice.innerText(), 'Rujukan baru diterima');
  const waiting = page.locator('#inbox li').filter({ has: page.locator(`a[href="${path}"]`) });
  assert.match(squeeze(await waiting.innerText()), new RegExp(`^${wccService} ${unionName.replace(/[()]/g, '\\$&')} terkirim mendesak`));
  assert.ok(!(await page.locator('main').innerText()).includes(woman), '"my work" does not name her');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-my-work.png'), fullPage: true });

  await clickAndWait(page, notice);
  assert.equal(page.url(), referralUrl);
  assert.equal(await page.textContent('h1'), `${wccService} terkirim`);
  assert.equal(
    await page.locator('#not-shared').innerText(),
    'Yang dibagikan pengirim dapat dibaca setelah organisasi Anda menerima rujukan ini.',
  );
  const unseen = await page.locator('main').innerText();
  for (const secret of [woman, '081234567891', 'pengaduan ketenagakerjaan']) {
    assert.ok(!unseen.includes(secret), `before accepting, the page does not show "${secret}"`);
  }
  assert.ok((await facts(page)).includes(`Alasan ${reason}`), 'the reason is shown to decide');
  assert.equal(await page.getByRole('button', { name: 'Tolak' }).count(), 1, 'she may decline instead');
  await assertNoSideways(page);

  await clickAndWait(page, page.getByRole('button', { name: 'Terima' }));
  assert.equal(await page.textContent('h1'), `${wccService} diterima`);
  const shared = await facts(page, '#shared');
  assert.ok(shared.includes(`Nama lengkap ${woman}`), shared);
  assert.ok(shared.includes('Jenis kelamin Perempuan'), shared);
  assert.ok(shared.includes('Telepon 081234567891'), shared);
  assert.ok(shared.includes('Kasus pengaduan ketenagakerjaan'), shared);
  assert.ok(shared.includes('Kebutuhan penyintas KBG yang memerlukan rumah aman, gaji tidak dibayar'), `needs by their label: ${shared}`);
  assert.ok(!shared.includes('Desa'), `her address was not shared: ${shared}`);
  assert.equal(await page.locator('#not-shared').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Terima' }).count(), 0, 'accepted once');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-accepted.png'), fullPage: true });

  const complete = formWith(page, 'Laporkan selesai');
  await complete.getByLabel('Umpan balik penyedia').fill(feedback);
  await clickAndWait(page, complete.getByRole('button', { name: 'Laporkan selesai' }));
  assert.equal(await page.textContent('h1'), `${wccService} selesai`);
  assert.equal(await page.locator('#feedback').innerText(), feedback);
  assert.equal(await page.locator('#answer').count(), 0, 'nothing more to answer');
  await assertNoSideways(page);
  assert.deepEqual(errors, [], 'no script errors');

  // The paralegal reads the feedback; her case lists the referral done.
  const union = await as('cirebon.union', '/cases');
  const p = union.page;
  assert.equal(await p.locator(`#notification-list a[href="${path}"]`).first().innerText(), 'Rujukan selesai');
  await p.goto(referralUrl);
  assert.equal(await referralStatus(p), 'selesai');
  assert.equal(await p.locator('#feedback').innerText(), feedback);
  assert.ok((await facts(p)).includes(`Umpan balik penyedia ${feedback}`));
  await assertNoSideways(p);
  await p.goto(caseUrl);
  await openSections(p);
  const listed = await items(p.locator('#case-referrals ul'));
  assert.match(listed[0], new RegExp(`^${wccService} WCC Mawar Balqis selesai`), JSON.stringify(listed));
  const timeline = await items(p.locator('#timeline'));
  for (const event of ['rujukan dikirim', 'rujukan diterima', 'rujukan selesai']) {
    assert.ok(timeline.some((e) => e.includes(event)), `the timeline has "${event}": ${JSON.stringify(timeline)}`);
  }
  await assertNoSideways(p);
  assert.deepEqual(union.errors, [], 'no script errors');
});

test('an outside provider answers a printed referral form by its code', async () => {
  assert.ok(caseUrl, 'the case was opened');
  const { page, errors } = await as('cirebon.union', new URL(caseUrl).pathname);
  await clickAndWait(page, page.getByRole('link', { name: 'Rujuk ke layanan' }));
  await select(page, 'Layanan').selectOption({ label: `${hospitalService} — RSUD Arjawinangun` });
  await select(page, 'Kemendesakan').selectOption({ label: 'darurat' });
  await select(page, 'Kebutuhan').selectOption({ label: 'perawatan medis setelah kekerasan' });
  await page.getByLabel('Alasan').fill(hospitalReason);
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim rujukan' }));
  hospitalReferralUrl = page.url();
  assert.match(hospitalReferralUrl, /\/referrals\/[0-9a-f-]{36}$/);
  assert.equal(await page.textContent('h1'), `${hospitalService} terkirim`);
  assert.ok((await facts(page)).includes('Kepada RSUD Arjawinangun'));
  const linkUrl = await page.locator('#link-url').innerText();
  const code = await page.locator('#link-code').innerText();
  assert.match(linkUrl, new RegExp(`^${s.server.url}/r/\\S+$`));
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await assertNoSideways(page);

  // The printed form carries the code and where to type it.
  await clickAndWait(page, page.getByRole('link', { name: 'Cetak formulir rujukan' }));
  assert.equal(await page.textContent('h1'), 'Formulir rujukan');
  const printed = await page.locator('.print-form .code').innerText();
  assert.equal(printed, code);
  const form = squeeze(await page.locator('.print-form').innerText());
  assert.ok(form.includes(`Kepada RSUD Arjawinangun — ${hospitalService}`), form);
  assert.ok(form.includes(`Nama lengkap ${woman}`), form);
  assert.ok(form.includes(`${s.server.url}/r: ${code}`), form);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-print.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script errors');

  // The hospital, not signed in, types the code as it reads it.
  const outside = await s.browser.newContext(phone);
  s.contexts.push(outside);
  const h = await outside.newPage();
  const hErrors = [];
  h.on('pageerror', (e) => hErrors.push(e.message));
  h.on('console', (m) => { if (m.type() === 'error') hErrors.push(m.text()); });
  await h.goto(`${s.server.url}/r`);
  assert.equal(await h.textContent('h1'), 'Kode rujukan');
  assert.equal(await h.locator('a.who', { hasText: 'Masuk' }).count(), 1, 'not signed in');
  await h.getByLabel('Kode rujukan').fill(` ${printed.toLowerCase().replaceAll('-', ' ')} `);
  await assertNoSideways(h);
  await clickAndWait(h, h.getByRole('button', { name: 'Buka rujukan' }));
  assert.equal(h.url(), linkUrl);
  assert.equal(await h.textContent('h1'), 'Rujukan terkirim');
  assert.equal(
    await h.locator('p.lead').innerText(),
    `${unionName} merujuk seseorang kepada RSUD Arjawinangun. Mohon konfirmasi, tolak, atau laporkan bila layanan selesai di sini.`,
  );
  const shown = await facts(h);
  assert.ok(shown.includes(`Layanan ${hospitalService}`), shown);
  assert.ok(shown.includes('darurat'), shown);
  assert.ok(shown.includes(`Alasan ${hospitalReason}`), shown);
  assert.equal(await h.locator('#person-name').innerText(), woman);
  const linkText = await h.locator('main').innerText();
  for (const secret of ['pengaduan ketenagakerjaan', 'gaji tidak dibayar', reason]) {
    assert.ok(!linkText.includes(secret), `the link page does not show "${secret}"`);
  }
  await assertNoSideways(h);
  await h.screenshot({ path: join(shots, 'referral-link.png'), fullPage: true });

  await clickAndWait(h, h.getByRole('button', { name: 'Konfirmasi rujukan' }));
  assert.equal(h.url(), `${linkUrl}#done`);
  assert.equal(await h.locator('#status').innerText(), 'diterima');
  assert.equal(await h.getByRole('button', { name: 'Konfirmasi rujukan' }).count(), 0);
  const done = formWith(h, 'Laporkan selesai');
  await done.getByLabel('Umpan balik penyedia').fill(hospitalFeedback);
  await clickAndWait(h, done.getByRole('button', { name: 'Laporkan selesai' }));
  assert.equal(await h.locator('#status').innerText(), 'selesai');
  assert.equal(await h.locator('#done').innerText(), 'Rujukan ini tidak memerlukan apa-apa lagi dari Anda. Terima kasih.');
  await assertNoSideways(h);
  assert.deepEqual(hErrors, [], 'no script errors');

  // A mangled link is "not found".
  const token = linkUrl.slice(linkUrl.lastIndexOf('/') + 1);
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  const mangled = await h.goto(`${s.server.url}/r/${token.slice(0, -1)}${last}`);
  assert.equal(mangled.status(), 404);
  assert.equal(await h.textContent('h1'), 'Halaman tidak ditemukan');
  assert.ok(!(await h.locator('main').innerText()).includes(woman));
  await assertNoSideways(h);
  assert.deepEqual(hErrors.splice(0), ['Failed to load resource: the server responded with a status of 404 (Not Found)']);

  // The paralegal sees the answer.
  await page.goto(hospitalReferralUrl);
  assert.equal(await referralStatus(page), 'selesai');
  assert.equal(await page.locator('#feedback').innerText(), hospitalFeedback);
  await page.goto(caseUrl);
  await openSections(page);
  const listed = await items(page.locator('#case-referrals ul'));
  assert.equal(listed.length, 2, JSON.stringify(listed));
  assert.ok(listed.some((r) => r.startsWith(`${hospitalService} RSUD Arjawinangun selesai darurat`)), JSON.stringify(listed));
  assert.deepEqual(errors, [], 'no script errors');
});

test('the referral page in English', async () => {
  assert.ok(hospitalReferralUrl, 'the hospital referral was sent');
  const { page, errors } = await as('cirebon.union', new URL(hospitalReferralUrl).pathname);
  await clickAndWait(page, page.locator('[data-lang="en"]'));
  assert.equal(page.url(), hospitalReferralUrl);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), `${hospitalService} completed`);
  assert.equal(await page.locator('.crumbs a').first().innerText(), 'Referrals');
  await openMenu(page);
  assert.equal(await page.locator('nav.main-nav').getByRole('link', { name: 'Referrals' }).count(), 1);
  const shown = await facts(page);
  for (const label of ['From', 'To', 'Urgency', 'Reason', "Provider's feedback"]) {
    assert.ok(shown.includes(label), `the label "${label}" is translated: ${shown}`);
  }
  assert.ok(shown.includes('emergency'), shown);
  for (const heading of ['What is shared', 'Link for the provider']) {
    assert.equal(await page.getByRole('heading', { name: heading, exact: true }).count(), 1, `heading "${heading}"`);
  }
  assert.equal(await page.getByRole('link', { name: 'Print the referral form' }).count(), 1);
  assert.equal(await page.getByText('Yang dibagikan').count(), 0, 'no Indonesian heading is left');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'referral-en.png'), fullPage: true });
  await clickAndWait(page, page.locator('[data-lang="id"]'));
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.deepEqual(errors, [], 'no script errors');
});
