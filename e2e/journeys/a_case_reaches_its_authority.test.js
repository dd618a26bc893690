// Maria Schreiber registers Herr Vogt's new flat at Schönberg's Gemeindeamt without signal; the
// laptop asks for what the registration office will want before the case is finished. Back
// on a network the case is transferred; at the town hall Birgit Richter sends it over FIT-Connect
// to the registration office — a destination of our own that decrypts every part, checks the
// metadata against FITKO's schema and the data against its own — and the case shows it
// accepted. The operator set the route on the command line; nothing of the citizen is sent in
// the clear.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations,
  enrol,
  field,
  fillAnmeldung,
  fillPerson,
  openBrowserProfile,
  SCHOENBERG,
  signOnScreen,
  startDeployment,
  startKoffer,
} from '../support/koffer.js';
import { startDestination } from '../support/fit_connect.js';

describe('a case reaches the authority that decides it', () => {
  let destination;
  let koffer;
  let profile;
  let page;

  before(async () => {
    destination = await startDestination();
    koffer = await startKoffer({ demo: true, serveArgs: destination.serveArgs });
    const said = koffer.admin('route', 'set', '--regional-key', SCHOENBERG, '--service', 'anmeldung',
      '--destination', destination.id, '--key-file', destination.keyFile, '--key-valid-until', '2099-12-31',
      '--schema-uri', 'https://schema.example/anmeldung.schema.json', '--schema-file', destination.schemaFile);
    assert.match(said, /gehen an den Zustellpunkt 8a1f0a86-3c7b-4d3e-9f5e-0123456789ab/);
    profile = await openBrowserProfile();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
    destination?.stop();
  });

  test('the Anmeldung is captured without signal and transferred once the network is back', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // The catalogue (with its places) is on the laptop before the signal goes.
    await page.getByLabel('Einsatzort').waitFor();
    await profile.context.setOffline(true);
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    await page.getByRole('button', { name: 'Neuer Besuch' }).click();
    await fillPerson(page, { familyName: 'Vogt', givenNames: 'Heinrich', birthDate: '04.03.1941', street: 'Bahnhofstraße', houseNumber: '9' });
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByLabel('Wohnsitz anmelden (Meldeschein)').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await fillAnmeldung(page, { movedIn: '01.11.2026', street: 'Am Markt', houseNumber: '2', postcode: '08393' });
    // The form is complete for the Koffer, but the registration office also wants the previous
    // dwelling: the laptop, without signal, checks against the schema it holds and says so.
    await page.getByRole('button', { name: 'Weiter' }).click();
    const findings = page.getByTestId('destination-findings');
    await findings.getByText('Bisherige Wohnung – Straße: fehlt').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'destination-findings');
    assert.deepEqual(await accessibilityViolations(page), [], 'axe-core on the form with the findings');
    await field(page, 'previous_address.street').fill('Bahnhofstraße');
    await field(page, 'previous_address.house_number').fill('9');
    await field(page, 'previous_address.postcode').fill('08393');
    await field(page, 'previous_address.place').fill('Schönberg');
    await findings.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('button', { name: 'Die Angaben sind richtig' }).click();
    await signOnScreen(page);
    await page.getByRole('button', { name: 'Fall abschließen' }).click();
    await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
    await page.getByRole('button', { name: 'Zur Übersicht' }).click();

    await profile.context.setOffline(false);
    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    await page.getByTestId('cases').locator('li', { hasText: 'Vogt' }).locator('.status', { hasText: 'Übertragen' }).waitFor();
    assert.deepEqual(await destination.received(), [], 'nothing is sent before the town hall releases it');
  });

  test('the back office sends it over FIT-Connect and the case shows it accepted', async () => {
    const office = await openBrowserProfile();
    try {
      const desk = office.context.pages()[0] ?? (await office.context.newPage());
      await desk.goto(`${koffer.url}rathaus/`);
      await desk.getByLabel('Benutzername').fill('b.richter');
      await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
      await desk.getByRole('button', { name: 'Anmelden' }).click();
      const townHall = desk.getByTestId('town-hall');
      await townHall.getByLabel('Gemeinde').selectOption({ label: 'Schönberg' });
      const row = townHall.locator('tr', { hasText: 'Vogt, Heinrich' });
      await row.getByRole('button', { name: 'Öffnen' }).click();
      const view = desk.getByTestId('case-view');
      await view.getByTestId('record-intact').waitFor();
      await view.getByRole('button', { name: 'Über FIT-Connect an die zuständige Stelle senden' }).click();
      const state = view.getByTestId('submissions').locator('li[data-submission="anmeldung"]').getByTestId('submission-state');
      await state.filter({ hasText: 'von der Zielstelle angenommen' }).waitFor({ timeout: 30_000 });
      assert.equal(await view.getByRole('button', { name: /senden/ }).count(), 0, 'an accepted case is not sent again');
      assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the case view with its submission');
    } finally {
      await office.close();
    }
    const [received] = await destination.received();
    assert.equal(received.accepted, true, JSON.stringify(received.problems));
    assert.equal(received.data.citizen.family_name, 'Vogt');
    assert.equal(received.data.values['new_address.street'], 'Am Markt');
    assert.equal(received.data.values['previous_address.street'], 'Bahnhofstraße');
    assert.equal(received.metadata.publicServiceType.identifier, 'urn:de:fim:leika:leistung:99115005104000');
    const files = Object.values(received.attachments).map((part) => part.filename);
    assert.ok(files.some((name) => /^fall-.+\.pdf$/.test(name)), files.join(', '));
  });
});
