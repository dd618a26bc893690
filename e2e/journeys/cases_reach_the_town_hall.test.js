// Two visits in Schönberg without signal; on the way back the laptop finds a network and the cases
// go to the town hall by themselves. The back office in Meerane marks one "Abholbereit" in the
// town hall's own app (/rathaus/), and the clerk's laptop shows it after the next transfer. A
// colleague's laptop pulls none of these cases: each laptop carries its own visits, the register
// stays at the town hall. A case the town hall still works on is corrected on the laptop without
// signal and reaches it as a correction. With nothing left untransferred, the laptop can be
// handed back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SCHOENBERG,
  accessibilityViolations,
  backOffice,
  captureCertificateOfLife,
  enrol,
  field,
  openBrowserProfile,
  openSection,
  repoRoot,
  screenshot,
  startDeployment,
  startKoffer,
  unlock,
} from '../support/koffer.js';

const statusOf = async (page, familyName) =>
  page.getByTestId('cases').locator('li', { hasText: familyName }).locator('.status').innerText();

describe('cases reach the town hall', () => {
  let koffer;
  let profile;
  let page;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('two visits without signal stay on the laptop, waiting', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    await page.getByLabel('Einsatzort').waitFor();
    await profile.context.setOffline(true);
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    await captureCertificateOfLife(page, 'Hartmann');
    await captureCertificateOfLife(page, 'Köhler', { photo: true });
    assert.equal(await page.getByTestId('sync-pending').innerText(), '2');
    assert.equal(await statusOf(page, 'Hartmann'), 'Erfasst');
    assert.equal((await (await backOffice(koffer.url)).cases()).length, 0, 'nothing reached the server');
  });

  test('when the network returns the cases are transferred, once each', async () => {
    await profile.context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 20_000 });
    await page.getByTestId('cases').locator('.status', { hasText: 'Übertragen' }).nth(1).waitFor();
    assert.notEqual(await page.getByTestId('sync-last').innerText(), 'noch nie');
    const cases = await (await backOffice(koffer.url)).cases();
    assert.deepEqual(cases.map((c) => c.citizen).sort(), ['Hartmann, Erika', 'Köhler, Erika']);
    assert.ok(cases.every((c) => c.status === 'transferred'));
    // Köhler's photo went up before her case, under its SHA-256, and comes back byte for byte.
    const office = await backOffice(koffer.url);
    const koehler = await office.caseOf('Köhler');
    assert.equal(koehler.attachments.length, 1);
    const [reference] = koehler.attachments;
    const photo = await office.photo(reference.sha256);
    assert.equal(photo.status, 200);
    assert.equal(photo.type, 'image/jpeg');
    assert.equal(photo.bytes.length, reference.bytes);
    assert.equal(createHash('sha256').update(photo.bytes).digest('hex'), reference.sha256);
    assert.deepEqual([...photo.bytes.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
    // Captured offline, it reached the server with a record the server checks: filed by the
    // clerk on this laptop under the laptop's own signature (WebCrypto, checked by the server
    // against the key it registered at enrolment), sealed by the server.
    const detail = await office.detailOf('Köhler');
    assert.equal(detail.record_problem, null);
    assert.deepEqual(detail.record.map((event) => [event.kind, event.by]), [['filed', 'm.schreiber']]);
    assert.match(detail.record[0].proposed.content, /^[0-9a-f]{64}$/);
    assert.ok(Number.isInteger(detail.record[0].proposed.signature));
    // The back office reads them through its own list: its device pulls nothing.
    assert.deepEqual((await office.pulled()).changes, []);
    await screenshot(page, 'synced');
  });

  test("a laptop enrolled by a colleague pulls none of the first clerk's cases", async () => {
    const colleague = await openBrowserProfile();
    try {
      const other = colleague.context.pages()[0] ?? (await colleague.context.newPage());
      // The laptop's own session, as its requests carry it.
      let bearer;
      other.on('request', (request) => {
        bearer = request.headers().authorization ?? bearer;
      });
      // Sabine Vogel, a clerk of Schönberg, where both cases belong.
      await enrol(other, koffer.url, 's.vogel');
      await other.getByRole('button', { name: 'Jetzt übertragen' }).click();
      await other.waitForFunction(() => document.querySelector('[data-testid=sync-last]')?.textContent !== 'noch nie', null, { timeout: 20_000 });
      assert.ok(bearer, 'the laptop called the server');
      // What a pull of Schönberg hands this laptop: nothing of the first clerk's.
      const answer = await fetch(`${koffer.url}api/sync/pull?municipality=${SCHOENBERG}&cookie=0`, { headers: { authorization: bearer } });
      assert.equal(answer.status, 200);
      const body = await answer.text();
      assert.deepEqual(JSON.parse(body).changes, []);
      assert.ok(!body.includes('Köhler') && !body.includes('Hartmann'));
      assert.equal(await other.getByTestId('cases').locator('li').count(), 0);
    } finally {
      await colleague.close();
    }
  });

  test('the back office sets one case Abholbereit in the Rathaus app and the laptop shows it after the next transfer', async () => {
    // Birgit Richter at the town hall in Meerane, at her desk, in the town hall's own app.
    const office = await openBrowserProfile();
    try {
      const desk = office.context.pages()[0] ?? (await office.context.newPage());
      // Meerane's own list answers slowly: it must not replace Schönberg's, chosen meanwhile.
      await desk.route('**/api/cases?municipality=145245118180&*', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      // A clerk's account is turned away there: its place is the Koffer.
      await desk.goto(`${koffer.url}rathaus/`);
      await desk.getByLabel('Benutzername').fill('m.schreiber');
      await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
      await desk.getByRole('button', { name: 'Anmelden' }).click();
      await desk.getByText('Dieses Konto gehört zu einem Koffer, nicht zum Rathaus.', { exact: false }).waitFor();
      assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the Rathaus sign-in');
      await desk.getByLabel('Benutzername').fill('b.richter');
      await desk.getByRole('button', { name: 'Anmelden' }).click();
      const townHall = desk.getByTestId('town-hall');
      await townHall.getByLabel('Gemeinde').selectOption({ label: 'Schönberg' });
      const row = (name) => townHall.locator('tr', { hasText: name });
      await row('Hartmann, Erika').waitFor();
      await desk.waitForTimeout(2000);
      assert.ok(await row('Hartmann, Erika').isVisible(), 'the slow answer for Meerane changed nothing');
      assert.match(await row('Köhler, Erika').innerText(), /Lebensbescheinigung/);
      await row('Hartmann, Erika').getByRole('button', { name: 'In Bearbeitung' }).click();
      await townHall.getByText(/Status gesetzt – .*: In Bearbeitung/).waitFor();
      await row('Hartmann, Erika').getByRole('button', { name: 'Abholbereit' }).click();
      await townHall.getByText(/Status gesetzt – .*: Abholbereit/).waitFor();
      assert.match(await row('Hartmann, Erika').innerText(), /Abholbereit/);
      // The case whole: the person, the answers, the history, and a record the server checked.
      await row('Hartmann, Erika').getByRole('button', { name: 'Öffnen' }).click();
      const view = desk.getByTestId('case-view');
      await view.getByTestId('record-intact').waitFor();
      assert.match(await view.innerText(), /Hartmann/);
      assert.match(await view.innerText(), /Dorfstraße 7/);
      const steps = await view.getByTestId('history').locator('li').allInnerTexts();
      assert.deepEqual(steps.map((line) => line.split(' · ')[0]), ['Entwurf', 'Erfasst', 'Übertragen', 'In Bearbeitung', 'Abholbereit']);
      const events = await view.getByTestId('record').locator('li').allInnerTexts();
      assert.equal(events.length, 3, events.join('\n'));
      assert.match(events[0], /^Vom Gerät übertragen · .* · m\.schreiber · .* · vom Gerät signiert$/);
      assert.match(events[2], /^Abholbereit · .* · b\.richter/);
      assert.equal(await view.getByRole('img', { name: 'Unterschrift der Bürgerin oder des Bürgers' }).count(), 1);
      assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the Rathaus case view');
      // Her handover package for the registration office: a PDF/A file with the case inside.
      const [download] = await Promise.all([
        desk.waitForEvent('download'),
        view.getByRole('button', { name: /^Übergabepaket speichern/ }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^fall-.+\.pdf$/);
      const pdf = readFileSync(await download.path());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.includes('fall.json') && pdf.includes('pdfaid:part'), 'a PDF/A carrying the case');
      await view.getByRole('button', { name: 'Zurück zur Liste' }).click();
      await row('Köhler, Erika').waitFor();
      // A rejection without a reason is refused with the server's sentence and changes nothing.
      await row('Köhler, Erika').getByRole('button', { name: 'Ablehnen' }).click();
      await townHall.getByText('Eine Ablehnung braucht eine Begründung für die Bürgerin oder den Bürger.').waitFor();
      assert.match(await row('Köhler, Erika').innerText(), /Übertragen/);
      assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the Rathaus back office');
      // Köhler's photo, fetched from the server by its hash, shows in her case.
      await row('Köhler, Erika').getByRole('button', { name: 'Öffnen' }).click();
      await view.getByRole('img', { name: 'Foto 1 von 1' }).waitFor();
      await desk.waitForFunction(() => document.querySelector('[data-testid=photos] img')?.naturalWidth > 0);
      await view.getByRole('button', { name: 'Zurück zur Liste' }).click();
    } finally {
      await office.close();
    }

    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    await page.getByTestId('cases').locator('li', { hasText: 'Hartmann' }).locator('.status', { hasText: 'Abholbereit' }).waitFor();
    assert.equal(await statusOf(page, 'Köhler'), 'Übertragen');
    assert.equal(await page.getByTestId('town-hall').count(), 0, 'the Koffer has no back-office screen');

    // The operator adds a place to Schönberg's catalogue; it reaches the laptop by the same pull.
    const catalogue = JSON.parse(readFileSync(join(repoRoot, 'server', 'catalogue', 'standard.json'), 'utf8'));
    catalogue.places = ['Schönberg, Gemeindeamt', 'Tettau, Dorfgemeinschaftshaus', 'Schönberg, Feuerwehrhaus'];
    const file = join(koffer.dataDir, '..', 'catalogue.json');
    writeFileSync(file, JSON.stringify(catalogue));
    koffer.admin('catalogue', 'import', '--regional-key', SCHOENBERG, '--file', file);
    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    await page.getByRole('button', { name: 'Einsatz wechseln' }).click();
    await page.getByLabel('Einsatzort').locator('option', { hasText: 'Schönberg, Feuerwehrhaus' }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Einsatz beginnen' }).click();

    // After a reload the laptop still knows (the pulled state is stored, encrypted).
    await page.reload();
    await unlock(page);
    await page.getByRole('button', { name: 'Alle' }).click();
    await page.getByTestId('cases').locator('li', { hasText: 'Hartmann' }).locator('.status', { hasText: 'Abholbereit' }).waitFor();
    await page.getByTestId('cases').locator('li', { hasText: 'Hartmann' }).getByRole('button', { name: 'Öffnen' }).click();
    const history = await page.getByTestId('history').locator('li').allInnerTexts();
    assert.deepEqual(history.map((line) => line.split(' · ')[0]), ['Entwurf', 'Erfasst', 'Übertragen', 'In Bearbeitung', 'Abholbereit']);
    assert.match(history[4], /Birgit Richter$/);
  });

  test('a transferred case corrected without signal reaches the town hall as a correction; a finished one is not offered', async () => {
    // Hartmann's case is Abholbereit: the town hall is done with it, the laptop offers no correction.
    assert.equal(await page.getByRole('button', { name: 'Angaben berichtigen' }).count(), 0);
    await page.getByRole('button', { name: 'Zur Übersicht' }).click();
    const openKoehler = async () => {
      await page.getByRole('button', { name: 'Alle' }).click();
      await page.getByTestId('cases').locator('li', { hasText: 'Köhler' }).getByRole('button', { name: 'Öffnen' }).click();
    };
    await openKoehler();
    await profile.context.setOffline(true);
    await page.getByRole('button', { name: 'Angaben berichtigen' }).click();
    await field(page, 'address.street').fill('Lindenweg');
    await page.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await page.getByTestId('correction-waits').waitFor();
    await page.getByRole('button', { name: 'Zur Übersicht' }).click();
    assert.equal(await page.getByTestId('sync-pending').innerText(), '1');
    // Sealed on the laptop: after a reload it still waits, and hand-back would still count it.
    await page.reload();
    await unlock(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '1');
    const office = await backOffice(koffer.url);
    assert.equal((await office.caseOf('Köhler')).citizen.address.street, 'Dorfstraße', 'nothing reached the server yet');

    await profile.context.setOffline(false);
    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 20_000 });
    const detail = await office.detailOf('Köhler');
    assert.equal(detail.case.citizen.address.street, 'Lindenweg');
    assert.equal(detail.case.citizen.family_name, 'Köhler');
    assert.equal(detail.case.attachments.length, 1, 'the photo stays');
    assert.equal(detail.case.history.at(-1).status, 'transferred');
    // Filed, then edited: each step proposed and signed by the laptop, checked by the server.
    assert.deepEqual(detail.record.map((event) => [event.kind, event.by]), [['filed', 'm.schreiber'], ['edited', 'm.schreiber']]);
    assert.equal(detail.record_problem, null);
    await openKoehler();
    await page.getByTestId('case-status').waitFor();
    assert.equal(await page.getByTestId('correction-waits').count(), 0);
    await page.getByRole('button', { name: 'Zur Übersicht' }).click();
  });

  test('when the session has run out, the clerk signs in again where the transfer failed', async () => {
    // End the laptop's session on the server, as a working day's end would: the token the app
    // sends no longer counts.
    const token = await new Promise((resolve) => {
      page.once('request', (request) => {
        const header = request.headers().authorization;
        if (header) resolve(header.replace('Bearer ', ''));
      });
      page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    });
    await page.getByTestId('sync').getByRole('button', { name: 'Jetzt übertragen' }).waitFor();
    const ended = await fetch(`${koffer.url}api/sessions/current`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    assert.equal(ended.status, 204);

    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    const sync = page.getByTestId('sync');
    await sync.getByText('Die Anmeldung beim Server ist abgelaufen.', { exact: false }).waitFor();
    assert.equal(await sync.getByLabel('Benutzername').inputValue(), 'm.schreiber');
    await sync.getByLabel('Passwort').fill('Koffer-Demo-2026');
    // The confirmation stands only until the transfer it starts has ended, which can be quicker
    // than a look: what the sync area says is recorded as it changes.
    await page.evaluate(() => {
      window.syncTexts = [];
      new MutationObserver(() => {
        window.syncTexts.push(document.querySelector('[data-testid=sync]')?.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await sync.getByRole('button', { name: 'Erneut anmelden' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=sync]')?.textContent.includes('abgelaufen'));
    const said = await page.evaluate(() => window.syncTexts);
    assert.ok(said.some((text) => text.includes('Wieder angemeldet. Die Übertragung läuft.')), said.join('\n'));
    assert.equal(await page.getByTestId('sync-pending').innerText(), '0');
  });

  test('with everything at the town hall, the laptop can be handed back', async () => {
    await openSection(page, 'Einstellungen');
    await page.getByRole('button', { name: 'Gerät zurückgeben' }).click();
    await page.getByRole('button', { name: 'Ja, alles löschen und zurückgeben' }).click();
    await page.getByTestId('wiped').waitFor();
  });
});
