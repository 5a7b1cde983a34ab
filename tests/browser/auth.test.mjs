// Browser test: sign in through the form, a forged form post is refused
// (CSRF), sign out. Debian's Chromium driven by playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, shots, openMenu } from './harness.mjs';

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

  await openMenu(page);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('form[action="/sign-out"] button')]);
  assert.equal(await page.locator('a.who').textContent(), 'Masuk');
  await page.goto(`${server.url}/account`);
  assert.match(page.url(), /\/sign-in/, 'signed out');
  await context.close();
});

test('on a phone, a note sent after the session ended comes back after signing in', async () => {
  const signIn = async (context, next) => {
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
    await page.fill('input[name=username]', 'cirebon.union');
    await page.fill('input[name=password]', 'demo-password');
    await Promise.all([page.waitForURL(`${server.url}${next}`), page.click('#sign-in button[type=submit]')]);
    return page;
  };
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
  const page = await signIn(phone, '/cases');
  await Promise.all([page.waitForURL(/\/cases\/[0-9a-f-]{36}$/), page.click('#my-cases a[href^="/cases/"]')]);
  const caseUrl = page.url();
  await page.locator('summary', { hasText: 'Catatan rahasia' }).click();
  const note = 'Ibu Rohmah menelepon: majikan mengancam memulangkannya tanpa gaji.';
  await page.getByLabel('Catatan', { exact: true }).fill(note);

  // Meanwhile her session ends (she signs out everywhere from another device).
  const desk = await browser.newContext();
  const other = await signIn(desk, '/account');
  await Promise.all([other.waitForURL(/\/sign-in/), other.getByRole('button', { name: 'Keluar dari semua perangkat' }).click()]);
  await desk.close();

  // The note meets the ended session: she is asked to sign in, told that
  // what she typed is kept, and finds it again to send.
  await Promise.all([page.waitForURL(/\/sign-in\?/), page.getByRole('button', { name: 'Simpan catatan' }).click()]);
  assert.match(await page.locator('main').innerText(), /Sesi Anda berakhir\. Masuk lagi; isian Anda tersimpan\./);
  await page.screenshot({ path: join(shots, 'session-ended.png'), fullPage: true });
  await page.fill('input[name=username]', 'cirebon.union');
  await page.fill('input[name=password]', 'demo-password');
  await Promise.all([page.waitForURL(/\/session\/draft/), page.click('#sign-in button[type=submit]')]);
  assert.equal(await page.locator('textarea[name=text]').inputValue(), note);
  const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `the page scrolls sideways by ${wide}px`);
  await Promise.all([page.waitForURL(`${caseUrl}#notes`), page.getByRole('button', { name: 'Kirim' }).click()]);
  assert.match(await page.locator('#notes').innerText(), /majikan mengancam memulangkannya/);
  await phone.close();
});
