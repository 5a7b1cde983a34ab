// Accessibility: axe-core finds nothing on any page, at a 360 px phone
// viewport: the public pages signed out, and the pages of several demo users
// signed in (lists, a person, a case, my work, referrals, administration,
// the audit log, the account, the forms, an error page). Also: the language
// chosen on /account is kept with the account and decides the next page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sharedServer, phone, clickAndWait, assertNoSideways, openSections, openMenu } from './harness.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const s = sharedServer();

// A phone context; the CSP (no inline scripts) is bypassed in this context
// only, for axe's injected source.
async function context(username) {
  const ctx = await s.browser.newContext({ ...phone, bypassCSP: true });
  s.contexts.push(ctx);
  const page = await ctx.newPage();
  if (username) {
    await page.goto(`${s.server.url}/sign-in?next=%2F`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'demo-password');
    await Promise.all([page.waitForURL(`${s.server.url}/`), page.click('#sign-in button[type=submit]')]);
  }
  return page;
}

// Runs axe on the page as it is (every rule axe runs by default: WCAG 2.0,
// 2.1 A and AA, and best practices); the violations, one line each.
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document);
    return {
      ran: [...r.passes, ...r.violations].map((v) => v.id),
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })),
    };
  });
  assert.ok(result.ran.includes('color-contrast') && result.ran.includes('document-title'), `axe ran on ${page.url()}`);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 5).join(' | ')}`);
}

// Visits each path (a string: a page that answers 200; [path, status]: an
// error page) and collects what axe finds, page by page, so one run names
// every violation of every page.
async function sweep(page, paths) {
  const found = [];
  for (const entry of paths) {
    const [path, status] = Array.isArray(entry) ? entry : [entry, 200];
    assert.ok(path, 'every page to visit was found');
    const response = await page.goto(`${s.server.url}${path}`);
    await page.waitForLoadState('load');
    assert.equal(response.status(), status, `${path} answers ${status}`);
    for (const v of await violations(page)) found.push(`${path}: ${v}`);
    await assertNoSideways(page);
  }
  return found;
}

// The path of the first link on `path` whose href matches `pattern`.
async function firstLink(page, path, pattern) {
  await page.goto(`${s.server.url}${path}`);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const found = hrefs.find((h) => pattern.test(h));
  assert.ok(found, `${path} links to ${pattern}`);
  return found;
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const link = (prefix) => new RegExp(`^${prefix}/${uuid}$`);

function noViolations(found) {
  assert.deepEqual(found, [], `axe found:\n${found.join('\n')}`);
}

test('axe: the public pages, signed out', async () => {
  const page = await context(null);
  const organisation = await firstLink(page, '/organisations', link('/organisations'));
  const office = await firstLink(page, '/offices', link('/offices'));
  const area = await firstLink(page, '/areas', /^\/areas\/[0-9.]+$/);
  const service = await firstLink(page, '/directory', link('/directory/services'));
  noViolations(await sweep(page, [
    '/', '/sign-in', '/directory', service, '/organisations', organisation, '/offices', office, '/areas', area,
    '/r', ['/no/such/page', 404], ['/organisations?kind=bank', 422], ['/people', 200],
    // The same in English.
    '/language/en?next=%2F', '/directory', service, area, ['/no/such/page', 404],
  ]));
});

test('axe: the front desk, the registry and the account', async () => {
  const page = await context('cirebon.desk');
  const person = await firstLink(page, '/people', link('/people'));
  const office = await firstLink(page, '/offices?kind=ltsa_mrc_office&within=32.09', link('/offices'));
  noViolations(await sweep(page, [
    '/', '/people', '/people?q=siti', '/people?within=sumber', '/people/new', person, `${person}/visits/new`,
    `${person}/consents/new`, `${person}/handover`,
    `${person}/episodes/new`, `${person}/relatives/new`, `${office}/queue`, '/account',
    ['/people/00000000-0000-0000-0000-000000000000', 404],
  ]));
});

test('axe: cases, my work and referrals', async () => {
  const page = await context('cirebon.union');
  const person = await firstLink(page, '/people', link('/people'));
  const kase = await firstLink(page, '/cases', link('/cases'));
  const referral = await firstLink(page, '/referrals', link('/referrals'));
  noViolations(await sweep(page, [
    '/', '/cases', '/people', person, `${person}/cases/new`, `${person}/cases/new?kind=gbv`,
    `${person}/cases/new?kind=labour_complaint`, kase, `${kase}/referrals/new`,
    '/referrals', '/referrals?box=received', referral, `${referral}/print`, '/account',
  ]));
  // The case page with every section and the menu open.
  await page.goto(`${s.server.url}${kase}`);
  await openSections(page);
  await openMenu(page);
  noViolations((await violations(page)).map((v) => `${kase} (open): ${v}`));
  const supervisor = await context('cirebon.union.sup');
  noViolations(await sweep(supervisor, [
    '/cases', '/cases/caseload', '/admin/users', '/reports/lines',
    ['/reports/lines/export?list=people&format=csv&within=32.9x', 422],
  ]));
});

test('axe: administration, the audit log, the directory forms, the pathways', async () => {
  const page = await context('admin');
  const service = await firstLink(page, '/directory', link('/directory/services'));
  noViolations(await sweep(page, [
    '/admin/users', '/admin/roles', '/admin/audit', '/directory/services/new', `${service}/edit`, '/account',
    '/admin/exchange-rates', '/reports/sdg-10-7-1', '/admin/dhis2', '/reports/dhis2',
  ]));
  const coordinator = await context('cirebon.coord');
  noViolations(await sweep(coordinator, [
    '/', '/districts/32.09/pathways', '/admin/users', ['/referrals', 403], '/reports/sdg-10-7-1',
    '/reports?indicator=people_served&by=sex',
  ]));
  const me = await context('me.officer');
  noViolations(await sweep(me, [
    '/reports/sdg-10-7-1', '/reports/sdg-10-7-1?district=35.04&from=2024-01-01', '/reports', '/reports/indicators',
    '/reports?indicator=cases_opened&period=2026&by=kind&district=32.09',
    '/reports?indicator=referral_acceptance_rate&period=2026&by=need',
    ['/reports?indicator=visits&period=2026Q9', 422], '/reports/dhis2', ['/reports/dhis2/export?period=2026Q9', 422],
    '/reports?indicator=women_reached&period=2026&by=kind',
  ]));
});

test('axe: the village pages, the warnings and the expected visitors', async () => {
  const page = await context('cirebon.village');
  const person = await firstLink(page, '/community', link('/people'));
  const registration = await firstLink(page, '/community', link('/village-registrations'));
  const warning = await firstLink(page, '/community', link('/warnings'));
  const activity = await firstLink(page, '/activities', link('/activities'));
  noViolations(await sweep(page, [
    '/', '/community', person, `${person}/village-registration`, `${person}/departure`, `${person}/return`,
    registration, '/warnings', '/warnings?all=1', '/warnings/new', `/warnings/new?person=${person.split('/').pop()}`, warning,
    '/activities', '/activities?kind=outreach_event', '/activities/new', '/activities/new?kind=outreach_event', activity,
    '/task-force', `${person}/memberships`, '/forum', '/regulations', '/campaigns',
  ]));
  // A form that came back with its messages.
  await page.goto(`${s.server.url}/warnings/new`);
  await page.selectOption('select[name=kind]', 'violence_reported');
  await page.fill('textarea[name=summary]', 'x');
  await clickAndWait(page, page.locator('#warning button[type=submit]'));
  assert.equal(await page.locator('.alert').count(), 1, 'refused: a partner is needed');
  noViolations((await violations(page)).map((v) => `/warnings/new (refused): ${v}`));
  const coordinator = await context('cirebon.coord');
  const inbox = await firstLink(coordinator, '/warnings', link('/warnings'));
  const training = await firstLink(coordinator, '/activities?kind=training', link('/activities'));
  noViolations(await sweep(coordinator, [
    '/community', '/warnings', inbox, '/activities/new?kind=forum_meeting', training, '/forum', '/regulations',
    '/campaigns',
  ]));
  const union = await context('cirebon.union');
  noViolations(await sweep(union, ['/campaigns', '/activities', '/forum']));
  const desk = await context('cirebon.desk');
  noViolations(await sweep(desk, ['/expected-visitors', '/community', '/competency-tests', '/hotline']));
});

test('the language chosen on /account is kept with the account', async () => {
  const page = await context('cirebon.wcc');
  await page.goto(`${s.server.url}/account`);
  assert.equal(await page.getAttribute('html', 'lang'), 'id', 'Bahasa Indonesia by default');
  await page.getByLabel('Bahasa tampilan').selectOption('en');
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan bahasa' }));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getByLabel('Display language').inputValue(), 'en');
  await clickAndWait(page, page.getByRole('link', { name: 'People' }));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'People');
  await assertNoSideways(page);

  // Another browser (no cookie) signed in as her opens in English too.
  const elsewhere = await context('cirebon.wcc');
  assert.equal(await elsewhere.getAttribute('html', 'lang'), 'en', 'the account decides, not the device');
  // Signed out, that browser is in Bahasa Indonesia again (no cookie there).
  await clickAndWait(elsewhere, elsewhere.getByRole('button', { name: 'Sign out' }));
  await elsewhere.goto(`${s.server.url}/`);
  assert.equal(await elsewhere.getAttribute('html', 'lang'), 'id');
});
