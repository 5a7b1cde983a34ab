// Browser test of SAFETY.md's "no trace", on phones: the crisis-centre
// counsellor registers a survivor (confidential because a crisis centre
// registers her), queues her at the centre's desk, records her consent to be
// referred to the shelter, opens a GBV case and refers her there. Then the
// union paralegal, the front desk and the centre's second counsellor (assigned
// to nothing) look for her and find nothing: not by name, NIK or phone, not in
// the queue, "my work" or the referral boxes, and her person, case and
// referral addresses answer exactly what an id that does not exist answers.
// The centre's supervisor finds her: the checks can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sharedServer, squeeze, items, shots, clickAndWait, openSections } from './harness.mjs';

const s = sharedServer();
const as = s.as;

// Her, and what was written about her: no outsider's page may contain any of it.
const survivor = 'Rukmini Safitri Wulandari';
const nik = '3209154204910007';
const phoneNumber = '081377665544';
const purpose = 'Konseling (KDRT) sesi pertama';
const reason = 'Suami mengancam; perlu tempat tinggal aman segera.';
const secrets = [survivor, nik, phoneNumber, phoneNumber.slice(1), purpose, reason];
const wccDesk = 'WCC Mawar Balqis';
const officeName = 'LTSA-MRC Kabupaten Cirebon';
const outsiders = ['cirebon.union', 'cirebon.desk', 'cirebon.wcc.2'];

// What the steps hand on to each other.
const made = {};
const baseline = {};

// The path of the office's queue, found from the office list.
async function queuePath(page) {
  await page.goto(`${s.server.url}/offices`);
  await clickAndWait(page, page.getByRole('link', { name: officeName }));
  assert.equal(await page.locator('main code').first().innerText(), 'LTSA-MRC-CRB');
  await clickAndWait(page, page.getByRole('link', { name: 'Antrean meja layanan' }));
  return new URL(page.url()).pathname;
}

// The pages whose lists an outsider's view must not change: the queue, "my
// work" and both referral boxes.
const lists = (queue) => [queue, '/cases', '/referrals', '/referrals?box=received'];

// The page does not scroll sideways on a 360 px phone.
async function noSideways(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${page.url()} scrolls sideways: ${scroll}px in ${client}px`);
}

// Nothing of her in the page's HTML (text, attributes, links), nor her ids
// (unless the page is for an id typed in). A search page may repeat what was
// typed (`q`), in its search box and its links, but not in its results.
async function noTrace(page, who, { ids = true, q = null } = {}) {
  const all = [...secrets, ...(ids ? [made.personId, made.caseId, made.referralId] : [])];
  const html = (await page.content()).toLowerCase();
  const found = all.filter((x) => !(q && q.includes(x)) && html.includes(x.toLowerCase()));
  assert.deepEqual(found, [], `${who} at ${page.url()}: the page shows a trace of her`);
  if (q) {
    const results = (await page.locator('#results').innerHTML()).toLowerCase();
    const listed = all.filter((x) => results.includes(x.toLowerCase()));
    assert.deepEqual(listed, [], `${who} at ${page.url()}: the results show a trace of her`);
  }
}

// A page's answer as a status and its HTML, the id asked for and the
// operation id (different for every request) taken out.
async function answer(page, path, id) {
  const response = await page.goto(`${s.server.url}${path}`);
  const html = (await page.content())
    .replaceAll(id, '{id}')
    .replace(/<code class="op-id">[^<]*<\/code>/, '<code class="op-id"></code>');
  return { status: response.status(), html };
}

// The errors of a page's scripts: the browser also logs each page answered
// with an error status (checked by the test itself).
const scriptErrors = (errors) => errors.filter((e) => !/^Failed to load resource: the server responded with a status of 40[34] /.test(e));

// A page's status and the text of its main part, one line, without the
// operation id of an error page (different for every request).
async function mainText(page, path) {
  const response = await page.goto(`${s.server.url}${path}`);
  let text = squeeze(await page.locator('main').innerText());
  for (const op of await page.locator('.op-id').allInnerTexts()) text = text.replaceAll(op, '{op}');
  return `${response.status()} ${text}`;
}

test('before she exists: what outsiders see of the queue, "my work" and the referral boxes', async () => {
  for (const user of outsiders) {
    const { page, errors } = await as(user, '/');
    baseline.queue ??= await queuePath(page);
    baseline[user] = {};
    for (const path of lists(baseline.queue)) baseline[user][path] = await mainText(page, path);
    assert.deepEqual(scriptErrors(errors), [], `${user}: no script errors`);
  }
});

test('the counsellor registers a survivor, queues her at the centre desk, and refers her to the shelter', async () => {
  const { page, errors } = await as('cirebon.wcc', '/people/new');
  assert.equal(await page.textContent('h1'), 'Daftarkan orang');
  await page.getByLabel('Nama lengkap').fill(survivor);
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Tanggal lahir').fill('1991-04-02');
  await page.getByLabel('NIK').fill(nik);
  await page.getByLabel('Telepon', { exact: true }).fill(phoneNumber);
  await page.getByLabel('Desa/kelurahan').fill('32.09.30.2001');
  // Not ticked: a crisis centre's registration is confidential anyway.
  assert.equal(await page.locator('input[name=confidential]').isChecked(), false);
  await noSideways(page);
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  if (page.url().endsWith('/people/new')) {
    // Warned of a possible duplicate among the demo people: she is new.
    await clickAndWait(page, page.getByRole('button', { name: 'Tetap daftarkan sebagai orang baru' }));
  }
  assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
  made.personPath = new URL(page.url()).pathname;
  made.personId = made.personPath.split('/').pop();
  assert.equal(await page.textContent('h1'), survivor);
  await noSideways(page);

  // A visit at the LTSA-MRC office, queued at the crisis centre's desk.
  await clickAndWait(page, page.getByRole('link', { name: 'Catat kunjungan' }));
  const office = page.locator('fieldset', { has: page.locator('input[name=office_code][value=LTSA-MRC-CRB]') });
  await office.locator('input[name=office_code]').check();
  await office.locator('input[name=desks][value=WCC-MAWAR-BALQIS]').check();
  await page.getByLabel('Keperluan kunjungan').fill(purpose);
  await noSideways(page);
  await clickAndWait(page, page.locator('#visit button[type=submit]'));
  assert.equal(new URL(page.url()).pathname, made.personPath);
  assert.ok(squeeze(await page.locator('#visits').innerText()).includes(wccDesk), 'the visit names the desk');

  // She is in the office queue, at the centre's desk.
  const queue = await queuePath(page);
  assert.equal(queue, baseline.queue);
  const row = page.locator('#queue li').filter({ hasText: survivor });
  assert.equal(await row.count(), 1, 'the counsellor sees her in the queue');
  const queued = squeeze(await row.innerText());
  assert.ok(queued.startsWith(`${wccDesk} ${survivor}`) && queued.includes(purpose), queued);
  await noSideways(page);
  await page.screenshot({ path: join(shots, 'safety-queue-counsellor.png'), fullPage: true });

  // The shelter of the district, from the directory.
  await page.goto(`${s.server.url}/directory?category=shelter`);
  const shelter = page.locator('#results li').filter({ hasText: 'Kabupaten Cirebon' });
  assert.equal(await shelter.count(), 1, 'one shelter serves Cirebon');
  const service = await shelter.locator('strong').innerText();
  const shelterOrg = await shelter.locator('a[href^="/organisations/"]').innerText();
  await noSideways(page);

  // Her consent to be referred to it.
  await page.goto(`${s.server.url}${made.personPath}`);
  await clickAndWait(page, page.getByRole('link', { name: 'Catat persetujuan' }));
  await page.getByLabel('Tujuan').selectOption({ label: 'Dirujuk' });
  const orgs = page.getByLabel('Kode organisasi');
  const code = await orgs.locator('option').filter({ hasText: shelterOrg }).getAttribute('value');
  await orgs.selectOption(code);
  await page.getByLabel('diberikan').check();
  await page.getByLabel('lisan').check();
  await noSideways(page);
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  assert.equal(new URL(page.url()).pathname, made.personPath);
  // The person page lists no consent naming a protective organisation (the
  // shelter) to anyone outside it, the counsellor who recorded it included:
  // the referral below, refused without it, shows that it was recorded.

  // A GBV case, and the referral from it.
  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus' }));
  await page.getByLabel('kekerasan berbasis gender').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Lanjut' }));
  await clickAndWait(page, page.getByRole('button', { name: 'Buka kasus' }));
  assert.match(page.url(), /\/cases\/[0-9a-f-]{36}#moves$/);
  made.casePath = new URL(page.url()).pathname;
  made.caseId = made.casePath.split('/').pop();
  assert.equal(await page.textContent('h1'), 'kekerasan berbasis gender penerimaan');
  await noSideways(page);
  await clickAndWait(page, page.getByRole('link', { name: 'Rujuk ke layanan' }));
  assert.equal(await page.textContent('h1'), `Rujuk: ${survivor}`);
  await page.getByLabel(/^Layanan(\s|$)/).selectOption({ label: `${service} — ${shelterOrg}` });
  await page.getByLabel('Alasan').fill(reason);
  await noSideways(page);
  await clickAndWait(page, page.getByRole('button', { name: 'Kirim rujukan' }));
  assert.match(page.url(), /\/referrals\/[0-9a-f-]{36}$/);
  made.referralPath = new URL(page.url()).pathname;
  made.referralId = made.referralPath.split('/').pop();
  assert.equal(await page.textContent('h1'), `${service} terkirim`);
  assert.ok(squeeze(await page.locator('dl.facts').first().innerText()).includes(`Kepada ${shelterOrg}`));
  await noSideways(page);
  await page.goto(`${s.server.url}${made.casePath}`);
  await openSections(page);
  assert.equal(await page.locator(`#case-referrals a[href="${made.referralPath}"]`).count(), 1, 'the case lists the referral');
  assert.deepEqual(errors, [], 'no script errors');
});

for (const user of outsiders) {
  test(`${user}, on a phone, finds no trace of her`, async () => {
    assert.ok(made.referralId, 'the survivor, her case and her referral were made');
    const { page, errors } = await as(user, '/people');

    // People search by her name, her NIK and her phone.
    for (const q of [survivor, nik, phoneNumber]) {
      await page.goto(`${s.server.url}/people?q=${encodeURIComponent(q)}`);
      assert.equal(await page.getByLabel('Cari').inputValue(), q);
      assert.equal(await page.locator(`#results a[href="${made.personPath}"]`).count(), 0, `${user}: searching "${q}" finds her`);
      await noTrace(page, user, { q });
      await noSideways(page);
    }

    // The queue, "my work" and the referral boxes: as before she existed.
    for (const path of lists(baseline.queue)) {
      const text = await mainText(page, path);
      await noTrace(page, user);
      await noSideways(page);
      assert.equal(text, baseline[user][path], `${user}: ${path} changed when she was registered, queued and referred`);
    }
    await page.goto(`${s.server.url}${baseline.queue}`);
    const rows = page.locator('#queue li');
    assert.equal(await rows.filter({ hasText: survivor }).count(), 0, `${user}: she is in the queue`);
    assert.equal(await rows.filter({ hasText: purpose }).count(), 0, `${user}: her visit is in the queue`);
    const atDesk = (await items(page.locator('#queue ul'))).filter((r) => r.startsWith(wccDesk));
    assert.deepEqual(atDesk, [], `${user}: the queue shows someone at the crisis centre's desk`);
    if (user === 'cirebon.wcc.2') await page.screenshot({ path: join(shots, 'safety-queue-colleague.png'), fullPage: true });

    // Her addresses, typed in, answer what an id that does not exist answers:
    // "not found" (the desk, who has no case pages at all, is refused every
    // case page alike).
    const noCasePages = baseline[user]['/cases'].startsWith('403 ');
    for (const [path, id] of [[made.personPath, made.personId], [made.casePath, made.caseId], [made.referralPath, made.referralId]]) {
      const random = randomUUID();
      const hers = await answer(page, path, id);
      await noTrace(page, user, { ids: false });
      await noSideways(page);
      const none = await answer(page, path.replace(id, random), random);
      await noSideways(page);
      const expected = noCasePages && path === made.casePath ? 403 : 404;
      assert.equal(hers.status, expected, `${user}: ${path} answers ${hers.status}`);
      assert.equal(none.status, expected, `${user}: ${path.replace(id, random)} answers ${none.status}`);
      assert.equal(hers.html, none.html, `${user}: ${path} is not the page of an id that does not exist`);
    }

    assert.deepEqual(scriptErrors(errors), [], `${user}: no script errors`);
  });
}

test('the crisis centre\'s supervisor finds her, her case and her referral', async () => {
  assert.ok(made.referralId, 'the survivor, her case and her referral were made');
  const { page, errors } = await as('cirebon.wcc.sup', '/people');
  for (const q of [survivor, nik, phoneNumber]) {
    await page.goto(`${s.server.url}/people?q=${encodeURIComponent(q)}`);
    const found = page.locator(`#results a[href="${made.personPath}"]`);
    assert.equal(await found.count(), 1, `searching "${q}" finds her: ${squeeze(await page.locator('#results').innerText())}`);
    assert.equal(await found.innerText(), survivor);
    await noSideways(page);
  }
  await page.goto(`${s.server.url}${baseline.queue}`);
  assert.equal(await page.locator('#queue li').filter({ hasText: survivor }).count(), 1, 'she is in the queue at the desk');
  // Her pages open, and show what the outsiders' pages were searched for.
  for (const path of [made.personPath, made.casePath, made.referralPath]) {
    const response = await page.goto(`${s.server.url}${path}`);
    assert.equal(response.status(), 200, path);
    await noSideways(page);
    const html = await page.content();
    const shown = path === made.personPath ? [survivor, nik, phoneNumber] : path === made.casePath ? [survivor] : [reason];
    assert.deepEqual(shown.filter((x) => !html.includes(x)), [], `${path} shows her`);
  }
  assert.match(await page.textContent('h1'), / terkirim$/, 'the referral page opens');
  await page.goto(`${s.server.url}/referrals?box=sent`);
  assert.equal(await page.locator(`#results a[href="${made.referralPath}"]`).count(), 1, 'the sent box lists the referral');
  assert.deepEqual(errors, [], 'no script errors');
});
