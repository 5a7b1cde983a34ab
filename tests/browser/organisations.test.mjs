// Browser test: on a phone, the national administrator adds an organisation
// (a refused form comes back with what was typed) and an office run by it,
// then lets a union serve under its roof.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedServer, clickAndWait, assertNoSideways, shots } from './harness.mjs';

const s = sharedServer();

test('administrator: add an organisation and an office with a desk', async () => {
  const { page, errors } = await s.as('admin', '/organisations');
  const url = s.server.url;

  await clickAndWait(page, page.locator('a[href="/organisations/new"]'));
  await page.fill('input[name=code]', 'LBH-CRB');
  await page.fill('input[name=name]', 'LBH Cirebon');
  await page.selectOption('select[name=kind]', 'ngo');
  await page.fill('input[name=area_code]', '99.99');
  await page.fill('textarea[name=address]', 'Jl. Tuparev 12, Cirebon');
  await page.fill('input[name=phone]', '0231 123 456');
  await clickAndWait(page, page.locator('#organisation button[type=submit]'));
  // Refused: the messages, and everything typed still there.
  assert.ok(await page.locator('[role=alert]').isVisible(), 'the messages are shown');
  // The refusal's status (422), and nothing else, in the console.
  assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  assert.equal(await page.inputValue('input[name=name]'), 'LBH Cirebon');
  assert.equal(await page.inputValue('textarea[name=address]'), 'Jl. Tuparev 12, Cirebon');
  assert.equal(await page.inputValue('select[name=kind]'), 'ngo');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'organisation-form-refused.png'), fullPage: true });

  await page.fill('input[name=area_code]', '32.09');
  await clickAndWait(page, page.locator('#organisation button[type=submit]'));
  assert.match(page.url(), /\/organisations\/[0-9a-f-]{36}$/);
  assert.equal(await page.locator('h1').innerText(), 'LBH Cirebon');

  // An office run by the new organisation, from its page.
  await clickAndWait(page, page.locator('a[href="/offices/new?organisation=LBH-CRB"]'));
  assert.equal(await page.inputValue('select[name=organisation_code]'), 'LBH-CRB');
  await page.fill('input[name=code]', 'POSKO-LBH-CRB');
  await page.fill('input[name=name]', 'Posko Pengaduan LBH Cirebon');
  await page.fill('input[name=area_code]', '32.09.30.2001');
  await page.fill('textarea[name=address]', 'Balai Desa Dompyong Kulon');
  await clickAndWait(page, page.locator('#office button[type=submit]'));
  assert.match(page.url(), /\/offices\/[0-9a-f-]{36}$/);
  assert.equal(await page.locator('h1').innerText(), 'Posko Pengaduan LBH Cirebon');

  // A union serves under the roof.
  await page.selectOption('#add-member select[name=organisation_code]', 'SBMI-CRB');
  await clickAndWait(page, page.locator('#add-member button[type=submit]'));
  const members = await page.locator('ul.rows > li').allInnerTexts();
  assert.ok(members.some((m) => m.includes('LBH Cirebon')), 'the operator serves there');
  assert.ok(members.some((m) => m.includes('SBMI')), 'the union serves there');
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'office-with-desks.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script or CSP error');
  // The new office is listed among the district's offices.
  await page.goto(`${url}/offices?within=32.09`);
  assert.ok(await page.getByText('Posko Pengaduan LBH Cirebon').isVisible());
});
