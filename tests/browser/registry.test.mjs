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
