// Mirko Albrecht runs Meerane's Bürgerkoffer. At the town hall's app he finds the people of
// Meerane, disables Maria Schreiber — and her laptop, out in the villages, wipes itself at its
// next contact — and sets Birgit Richter a new password, which ends her session at her desk. He
// names where Meerane's Anmeldungen are submitted over FIT-Connect.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ANMELDUNG_SCHEMA } from '../support/fit_connect.js';
import {
  accessibilityViolations,
  enrol,
  openBrowserProfile,
  startDraft,
  startKoffer,
} from '../support/koffer.js';

const signIn = (url, username, password) =>
  fetch(`${url}api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, device_label: 'Prüfung' }),
  });

describe('the operator at the town hall', () => {
  let koffer;
  let laptopProfile;
  let laptop;
  let officeProfile;
  let office;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    laptopProfile = await openBrowserProfile();
    laptop = laptopProfile.context.pages()[0] ?? (await laptopProfile.context.newPage());
    officeProfile = await openBrowserProfile();
    office = officeProfile.context.pages()[0] ?? (await officeProfile.context.newPage());
  });

  after(async () => {
    await laptopProfile?.close();
    await officeProfile?.close();
    await koffer?.stop();
  });

  test('the operator finds the people of his municipality', async () => {
    await enrol(laptop, koffer.url, 'm.schreiber');
    await startDraft(laptop, 'Meeraner Bürgerin');
    await office.goto(`${koffer.url}rathaus/`);
    await office.getByLabel('Benutzername').fill('m.admin');
    await office.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await office.getByRole('button', { name: 'Anmelden' }).click();
    await office.getByRole('button', { name: 'Personen' }).click();
    const people = office.getByTestId('people');
    await people.locator('tr[data-person="m.schreiber"]').waitFor();
    const names = await people.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.person));
    assert.deepEqual(names.sort(), ['b.richter', 'm.admin', 'm.schreiber'], "only Meerane's people");
    assert.match(await people.locator('tr[data-person="m.schreiber"]').innerText(), /Koffer \(unterwegs\)\s+aktiv/);
    assert.equal(await people.locator('tr[data-person="m.admin"]').getByRole('button', { name: 'Sperren' }).count(), 0, 'not his own account');
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the people page');
  });

  test("disabling a clerk ends her sign-in, and her laptop wipes itself at its next contact", async () => {
    const people = office.getByTestId('people');
    await people.locator('tr[data-person="m.schreiber"]').getByRole('button', { name: 'Sperren' }).click();
    await people.getByText('Maria Schreiber ist gesperrt', { exact: false }).waitFor();
    assert.match(await people.locator('tr[data-person="m.schreiber"]').innerText(), /gesperrt/);
    assert.equal((await signIn(koffer.url, 'm.schreiber', 'Koffer-Demo-2026')).status, 403);

    await laptop.reload();
    await laptop.getByTestId('wiped').waitFor({ timeout: 20_000 });
    assert.match(await laptop.getByTestId('wiped').innerText(), /Dieses Gerät wurde gesperrt/);
  });

  test('a new password for the back office ends her session there; the new one works, the old one no longer', async () => {
    // Birgit Richter is at work in the Rathaus app on her own screen.
    const desk = await officeProfile.context.newPage();
    await desk.goto(`${koffer.url}rathaus/`);
    await desk.getByLabel('Benutzername').fill('b.richter');
    await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await desk.getByRole('button', { name: 'Anmelden' }).click();
    await desk.getByTestId('town-hall').waitFor();

    const people = office.getByTestId('people');
    const row = people.locator('tr[data-person="b.richter"]');
    await row.getByLabel('Neues Passwort').fill('Rathaus-Meerane-2027');
    await row.getByRole('button', { name: 'Passwort setzen' }).click();
    await people.getByText('Neues Passwort für Birgit Richter gesetzt', { exact: false }).waitFor();
    assert.equal((await signIn(koffer.url, 'b.richter', 'Koffer-Demo-2026')).status, 401);
    assert.equal((await signIn(koffer.url, 'b.richter', 'Rathaus-Meerane-2027')).status, 200);

    // Her next step finds the session ended: the sign-in says so, and the new password opens it.
    await desk.getByRole('button', { name: 'Aktualisieren' }).click();
    await desk.getByText('Die Anmeldung ist abgelaufen. Bitte erneut anmelden.').waitFor();
    await desk.getByLabel('Benutzername').fill('b.richter');
    await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await desk.getByRole('button', { name: 'Anmelden' }).click();
    await desk.getByRole('alert').filter({ hasText: /.+/ }).first().waitFor();
    assert.equal(await desk.getByTestId('town-hall').count(), 0, 'the old password is refused');
    await desk.getByLabel('Passwort').fill('Rathaus-Meerane-2027');
    await desk.getByRole('button', { name: 'Anmelden' }).click();
    await desk.getByTestId('town-hall').waitFor();
  });

  test('a new clerk gets her laptop; revoked in the console it wipes itself; the log keeps every step', async () => {
    const people = office.getByTestId('people');
    await people.getByLabel('Benutzername').fill('j.beck');
    await people.getByLabel('Name', { exact: true }).fill('Jana Beck');
    await people.getByLabel('Aufgabe').selectOption({ label: 'Koffer (unterwegs)' });
    await people.getByLabel('Erstes Passwort (mindestens 12 Zeichen)').fill('Jana-Beck-Koffer-1');
    await people.getByRole('button', { name: 'Anlegen' }).click();
    await people.getByText('Jana Beck ist angelegt.', { exact: false }).waitFor();
    await people.locator('tr[data-person="j.beck"]').waitFor();
    // A name already taken is refused with the server's sentence.
    await people.getByLabel('Benutzername').fill('j.beck');
    await people.getByLabel('Name', { exact: true }).fill('Jana Beck');
    await people.getByLabel('Erstes Passwort (mindestens 12 Zeichen)').fill('Jana-Beck-Koffer-1');
    await people.getByRole('button', { name: 'Anlegen' }).click();
    await people.getByText('Den Benutzernamen j.beck gibt es schon.').waitFor();

    const newProfile = await openBrowserProfile();
    try {
      const herLaptop = newProfile.context.pages()[0] ?? (await newProfile.context.newPage());
      await enrol(herLaptop, koffer.url, 'j.beck', 'Jana-Beck-Koffer-1');

      await office.getByRole('button', { name: 'Geräte' }).click();
      const laptops = office.getByTestId('laptops');
      const row = laptops.locator('tr', { hasText: 'j.beck' });
      await row.waitFor();
      assert.match(await row.innerText(), /aktiv/);
      assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the laptops page');
      await row.getByRole('button', { name: 'Laptop sperren' }).click();
      await laptops.getByText('ist gesperrt: seine Sitzungen sind beendet', { exact: false }).waitFor();
      assert.match(await row.innerText(), /gesperrt/);

      await herLaptop.reload();
      await herLaptop.getByTestId('wiped').waitFor({ timeout: 20_000 });
    } finally {
      await newProfile.close();
    }

    await office.getByRole('button', { name: 'Protokoll' }).click();
    const log = office.getByTestId('admin-log');
    await log.locator('tbody tr').first().waitFor();
    const lines = (await log.locator('tbody tr').allInnerTexts())
      .map((line) => line.split('\t'))
      .filter(([, who]) => who === 'm.admin');
    assert.deepEqual(
      lines.map(([, , what]) => what),
      ['Laptop gesperrt', 'Person angelegt', 'Passwort gesetzt', 'Person gesperrt'],
      'newest first, each action of the operator',
    );
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the log');
  });

  test('the operator sets the offline lease and the places, and takes a new catalogue after reading what it changes', async () => {
    await office.getByRole('button', { name: 'Gemeinde' }).click();
    const page = office.getByTestId('municipality');
    await page.getByText('Betreut auch: Schönberg').waitFor();
    await page.getByLabel('Offline-Frist der Laptops (Tage, 1 bis 90)').fill('7');
    await page.getByRole('button', { name: 'Speichern' }).first().click();
    await page.getByText('Offline-Frist: 7 Tage.', { exact: false }).waitFor();
    await page.getByLabel('Einsatzorte (einer je Zeile)').fill('Meerane, Rathaus\nMeerane, Seniorenwohnanlage\nMeerane, Bibliothek');
    await page.getByRole('button', { name: 'Speichern' }).nth(1).click();
    await page.getByText('Der Katalog ist nun Version 2', { exact: false }).waitFor();

    // The catalogue as the town hall has it, with the Beglaubigung at 7 € instead of 5 €.
    const session = await (await signIn(koffer.url, 'm.admin', 'Koffer-Demo-2026')).json();
    const [held] = await (await fetch(`${koffer.url}api/catalogues`, { headers: { authorization: `Bearer ${session.token}` } })).json();
    const services = held.services.map((s) => (s.id === 'beglaubigung' ? { ...s, fee_cents: 700 } : s));
    const file = Buffer.from(JSON.stringify({ places: held.places, services }));
    await page.getByLabel('Katalog-Datei (JSON)').setInputFiles({ name: 'katalog.json', mimeType: 'application/json', buffer: file });
    await page.getByRole('button', { name: 'Prüfen' }).click();
    const changes = page.getByTestId('catalogue-changes');
    await changes.waitFor();
    assert.deepEqual(await changes.locator('li').allInnerTexts(), ['Leistung geändert: Amtliche Beglaubigung von Abschriften – Gebühr 5,00 € → 7,00 €']);
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the municipality page');
    await changes.getByRole('button', { name: 'Katalog übernehmen' }).click();
    await page.getByText('Der Katalog ist nun Version 3', { exact: false }).waitFor();

    // A file that is no catalogue is refused with the server's reasons; nothing changes.
    await page.getByLabel('Katalog-Datei (JSON)').setInputFiles({ name: 'leer.json', mimeType: 'application/json', buffer: Buffer.from('{"services": 3}') });
    await page.getByRole('button', { name: 'Prüfen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Die Anfrage hat nicht die erwarteten Felder' }).waitFor();

    await office.getByRole('button', { name: 'Protokoll' }).click();
    const log = office.getByTestId('admin-log');
    await log.locator('tbody tr').first().waitFor();
    const newest = (await log.locator('tbody tr').allInnerTexts()).slice(0, 3).map((line) => line.split('\t').slice(2).join(' · '));
    assert.deepEqual(newest, [
      'Katalog übernommen · Version 3',
      'Einsatzorte geändert · Meerane, Rathaus; Meerane, Seniorenwohnanlage; Meerane, Bibliothek',
      'Offline-Frist geändert · 7 Tage',
    ]);
  });

  test('the operator names where Anmeldungen are submitted; a key past its last day is refused', async () => {
    await office.getByRole('button', { name: 'Gemeinde' }).click();
    const routes = office.getByTestId('handover-routes');
    await routes.getByText('Noch kein Ziel gesetzt', { exact: false }).waitFor();
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256', use: 'enc', kid: 'meldebehoerde-1' };
    await routes.getByLabel('Leistung').selectOption('anmeldung');
    await routes.getByLabel('Zustellpunkt-Id (UUID)').fill('8a1f0a86-3c7b-4d3e-9f5e-0123456789ab');
    await routes.getByLabel('Öffentlicher Schlüssel der Stelle (JWK-Datei)')
      .setInputFiles({ name: 'meldebehoerde.jwk.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(jwk)) });
    await routes.getByLabel('Schlüssel gültig bis').fill('2020-01-31');
    await routes.getByLabel('Schema-URI der Daten').fill('https://schema.example/anmeldung.schema.json');
    await routes.getByLabel('Schema der Daten (JSON-Datei)')
      .setInputFiles({ name: 'anmeldung.schema.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ANMELDUNG_SCHEMA)) });
    await routes.getByRole('button', { name: 'Ziel setzen' }).click();
    await routes.getByRole('alert').filter({ hasText: 'galt bis zum 31.01.2020' }).waitFor();
    assert.equal(await routes.locator('tbody tr').count(), 0, 'nothing refused is stored');

    await routes.getByLabel('Schlüssel gültig bis').fill('2099-12-31');
    await routes.getByRole('button', { name: 'Ziel setzen' }).click();
    await routes.getByText('gehen an den Zustellpunkt 8a1f0a86-3c7b-4d3e-9f5e-0123456789ab', { exact: false }).waitFor();
    const row = routes.locator('tbody tr');
    assert.deepEqual(await row.locator('td').allInnerTexts(),
      ['anmeldung', '8a1f0a86-3c7b-4d3e-9f5e-0123456789ab', '2099-12-31', 'https://schema.example/anmeldung.schema.json', 'Ziel entfernen']);
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the destinations');
    // The laptops get the schema with the catalogue, as its next version.
    const session = await (await signIn(koffer.url, 'm.admin', 'Koffer-Demo-2026')).json();
    const [held] = await (await fetch(`${koffer.url}api/catalogues`, { headers: { authorization: `Bearer ${session.token}` } })).json();
    assert.deepEqual(held.submission_checks.map((check) => check.service), ['anmeldung']);

    await row.getByRole('button', { name: 'Ziel entfernen' }).click();
    await routes.getByText('Fälle „anmeldung“ werden nicht mehr eingereicht.').waitFor();
    await routes.getByText('Noch kein Ziel gesetzt', { exact: false }).waitFor();
  });
});
