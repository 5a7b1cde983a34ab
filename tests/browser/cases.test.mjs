// Browser test of the case pages on a phone, as the people of one district
// office use them: the front desk registers a woman and records her consent to
// share with the union and the crisis centre; the union paralegal runs a
// labour complaint through assessment and plan; the crisis-centre counsellor
// records a GBV case whose closure the centre's supervisor approves; the union
// paralegal then sees only that a restricted case exists and who holds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sharedServer, squeeze, items, formWith, shots, signIn, clickAndWait, assertNoSideways, openSections } from './harness.mjs';

const s = sharedServer();
const as = s.as;

// What the steps hand on to each other.
const woman = 'Darsinah Binti Sarkawi';
const unionName = 'Serikat Buruh Migran Indonesia (SBMI) Kabupaten Cirebon';
const note = 'Majikan menahan paspor; korban takut melapor ke agensi.';
const narrative = 'Dipukul majikan di dapur setelah meminta gaji.';
let personUrl;
let labourCaseUrl;
let gbvCaseUrl;

// A date `days` from today (UTC, as the server counts), as YYYY-MM-DD.
function day(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// The list following the heading `name` (the case and person pages put each
// section's list right after its heading).
function listUnder(page, name) {
  const exact = typeof name === 'string' ? new RegExp(`^${name}$`) : name;
  return page.locator('h2', { hasText: exact }).locator('xpath=(ancestor::summary | .)[1]/following-sibling::*[1]/descendant-or-self::*[self::ul or self::ol]');
}

// The event names of the case timeline, in the order shown (each item is
// "when event — who").
async function timeline(page) {
  const texts = await items(listUnder(page, /^(Riwayat|Timeline)$/));
  return texts.map((t) => t.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} /, '').replace(/ — .*$/, ''));
}

// Each check box or radio button of the page stands beside its text, not
// above it (a box above its text is hard to match with it on a phone).
async function assertChecksBesideText(page) {
  const misplaced = await page.locator('main label.check').evaluateAll((labels) => labels
    .filter((l) => {
      const box = l.querySelector('input').getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(l);
      range.setStartAfter(l.querySelector('input'));
      const text = range.getBoundingClientRect();
      return !(box.right <= text.left && box.bottom > text.top);
    })
    .map((l) => l.textContent.trim()));
  assert.deepEqual(misplaced, [], `${page.url()}: check boxes not beside their text`);
}

function inOrder(events, expected) {
  let at = -1;
  for (const e of expected) {
    const i = events.indexOf(e, at + 1);
    assert.ok(i > at, `the timeline lists "${e}" after the events before it: ${JSON.stringify(events)}`);
    at = i;
  }
}

test('front desk registers a woman and her consent to share with the union and the crisis centre', async () => {
  const { page, errors } = await as('cirebon.desk', '/people/new');
  assert.equal(await page.textContent('h1'), 'Daftarkan orang');
  await page.getByLabel('Nama lengkap').fill(woman);
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Tanggal lahir').fill('1990-06-14');
  await page.getByLabel('Desa/kelurahan').fill('32.09.30.2001');
  await assertNoSideways(page);
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
  if (page.url().endsWith('/people/new')) {
    // The desk was warned of a possible duplicate among the demo people: she is new.
    await clickAndWait(page, page.getByRole('button', { name: 'Tetap daftarkan sebagai orang baru' }));
  }
  assert.match(page.url(), /\/people\/[0-9a-f-]{36}$/);
  personUrl = page.url();
  assert.equal(await page.textContent('h1'), woman);

  for (const organisation of ['SBMI-CRB', 'WCC-MAWAR-BALQIS']) {
    await clickAndWait(page, page.getByRole('link', { name: 'Catat persetujuan' }));
    assert.equal(await page.textContent('h1'), 'Catat persetujuan');
    await page.getByLabel('Tujuan').selectOption({ label: 'Berbagi data dengan mitra' });
    await page.getByLabel('Kode organisasi').selectOption(organisation);
    await assertChecksBesideText(page);
    await page.getByLabel('diberikan').check();
    await page.getByLabel('tertulis').check();
    await assertNoSideways(page);
    await clickAndWait(page, page.getByRole('button', { name: 'Simpan' }));
    assert.equal(page.url(), `${personUrl}#consents`);
  }
  const consents = await items(listUnder(page, 'Persetujuan'));
  assert.ok(
    consents.some((c) => c.includes('Berbagi data dengan mitra') && c.includes(unionName) && c.includes('diberikan')),
    `the consent to share with the union is listed: ${JSON.stringify(consents)}`,
  );
  // A consent naming the crisis centre is seen only there (SAFETY.md: no sign of it beside her).
  assert.ok(!consents.some((c) => c.includes('WCC Mawar Balqis')), JSON.stringify(consents));
  await assertNoSideways(page);
  assert.deepEqual(errors, [], 'no script errors');
});

test('union paralegal opens, assesses and plans a labour complaint, with a confidential note', async () => {
  assert.ok(personUrl, 'the woman was registered');
  const { page, errors } = await as('cirebon.union', '/people');

  // She finds her by name (the list filters in place).
  await page.waitForFunction(() => window.htmx !== undefined);
  await page.getByLabel('Cari').fill('Darsinah Sarkawi');
  const found = page.getByRole('link', { name: woman });
  await clickAndWait(page, found);
  assert.equal(page.url(), personUrl);
  assert.equal(await page.textContent('h1'), woman);
  assert.equal(await page.getByText('belum memberi persetujuan').count(), 0, 'her consent lets the union read her record');

  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus' }));
  assert.equal(await page.textContent('h1'), 'Buka kasus');
  await assertChecksBesideText(page);
  await page.getByLabel('pengaduan ketenagakerjaan').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Lanjut' }));
  await assertChecksBesideText(page);
  await page.getByLabel('Risiko').selectOption({ label: 'risiko tinggi' });
  await page.getByLabel('penahanan dokumen identitas').first().check();
  await page.getByLabel('gaji tidak dibayar atau kurang bayar').check();
  await assertNoSideways(page);
  await clickAndWait(page, page.getByRole('button', { name: 'Buka kasus' }));
  assert.match(page.url(), /\/cases\/[0-9a-f-]{36}#moves$/);
  labourCaseUrl = page.url().replace(/#.*$/, '');
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan penerimaan');
  const facts = (await page.locator('dl.facts').first().innerText()).replace(/\s+/g, ' ');
  assert.match(facts, /Status terbuka/);
  assert.match(facts, /Risiko risiko tinggi/);
  assert.ok(facts.includes(`Ditangani oleh ${unionName}`), facts);
  assert.match(facts, /gaji tidak dibayar atau kurang bayar/);
  assert.equal(await page.getByText('Terbatas:').count(), 0, 'a labour complaint is not restricted');

  // Assessment: the needs.
  const assess = formWith(page, 'Simpan asesmen');
  await assess.getByLabel('Kebutuhan').fill('bantuan hukum, pemulangan paspor');
  await clickAndWait(page, assess.getByRole('button', { name: 'asesmen' }));
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan asesmen');
  assert.match(await page.locator('dl.facts').first().innerText(), /Kebutuhan\s+bantuan hukum, pemulangan paspor/);

  // The plan: one action with a due date, which becomes her task.
  const due = day(7);
  const plan = formWith(page, 'Tetapkan rencana');
  // Someone unknown as "by whom": the form comes back, as typed, with why.
  await plan.getByLabel('Tindakan').fill('Surati agensi untuk mengembalikan paspor');
  await plan.getByLabel('Oleh siapa').fill('bu.tini');
  await plan.getByLabel('Paling lambat').fill(due);
  await clickAndWait(page, plan.getByRole('button', { name: 'Tetapkan rencana' }));
  assert.match(squeeze(await plan.locator('[role=alert]').innerText()), /bu\.tini/);
  assert.equal(await plan.getByLabel('Tindakan').inputValue(), 'Surati agensi untuk mengembalikan paspor');
  assert.equal(await plan.getByLabel('Paling lambat').inputValue(), due);
  await assertNoSideways(page);
  // The browser logs the refused request itself; nothing else.
  assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  await plan.getByLabel('Oleh siapa').fill('');
  await assertNoSideways(page);
  await clickAndWait(page, plan.getByRole('button', { name: 'rencana' }));
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan rencana penanganan');
  const tasks = await items(listUnder(page, 'Tugas dan rencana'));
  assert.deepEqual(tasks, [`Surati agensi untuk mengembalikan paspor ${due} Selesai`]);

  // "My work": the task due and the open case.
  await clickAndWait(page, page.getByRole('link', { name: 'Kasus', exact: true }));
  assert.equal(await page.textContent('h1'), 'Pekerjaan saya');
  const dueTasks = await items(listUnder(page, 'Tugas'));
  assert.ok(dueTasks.includes(`Surati agensi untuk mengembalikan paspor ${due}`), JSON.stringify(dueTasks));
  const mine = await items(listUnder(page, 'Kasus terbuka saya'));
  assert.ok(
    mine.some((c) => c.startsWith(woman) && c.includes('pengaduan ketenagakerjaan') && c.includes('rencana penanganan')),
    `her case is among my open cases: ${JSON.stringify(mine)}`,
  );
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'cases-my-work.png'), fullPage: true });
  await clickAndWait(page, page.getByRole('link', { name: 'Surati agensi untuk mengembalikan paspor' }));
  assert.equal(page.url(), labourCaseUrl);

  // A confidential note, then the task done.
  await page.getByLabel('Catatan', { exact: true }).fill(note);
  await clickAndWait(page, page.getByRole('button', { name: 'Simpan catatan' }));
  const notes = await items(listUnder(page, 'Catatan rahasia'));
  assert.equal(notes.length, 1);
  assert.ok(notes[0].endsWith(note), JSON.stringify(notes));
  await clickAndWait(page, formWith(page, 'Selesai').getByRole('button', { name: 'Selesai' }));
  const done = listUnder(page, 'Tugas dan rencana');
  assert.deepEqual(await items(done), [`Surati agensi untuk mengembalikan paspor ${due}`]);
  assert.equal(await done.locator('s').innerText(), 'Surati agensi untuk mengembalikan paspor', 'the task is struck out');
  assert.equal(await page.getByRole('button', { name: 'Selesai' }).count(), 0);

  inOrder(await timeline(page), ['dibuka', 'asesmen', 'rencana dibuat', 'catatan ditambahkan', 'tugas selesai']);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'case-labour.png'), fullPage: true });

  // The task done leaves "my work"; the case stays there.
  await clickAndWait(page, page.getByRole('link', { name: 'Pekerjaan saya' }));
  assert.ok(!(await page.locator('main').innerText()).includes('Surati agensi'), 'a task done is not due any more');
  assert.ok((await items(listUnder(page, 'Kasus terbuka saya'))).some((c) => c.startsWith(woman)));

  // The same case page in English.
  await page.goto(labourCaseUrl);
  await openSections(page);
  await clickAndWait(page, page.locator('[data-lang="en"]'));
  assert.equal(page.url(), labourCaseUrl);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'labour complaint case plan');
  for (const heading of ['Tasks and plan', 'Confidential notes', 'Attachments', 'Timeline']) {
    assert.equal(await page.getByRole('heading', { name: heading, exact: true }).count(), 1, `heading "${heading}"`);
  }
  assert.ok((await page.locator('dl.facts').first().innerText()).replace(/\s+/g, ' ').includes(`Held by ${unionName}`));
  assert.equal(await page.getByRole('button', { name: 'Add the note' }).count(), 1, 'the note button is translated');
  assert.equal(await page.getByRole('heading', { name: 'Riwayat' }).count(), 0, 'no Indonesian heading is left');
  inOrder(await timeline(page), ['opened', 'assessed', 'plan made', 'note added', 'task done']);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'case-labour-en.png'), fullPage: true });
  await clickAndWait(page, page.locator('[data-lang="id"]'));
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.deepEqual(errors, [], 'no script errors');
});

test('crisis-centre counsellor records a GBV case; its closure waits for the supervisor, who approves it', async () => {
  assert.ok(personUrl, 'the woman was registered');
  const { page, errors } = await as('cirebon.wcc', new URL(personUrl).pathname);
  assert.equal(await page.textContent('h1'), woman);
  await clickAndWait(page, page.getByRole('link', { name: 'Buka kasus' }));
  await page.getByLabel('kekerasan berbasis gender').check();
  await clickAndWait(page, page.getByRole('button', { name: 'Lanjut' }));
  await clickAndWait(page, page.getByRole('button', { name: 'Buka kasus' }));
  gbvCaseUrl = page.url().replace(/#.*$/, '');
  assert.match(gbvCaseUrl, /\/cases\/[0-9a-f-]{36}$/);
  assert.equal(await page.textContent('h1'), 'kekerasan berbasis gender penerimaan');
  await page.getByText('Terbatas: hanya pemilik').waitFor();
  assert.match((await page.locator('dl.facts').first().innerText()).replace(/\s+/g, ' '), /Ditangani oleh WCC Mawar Balqis/);

  // The GBVIMS questions: physical assault yes, nothing before it.
  const incident = page.locator('form').filter({ has: page.getByRole('button', { name: 'Simpan insiden' }) });
  await assertChecksBesideText(page);
  await incident.getByLabel('3. Apakah ada kekerasan fisik?').check();
  await incident.getByLabel('kekerasan di tempat kerja di luar negeri').check();
  await incident.getByLabel('Tanggal insiden').fill(day(-10));
  await incident.getByLabel('Pertama kali dilaporkan').fill(day(-2));
  await incident.getByLabel('Terduga pelaku').selectOption({ label: 'majikan' });
  await incident.getByLabel('Penyintas setuju').check();
  await incident.getByLabel('Kronologi insiden').fill(narrative);
  await assertNoSideways(page);
  await clickAndWait(page, incident.getByRole('button', { name: 'Simpan insiden' }));
  assert.equal(page.url(), `${gbvCaseUrl}#incident`);
  const recorded = (await page.locator('h2', { hasText: 'Insiden (GBVIMS)' }).locator('xpath=(ancestor::summary | .)[1]/following-sibling::dl[1]').innerText())
    .replace(/\s+/g, ' ');
  assert.match(recorded, /Jenis kekerasan fisik/, 'the type is derived from the first "yes"');
  assert.match(recorded, /Jeda pelaporan 6–14 hari/, 'eight days from the incident to the first report');
  assert.match(recorded, /majikan/);
  assert.match(recorded, new RegExp(narrative));
  inOrder(await timeline(page), ['dibuka', 'insiden dicatat']);

  // She asks to close it: a restricted case waits for a supervisor.
  const close = formWith(page, 'Tutup kasus');
  await close.getByLabel('Alasan').selectOption({ label: 'kebutuhan terpenuhi' });
  await close.getByLabel('Hasil').fill('Penyintas aman dan didampingi keluarga');
  await clickAndWait(page, close.getByRole('button', { name: 'Tutup kasus' }));
  assert.equal(await page.textContent('h1'), 'kekerasan berbasis gender penerimaan', 'not closed yet');
  assert.match((await page.locator('dl.facts').first().innerText()).replace(/\s+/g, ' '), /Status terbuka/);
  assert.deepEqual(await items(listUnder(page, 'Persetujuan')), ['penutupan: kebutuhan terpenuhi menunggu']);
  assert.equal(await page.getByRole('button', { name: 'Tutup kasus' }).count(), 0, 'no more moves while the decision waits');
  assert.equal(await page.getByRole('button', { name: 'Setujui' }).count(), 0, 'the counsellor cannot approve');
  inOrder(await timeline(page), ['dibuka', 'insiden dicatat', 'penutupan diminta']);
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'case-gbv-pending.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script errors');

  // The supervisor finds it on the caseload and approves it.
  const sup = await as('cirebon.wcc.sup', '/cases');
  const p = sup.page;
  await clickAndWait(p, p.getByRole('link', { name: 'Beban kasus organisasi saya' }));
  assert.equal(await p.textContent('h1'), 'Beban kasus organisasi saya');
  const waiting = listUnder(p, 'Menunggu keputusan Anda');
  const row = waiting.locator('li').filter({ hasText: woman });
  assert.match((await row.innerText()).replace(/\s+/g, ' '), /kekerasan berbasis gender .*terbatas/);
  await assertNoSideways(p);
  await p.screenshot({ path: join(shots, 'caseload.png'), fullPage: true });
  await clickAndWait(p, row.getByRole('link', { name: woman }));
  assert.equal(p.url(), gbvCaseUrl);
  const decide = formWith(p, 'Setujui');
  await decide.getByLabel('Komentar').fill('Rencana keselamatan sudah ada');
  await assertNoSideways(p);
  await clickAndWait(p, decide.getByRole('button', { name: 'Setujui' }));
  assert.equal(await p.textContent('h1'), 'kekerasan berbasis gender ditutup');
  const facts = (await p.locator('dl.facts').first().innerText()).replace(/\s+/g, ' ');
  assert.match(facts, /Status ditutup/);
  assert.match(facts, /Alasan kebutuhan terpenuhi/);
  assert.match(facts, /Hasil Penyintas aman dan didampingi keluarga/);
  assert.deepEqual(await items(listUnder(p, 'Persetujuan')), [
    'penutupan: kebutuhan terpenuhi disetujui Rencana keselamatan sudah ada',
  ]);
  inOrder(await timeline(p), ['dibuka', 'insiden dicatat', 'penutupan diminta', 'disetujui']);
  // A closed case takes no new task; it can be reopened.
  assert.equal(await p.getByRole('button', { name: 'Tambah tugas' }).count(), 0, 'no task form on a closed case');
  assert.equal(await p.getByRole('button', { name: 'Buka kembali kasus' }).count(), 1);
  await assertNoSideways(p);
  await p.screenshot({ path: join(shots, 'case-gbv-closed.png'), fullPage: true });

  // It is off the caseload's waiting list; the counsellor sees it closed too.
  await p.goto(`${s.server.url}/cases/caseload`);
  assert.equal(await listUnder(p, 'Menunggu keputusan Anda').locator('li').filter({ hasText: woman }).count(), 0);
  await page.goto(gbvCaseUrl);
  await openSections(page);
  assert.equal(await page.textContent('h1'), 'kekerasan berbasis gender ditutup');
  assert.deepEqual(sup.errors, [], 'no script errors');
});

test('union paralegal sees no sign of the restricted case', async () => {
  assert.ok(labourCaseUrl && gbvCaseUrl, 'both cases were opened');
  const { page, errors } = await as('cirebon.union', new URL(personUrl).pathname);
  const cases = listUnder(page, 'Kasus');
  const listed = await items(cases);
  assert.deepEqual(listed, [`pengaduan ketenagakerjaan · rencana penanganan · ${unionName}`], 'not even who holds it');
  assert.equal(await cases.getByRole('link').count(), 1, 'only her own case is a link');
  const text = await page.locator('main').innerText();
  for (const secret of ['kekerasan berbasis gender', 'kekerasan fisik', 'majikan', narrative, 'kebutuhan terpenuhi']) {
    assert.ok(!text.includes(secret), `the person page does not show "${secret}"`);
  }
  await assertNoSideways(page);
  await page.screenshot({ path: join(shots, 'person-cases-restricted.png'), fullPage: true });

  // The GBV case's address, typed in: "not found", as if it did not exist.
  assert.deepEqual(errors, [], 'no script errors');
  const response = await page.goto(gbvCaseUrl);
  assert.equal(response.status(), 404);
  // The browser logs the 404 of the page itself; nothing else.
  assert.deepEqual(errors.splice(0), ['Failed to load resource: the server responded with a status of 404 (Not Found)']);
  assert.equal(await page.textContent('h1'), 'Halaman tidak ditemukan');
  assert.match(await page.locator('main').innerText(), /Yang Anda cari tidak ada\./);
  const notFound = await page.content();
  for (const secret of ['kekerasan', narrative, 'WCC Mawar Balqis', woman]) {
    assert.ok(!notFound.includes(secret), `the not-found page does not show "${secret}"`);
  }
  await assertNoSideways(page);

  // Her own case still opens.
  const own = await page.goto(labourCaseUrl);
  assert.equal(own.status(), 200);
  assert.equal(await page.textContent('h1'), 'pengaduan ketenagakerjaan rencana penanganan');
  assert.deepEqual(errors, [], 'no script errors');
});

test('the case page on a phone: a one-row header, the next step first, the rest on demand', async () => {
  assert.ok(labourCaseUrl, 'the labour case was opened');
  const { page, errors } = await as('cirebon.union', '/');
  await page.goto(labourCaseUrl);
  const header = await page.locator('header.top').boundingBox();
  assert.ok(header.height <= 60, `the header is one row (${header.height}px)`);
  const navCases = page.locator('#site-nav a[href="/cases"]');
  assert.equal(await navCases.isVisible(), false, 'the menu is closed');
  // The next step first, its button saying what it does; the other moves
  // and the sections open on demand.
  const next = page.locator('#moves');
  assert.equal(await next.locator('h2').innerText(), 'Langkah berikutnya');
  const nextTop = (await next.boundingBox()).y;
  assert.ok(nextTop < 300, `the next step is near the top (${nextTop}px)`);
  assert.ok(await next.getByRole('button', { name: 'Mulai layanan' }).isVisible(), await next.innerText());
  assert.equal(await page.getByRole('button', { name: 'Tutup kasus' }).isVisible(), false);
  assert.equal(await page.getByLabel('Catatan', { exact: true }).isVisible(), false);
  const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
  assert.ok(height < 2200, `the page is short (${height}px)`);
  await page.screenshot({ path: join(shots, 'case-phone.png'), fullPage: true });
  await page.locator('summary', { hasText: 'Catatan rahasia' }).click();
  assert.ok(await page.getByLabel('Catatan', { exact: true }).isVisible(), 'the notes open on demand');
  await page.locator('summary', { hasText: 'Tutup kasus' }).click();
  assert.ok(await page.getByRole('button', { name: 'Tutup kasus' }).isVisible());
  // The menu opens behind its button.
  await page.getByRole('link', { name: 'Menu', exact: true }).click();
  assert.ok(await navCases.isVisible(), 'the menu opens');
  assert.equal(await page.getByRole('link', { name: 'Menu', exact: true }).getAttribute('aria-expanded'), 'true');
  await assertNoSideways(page);
  assert.deepEqual(errors, [], 'no script errors');
});
