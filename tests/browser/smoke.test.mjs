// Browser smoke test: the real binary on a fresh demo database, Debian's
// Chromium driven by playwright-core (no browser download).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, shots } from './harness.mjs';

let server;
let baseUrl;
let browser;

before(async () => {
  server = await startServer();
  baseUrl = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('home page at phone width, language switch, screenshot', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(`${baseUrl}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.equal(await page.textContent('h1'), 'Layanan Terpadu Satu Atap bagi Pekerja Migran');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide at 360px`);
  await page.screenshot({ path: join(shots, 'home-id.png'), fullPage: true });

  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('a[data-lang="en"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'One-Roof Integrated Services for Migrant Workers');
  assert.equal(await page.getAttribute('a[data-lang="en"]', 'aria-current'), 'true');
  await page.screenshot({ path: join(shots, 'home-en.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script errors (CSP included)');
  await page.close();
});

test('organisation search filters in place with htmx', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  await page.goto(`${baseUrl}/organisations`);
  await page.waitForFunction(() => window.htmx !== undefined);
  await page.fill('#q', 'mawar');
  await page.waitForURL(/q=mawar/);
  await page.waitForFunction(() => document.querySelectorAll('#results .rows li').length === 1);
  assert.match(await page.textContent('#results'), /WCC Mawar Balqis/);
  await page.screenshot({ path: join(shots, 'organisations-search.png'), fullPage: true });
  await page.close();
});
