// Browser test of the reports on a phone: the M&E officer opens the
// dashboard, reads the headline (a definition one tap away), filters one
// district and one quarter by age group, finds the small cells marked as
// suppressed (never a blank or a 0), and downloads the table as XLSX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { sharedServer, shots, clickAndWait, assertNoSideways, squeeze } from './harness.mjs';

const s = sharedServer();

// The quarter of twenty days ago, as the period field takes it: the demo's
// work is recent, and a quarter only days old would hold little of it.
function thisQuarter() {
  const then = new Date(Date.now() + 7 * 3600 * 1000 - 20 * 86400 * 1000); // Western Indonesia
  return `${then.getUTCFullYear()}Q${Math.floor(then.getUTCMonth() / 3) + 1}`;
}

test('the M&E officer filters by district and quarter, sees suppressed cells marked, downloads the XLSX', async () => {
  const { page, errors } = await s.as('me.officer', '/reports');
  // The headline, each number's definition one tap away.
  const headline = page.locator('#headline-table');
  await headline.waitFor();
  const served = page.locator('#headline-people_served');
  assert.match(squeeze(await served.innerText()), /\d/);
  const definition = served.locator('.definition');
  assert.equal(await definition.isVisible(), false, 'definitions are folded');
  await served.locator('summary').click();
  assert.equal(await definition.isVisible(), true, 'one tap shows the definition');

  // One district, one quarter, by age group.
  await page.getByLabel('Indikator').selectOption('people_served');
  await page.locator('select[name=district]').selectOption('32.09');
  await page.getByLabel('Periode').fill(thisQuarter());
  await page.getByLabel('Baris menurut').selectOption('age_group');
  await clickAndWait(page, page.getByRole('button', { name: 'Tampilkan' }));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('district'), '32.09');
  assert.equal(url.searchParams.get('period'), thisQuarter());
  const table = page.locator('#report-table');
  await table.waitFor();
  assert.match(squeeze(await page.locator('#report-heading').innerText()), /Orang yang dilayani/);
  // Suppressed cells say so; none is blank.
  const suppressed = table.locator('td.suppressed');
  assert.ok((await suppressed.count()) > 0, 'a district by age group by sex in one quarter has small cells');
  for (const text of await suppressed.allInnerTexts()) assert.equal(squeeze(text), 'disembunyikan');
  for (const text of await table.locator('td').allInnerTexts()) assert.notEqual(squeeze(text), '', 'no blank cell');
  assert.equal(await page.locator('#has-suppressed').isVisible(), true);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'reports-phone.png'), fullPage: true });

  // The XLSX of the same table.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  assert.match(download.suggestedFilename(), /^people_served-\d{8}-\d{8}\.xlsx$/);
  const file = readFileSync(await download.path());
  assert.equal(file.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip');
  assert.deepEqual(errors, []);
});

test('a supervisor downloads her organisation\'s cases as a line list on a phone', async () => {
  const { page, errors } = await s.as('cirebon.union.sup', '/reports');
  await clickAndWait(page, page.locator('a[href="/reports/lines"]'));
  await assertNoSideways(page, 'the line lists page');
  const form = page.locator('#lines-cases');
  await form.locator('select[name="status"]').selectOption('open');
  await form.locator('select[name="format"]').selectOption('csv');
  const [download] = await Promise.all([page.waitForEvent('download'), form.locator('button[type="submit"]').click()]);
  assert.match(download.suggestedFilename(), /^cases-\d{8}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  assert.match(header, /^Id,Orang,Jenis,Status/, 'translated headers');
  assert.ok(rows.length >= 1, 'the union holds open cases in the demo');
  assert.ok(rows.every((r) => r.includes('terbuka') || r.includes('open')), rows.join('\n'));
  // A bad area comes back typed, with its message.
  const people = page.locator('#lines-people');
  await people.locator('input[name="within"]').fill('32.9x');
  await clickAndWait(page, people.locator('button[type="submit"]'));
  assert.equal(await page.locator('#lines-people input[name="within"]').inputValue(), '32.9x');
  assert.ok(await page.locator('.errors, [role="alert"]').count() >= 1, 'the message is shown');
  await page.screenshot({ path: join(shots, 'lines-phone.png'), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/422/.test(e)), []);
});
