// Browser test: the front desk on a phone finds people by migration stage,
// registers a person and records a migration episode with its costs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, shots } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function noSideways(page) {
  const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `the page scrolls sideways by ${wide}px`);
}

test('front desk: filter by stage, register, add an episode', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in?next=%2Fpeople`);
  await page.fill('input[name=username]', 'cirebon.desk');
  await page.fill('input[name=password]', 'demo-password');
  await Promise.all([page.waitForURL(`${server.url}/people`), page.click('#sign-in button[type=submit]')]);

  // The demo's synthetic people: filtering by stage (htmx swaps the results).
  await page.selectOption('select[name=stage]', 'abroad');
  await page.waitForURL(/stage=abroad/);
  const tags = await page.locator('#results .tag', { hasText: 'di luar negeri' }).count();
  assert.ok(tags > 0, 'people abroad are listed');
  await noSideways(page);

  await page.goto(`${server.url}/people/new`);
  await page.fill('input[name=full_name]', 'Casmini Binti Warsad');
  await page.check('input[name=sex][value=female]');
  await page.fill('input[name=birth_date]', '1993-02-11');
  await page.fill('input[name=village_code]', '32.09.30.2001');
  await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}$/), page.click('#register button[type=submit]')]);
  const personUrl = page.url();

  await page.click('a[href$="/episodes/new"]');
  await page.selectOption('select[name=stage]', 'abroad');
  await page.selectOption('select[name=destination]', 'TW');
  await page.selectOption('select[name=sector]', 'caregiving');
  await page.fill('input[name=departure_date]', '2024-08-01');
  const items = page.locator('select[name=cost_item]');
  const amounts = page.locator('input[name=cost_amount]');
  await items.nth(0).selectOption('recruitment_fee');
  await amounts.nth(0).fill('15000000');
  await items.nth(1).selectOption('informal_payment');
  await amounts.nth(1).fill('2500000');
  await page.fill('input[name=earnings_amount]', '20000');
  await page.fill('input[name=earnings_currency]', 'TWD');
  await noSideways(page);
  await Promise.all([page.waitForURL(`${personUrl}#episodes`), page.click('#episode button[type=submit]')]);
  const episode = await page.locator('#episodes li').first().textContent();
  assert.match(episode, /Taiwan \(TW\)/);
  assert.match(episode, /= Rp 17.500.000/);
  assert.match(episode, /TWD 20.000/);
  await noSideways(page);
  await page.screenshot({ path: join(shots, 'person-episode.png'), fullPage: true });
  await context.close();
});

test('on a phone: the village by name (suggested as one types, or chosen without JavaScript), then a hand-over the union finds in its work', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/sign-in?next=%2Fpeople%2Fnew`);
  await page.fill('input[name=username]', 'cirebon.desk');
  await page.fill('input[name=password]', 'demo-password');
  await Promise.all([page.waitForURL(`${server.url}/people/new`), page.click('#sign-in button[type=submit]')]);

  // As one types, the villages that fit are offered with the places above.
  const village = page.getByLabel('Desa/kelurahan');
  await village.pressSequentially('dompyong', { delay: 30 });
  const option = page.locator('#village_code-areas option[value="Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)"]');
  await option.waitFor({ state: 'attached' });
  assert.equal(await page.locator('#village_code-areas option').count(), 2, 'Dompyong Kulon and Dompyong Wetan');

  // Typed as a name that fits two villages, the form asks which one,
  // keeping what was typed.
  await page.fill('input[name=full_name]', 'Tarsinah Binti Wardi');
  await page.check('input[name=sex][value=female]');
  await village.fill('sumber cirebon');
  await Promise.all([page.waitForURL(`${server.url}/people/new`), page.click('#register button[type=submit]')]);
  assert.match(await page.locator('[role=alert]').innerText(), /Desa\/kelurahan: banyak wilayah cocok dengan “sumber cirebon”/);
  assert.equal(await page.inputValue('input[name=full_name]'), 'Tarsinah Binti Wardi');
  await noSideways(page);
  await page.screenshot({ path: join(shots, 'area-choose.png'), fullPage: true });
  await page.getByLabel('Sumber, Sumber, Kabupaten Cirebon (32.09.15.1004)').check();
  await Promise.all([page.waitForURL(/\/people\/[0-9a-f-]{36}$/), page.click('#register button[type=submit]')]);
  const personUrl = page.url();
  assert.match(await page.locator('dl').first().innerText(), /Desa\/kelurahan\s+Sumber \(32\.09\.15\.1004\)/);

  // The hand-over to the union waits for her consent to share with it.
  await page.click(`a[href="${new URL(personUrl).pathname}/handover"]`);
  await page.getByLabel(/Serikat Buruh Migran Indonesia \(SBMI\) Kabupaten Cirebon/).check();
  await page.fill('input[name=purpose]', 'gaji tidak dibayar');
  await Promise.all([page.waitForLoadState('load'), page.click('#handover button[type=submit]')]);
  assert.match(await page.locator('[role=alert]').innerText(), /belum memberi persetujuan untuk membagikan datanya kepada mitra ini/);
  assert.equal(await page.inputValue('input[name=purpose]'), 'gaji tidak dibayar');
  await noSideways(page);
  await Promise.all([page.waitForURL(/\/consents\/new/), page.click('a[href*="organisation_code=SBMI-CRB"]')]);
  assert.equal(await page.inputValue('select[name=organisation_code]'), 'SBMI-CRB', 'the consent form comes filled in');
  await page.check('input[name=method][value=written]');
  await Promise.all([page.waitForURL(/#consents$/), page.click('#consent button[type=submit]')]);
  await page.click(`a[href="${new URL(personUrl).pathname}/handover"]`);
  await page.getByLabel(/Serikat Buruh Migran Indonesia \(SBMI\) Kabupaten Cirebon/).check();
  await page.fill('input[name=purpose]', 'gaji tidak dibayar');
  await Promise.all([page.waitForURL(`${personUrl}#visits`), page.click('#handover button[type=submit]')]);
  assert.deepEqual(errors, [], 'no script errors');

  // The union's paralegal finds her first thing on her home page and in her work.
  const union = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const u = await union.newPage();
  await u.goto(`${server.url}/sign-in`);
  await u.fill('input[name=username]', 'cirebon.union');
  await u.fill('input[name=password]', 'demo-password');
  await Promise.all([u.waitForURL(`${server.url}/`), u.click('#sign-in button[type=submit]')]);
  assert.equal(await u.textContent('h1'), 'Pekerjaan hari ini');
  await Promise.all([u.waitForURL(/\/cases#my-desk$/), u.click('#waiting a[href="/cases#my-desk"]')]);
  const line = u.locator('#desk-queue li', { hasText: 'Tarsinah Binti Wardi' });
  assert.match(await line.innerText(), /gaji tidak dibayar/);
  await Promise.all([u.waitForURL(/\/cases#my-desk$/), line.getByRole('button', { name: 'Panggil' }).click()]);
  assert.match(await u.locator('#desk-queue li', { hasText: 'Tarsinah Binti Wardi' }).innerText(), /dipanggil/);
  await noSideways(u);
  await u.screenshot({ path: join(shots, 'my-work-desk.png'), fullPage: true });
  await union.close();
  await context.close();
});
