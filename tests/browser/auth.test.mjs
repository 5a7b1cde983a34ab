// Browser test: sign in through the form, a forged form post is refused
// (CSRF), sign out. Debian's Chromium driven by playwright-core.
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

test('sign in, forged form post refused, sign out', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/users`);
  assert.match(page.url(), /\/sign-in\?next=%2Fadmin%2Fusers$/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'demo-password');
  await Promise.all([page.waitForURL(`${server.url}/admin/users`), page.click('#sign-in button[type=submit]')]);
  assert.equal(await page.getAttribute('a.who', 'data-user'), 'admin');
  await page.screenshot({ path: join(shots, 'admin-users.png'), fullPage: true });

  // A forged form post: the browser sends the session cookie along, but the
  // forger cannot know the CSRF token. Playwright runs the post in the page
  // (our CSP forbids inline script, so no page of ours could do it).
  const forged = await page.evaluate(async () => {
    const r = await fetch('/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=forged-token',
      redirect: 'manual',
    });
    return r.status;
  });
  assert.equal(forged, 403, 'a form post without the right token is refused');
  await page.goto(`${server.url}/account`);
  assert.match(page.url(), /\/account$/, 'still signed in after the forged post');

  await Promise.all([page.waitForURL(`${server.url}/`), page.click('form[action="/sign-out"] button')]);
  assert.equal(await page.locator('a.who').textContent(), 'Masuk');
  await page.goto(`${server.url}/account`);
  assert.match(page.url(), /\/sign-in/, 'signed out');
  await context.close();
});
