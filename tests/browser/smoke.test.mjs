// Browser smoke test: the real binary on a fresh demo database, Debian's
// Chromium driven by playwright-core (no browser download).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.SATUATAP_BIN ?? join(here, '../../target/debug/satuatap');
const shots = join(here, 'screenshots');
let server;
let dataDir;
let baseUrl;
let browser;

function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'satuatap-browser-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SATUATAP_')));
  server = spawn(bin, ['serve', '--demo'], {
    env: { ...env, SATUATAP_BIND: '127.0.0.1:0', SATUATAP_DATA_DIR: dataDir, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not get ready in 60 s')), 60_000);
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = line.match(/(http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
  });
}

before(async () => {
  baseUrl = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
