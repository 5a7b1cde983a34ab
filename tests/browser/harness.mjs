// Shared by the browser tests: the real binary on a fresh demo database and
// Debian's Chromium.
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.SATUATAP_BIN ?? join(here, '../../target/debug/satuatap');
export const shots = join(here, 'screenshots');

export function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'satuatap-browser-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SATUATAP_')));
  const child = spawn(bin, ['serve', '--demo'], {
    env: { ...env, SATUATAP_BIND: '127.0.0.1:0', SATUATAP_DATA_DIR: dataDir, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    // Four test files start their servers at once, each loading the demo
    // in a debug build: on a busy two-core machine that took over a minute.
    // A server that never gets ready is stopped, so that the run fails
    // rather than waits on it for ever.
    const timer = setTimeout(() => {
      stop();
      reject(new Error('server did not get ready in 180 s'));
    }, 180_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/(http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ''), stop });
      }
    });
  });
}

export async function launchBrowser() {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// ---- helpers for tests that act as several signed-in users ----------------

export const phone = { viewport: { width: 360, height: 740 }, locale: 'id-ID' };

// A new browser context on a phone, signed in as `username` (demo password),
// landing on `next`. Script errors (CSP violations included) are collected in
// `errors`.
export async function signIn(browser, baseUrl, username, next = '/') {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'demo-password');
  await Promise.all([page.waitForURL(`${baseUrl}${next}`), page.click('#sign-in button[type=submit]')]);
  return { context, page, errors };
}

// Clicks `locator` (a submit button or a link) and waits until the page it
// leads to has loaded, also when that page has the same URL as this one.
// Throws with the error page's text if the server answered with one.
export async function clickAndWait(page, locator) {
  // What sits in a closed section, or behind "Menu" on a phone: open it as
  // a person would.
  if (!(await locator.isVisible())) await openSections(page);
  if (!(await locator.isVisible()) && (await page.locator('.menu-toggle').isVisible())) {
    await page.click('.menu-toggle');
  }
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await locator.click();
  await navigated;
  await page.waitForLoadState('load');
  await openSections(page);
  const error = page.locator('section.error');
  if (await error.count()) {
    throw new Error(`the server answered with an error page: ${(await error.innerText()).replace(/\s+/g, ' ')}`);
  }
}

// Opens the sections of a page that open on demand (the case page's), as
// a person reading all of it would.
export async function openSections(page) {
  await page.evaluate(() => document.querySelectorAll('details.section, details.move').forEach((d) => { d.open = true; }));
}

// Opens the menu on a phone (the navigation sits behind it).
export async function openMenu(page) {
  if (await page.locator('.menu-toggle').isVisible()) await page.click('.menu-toggle');
}

// The page does not scroll sideways (a 360 px phone).
export async function assertNoSideways(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide > 0) throw new Error(`${page.url()} scrolls sideways by ${wide}px`);
}

// One server and one browser for a test file whose tests act as several
// users: `s.as(username, next)` signs in (see signIn); the contexts, the
// browser and the server are closed after the file's tests.
export function sharedServer() {
  const s = { server: null, browser: null, contexts: [] };
  before(async () => {
    s.server = await startServer();
    s.browser = await launchBrowser();
  });
  after(async () => {
    for (const c of s.contexts) await c.close().catch(() => {});
    await s.browser?.close();
    s.server?.stop();
  });
  s.as = async (username, next) => {
    const signedIn = await signIn(s.browser, s.server.url, username, next);
    s.contexts.push(signedIn.context);
    return signedIn;
  };
  return s;
}

// Text squeezed to one line.
export const squeeze = (t) => t.replace(/\s+/g, ' ').trim();

// The texts of a list's items, each squeezed to one line.
export async function items(list) {
  return (await list.locator(':scope > li').allInnerTexts()).map(squeeze);
}

// A form of the page, known by its submit button's text.
export function formWith(page, button, exact = true) {
  return page.locator('form').filter({ has: page.getByRole('button', { name: button, exact }) });
}
