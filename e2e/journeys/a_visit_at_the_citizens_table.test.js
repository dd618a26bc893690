// Maria Schreiber of Meerane takes the Koffer to Schönberg's Gemeindeamt. There is no signal.
// Frau Müller-Lüdenscheidt registers her new flat and applies for a certificate of good conduct;
// the clerk mistypes the date and the postcode, corrects them, the citizen checks her data, signs
// and pays by card. After a reload the case is still there, with its history, and the Meldeschein
// prints with what was typed. axe-core finds nothing to fix on any capture screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations,
  photograph,
  signOnScreen,
  enrol,
  field,
  fillAnmeldung,
  openBrowserProfile,
  screenshot,
  startDeployment,
  startKoffer,
  unlock,
  watchConsole,
} from '../support/koffer.js';

describe('a visit at the citizen’s table, offline', () => {
  let koffer;
  let profile;
  let page;
  let consoleProblems;
  const axe = {};
  let caseNumber;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
    // window.print() would open a dialog; the journey records the call and looks at the print view.
    await profile.context.addInitScript(() => {
      window.print = () => {
        window.printed = (window.printed ?? 0) + 1;
      };
    });
    consoleProblems = watchConsole(page);
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('the clerk enrols once with signal, then works offline from the start of the visit', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await page.getByLabel('Einsatzort').waitFor();
    const places = await page.getByLabel('Einsatzort').locator('option').allInnerTexts();
    assert.deepEqual(places, ['Meerane, Rathaus', 'Meerane, Seniorenwohnanlage', 'Schönberg, Gemeindeamt', 'Tettau, Dorfgemeinschaftshaus']);
    axe.deployment = await accessibilityViolations(page);

    await profile.context.setOffline(true);
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    assert.match(await page.getByTestId('deployment').innerText(), /Schönberg, Gemeindeamt · Schönberg/);
    await page.getByRole('button', { name: 'Neuer Besuch' }).click();
    await page.getByRole('heading', { name: 'Person' }).waitFor();
    caseNumber = (await page.locator('#visit-title').innerText()).split(' · ')[0];
    assert.match(caseNumber, /^\d{4}-[A-Z0-9]{8}-0001$/);
  });

  test('the ID check refuses a zone with a wrong check digit and prefills from a good one', async () => {
    await page.getByText('Ausweis prüfen und übernehmen').click();
    const zone = page.getByLabel('Maschinenlesbare Zone (scannen oder abtippen, 2 oder 3 Zeilen)');
    // ICAO 9303's specimen ID card; first with the birth date's check digit changed.
    const specimen = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    await zone.fill(specimen.replace('7408122F', '7408123F'));
    await page.getByRole('button', { name: 'Daten übernehmen' }).click();
    assert.match(await page.getByTestId('id-check').innerText(), /Geburtsdatum/);
    assert.equal(await field(page, 'person.family_name').inputValue(), '', 'a refused zone changes nothing');
    await zone.fill(specimen);
    await page.getByRole('button', { name: 'Daten übernehmen' }).click();
    assert.equal(await field(page, 'person.family_name').inputValue(), 'Eriksson');
    assert.equal(await field(page, 'person.given_names').inputValue(), 'Anna Maria');
    assert.equal(await field(page, 'person.birth_date').inputValue(), '12.08.1974');
    assert.match(await page.getByTestId('id-check').innerText(), /^Personalausweis D23145890 · gültig bis 15\.04\.2012/);
  });

  test('the citizen is created; an impossible birth date is refused with a reason', async () => {
    await field(page, 'person.family_name').fill('Müller-Lüdenscheidt');
    await field(page, 'person.given_names').fill('Anna');
    await field(page, 'person.birth_date').fill('29.02.1947');
    await field(page, 'address.street').fill('Hauptstraße');
    await field(page, 'address.house_number').fill('3');
    await field(page, 'address.postcode').fill('08393');
    await field(page, 'address.place').fill('Schönberg');
    await page.getByRole('button', { name: 'Weiter' }).click();
    const error = page.locator('[id="f-person.birth_date-error"]');
    assert.equal(await error.innerText(), 'Den 29.02.1947 gibt es nicht: 1947 ist kein Schaltjahr.');
    assert.equal(await field(page, 'person.birth_date').getAttribute('aria-invalid'), 'true');
    assert.match(await field(page, 'person.birth_date').getAttribute('aria-describedby'), /f-person\.birth_date-error/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-person.birth_date');
    axe.citizen = await accessibilityViolations(page);
    await field(page, 'person.birth_date').fill('28.02.1947');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('heading', { name: 'Welche Leistungen möchte die Person?' }).waitFor();
  });

  test('two services; the Anmeldung refuses a wrong date and PLZ until they are corrected', async () => {
    axe.services = await accessibilityViolations(page);
    await page.getByLabel('Wohnsitz anmelden (Meldeschein)').check();
    await page.getByLabel('Führungszeugnis beantragen').check();
    await page.getByRole('button', { name: 'Weiter' }).click();

    await page.getByRole('heading', { name: 'Wohnsitz anmelden (Meldeschein)' }).waitFor();
    await fillAnmeldung(page, { movedIn: '31.11.2026', street: 'Hauptstraße', houseNumber: '3', postcode: '0839' });
    await page.getByRole('button', { name: 'Weiter' }).click();

    assert.equal(await page.locator('[id="f-moved_in-error"]').innerText(), 'Den 31.11.2026 gibt es nicht.');
    assert.equal(
      await page.locator('[id="f-new_address.postcode-error"]').innerText(),
      'Die PLZ hat genau 5 Ziffern, z. B. 08393.',
    );
    assert.match(await page.getByTestId('error-summary').innerText(), /Anzahl: 2/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-moved_in', 'focus on the first error');
    axe.formWithErrors = await accessibilityViolations(page);
    await screenshot(page, 'visit-form-errors');

    await field(page, 'moved_in').fill('01.11.2026');
    await field(page, 'new_address.postcode').fill('08393');
    await page.getByRole('button', { name: 'Weiter' }).click();

    await page.getByRole('heading', { name: 'Führungszeugnis beantragen' }).waitFor();
    await field(page, 'kind').selectOption('privat');
    await field(page, 'birth_place').fill('Glauchau');
    await page.getByLabel('Personalausweis oder Reisepass').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByTestId('citizen-screen').waitFor();
  });

  test('the citizen checks everything on the large citizen screen and signs', async () => {
    const review = await page.getByTestId('citizen-screen').innerText();
    for (const expected of ['Müller-Lüdenscheidt', '28.02.1947', 'Hauptstraße 3, 08393 Schönberg', '01.11.2026', 'Glauchau']) {
      assert.ok(review.includes(expected), `${expected} in ${review}`);
    }
    axe.review = await accessibilityViolations(page);

    // The landlord's confirmation, photographed: a 2400 × 1800 picture is stored at 1600 × 1200.
    await photograph(page, { text: 'Wohnungsgeberbestätigung', width: 2400, height: 1800, name: 'wohnungsgeber.png' });
    const thumbnail = page.getByAltText('Foto 1');
    assert.deepEqual(await thumbnail.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [1600, 1200]);
    await page.getByRole('button', { name: 'Die Angaben sind richtig' }).click();

    const canvas = page.getByTestId('signature-canvas');
    await canvas.waitFor();
    axe.signature = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
    await page.getByText('Bitte zuerst unterschreiben.').waitFor();
    await signOnScreen(page);
  });

  test('the fee is paid by card and the case is finished', async () => {
    assert.equal(await page.getByTestId('fee-total').innerText(), 'Zu zahlen: 13,00 €');
    axe.fee = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Fall abschließen' }).click();
    await page.getByText('Bitte angeben, wie die Gebühr bezahlt wird.').waitFor();
    await page.getByLabel('Mit Karte bezahlt (Terminal)').check();
    await page.getByLabel('Belegnummer').fill('004711');
    await page.getByRole('button', { name: 'Fall abschließen' }).click();
    await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
    assert.equal(await page.getByTestId('case-status').innerText(), 'Erfasst');
    await screenshot(page, 'visit-finished');
  });

  test('after a reload (still offline) the case is there with its history and is found by search', async () => {
    await page.reload();
    await unlock(page);
    await page.getByTestId('cases').getByText('Müller-Lüdenscheidt, Anna').waitFor();
    axe.overview = await accessibilityViolations(page);
    const search = page.getByLabel('Suchen (Name, Geburtsdatum oder Fallnummer)');
    for (const query of ['mueller', 'Anna Müller', '28.02.1947', caseNumber]) {
      await search.fill(query);
      assert.equal(await page.getByTestId('cases').locator('li').count(), 1, query);
    }
    await search.fill('Schulze');
    assert.equal(await page.getByTestId('cases').locator('li').count(), 0);
    await search.fill(caseNumber);
    await page.getByTestId('cases').getByRole('button', { name: 'Öffnen' }).click();
    const history = await page.getByTestId('history').locator('li').allInnerTexts();
    assert.equal(history.length, 2);
    assert.match(history[0], /^Entwurf · .+ · Maria Schreiber$/);
    assert.match(history[1], /^Erfasst · .+ · Maria Schreiber$/);
  });

  test('the Meldeschein prints with the entered data, laid out for a wet signature', async () => {
    await page.getByRole('button', { name: 'Meldeschein drucken' }).click();
    await page.waitForFunction(() => window.printed === 1);
    await page.emulateMedia({ media: 'print' });
    const sheet = page.getByTestId('print-sheet');
    assert.ok(await sheet.isVisible(), 'the sheet is what prints');
    const printed = await sheet.innerText();
    for (const expected of ['Meldeschein', caseNumber, 'Müller-Lüdenscheidt', 'Anna', '28.02.1947', '08393',
      'Hauptstraße', '01.11.2026', 'alleinige Wohnung', 'verwitwet', 'Datum, Unterschrift der meldepflichtigen Person']) {
      assert.ok(printed.includes(expected), `${expected} on the Meldeschein:\n${printed}`);
    }
    assert.ok(!printed.includes('Glauchau'), 'the Führungszeugnis is not on the Meldeschein');
    await screenshot(page, 'meldeschein-print');
    await page.emulateMedia({ media: 'screen' });
    assert.ok(!(await sheet.isVisible()), 'on screen the sheet stays hidden');

    await page.getByRole('button', { name: 'Quittung drucken (80 mm)' }).click();
    await page.waitForFunction(() => window.printed === 2);
    const receipt = await page.getByTestId('print-sheet').innerText();
    assert.match(receipt, /Summe 13,00 €/);
    assert.match(receipt, /Belegnummer 004711/);
  });

  test('axe-core reports no violations on any capture screen', () => {
    assert.deepEqual(axe, {
      deployment: [],
      citizen: [],
      services: [],
      formWithErrors: [],
      review: [],
      signature: [],
      fee: [],
      overview: [],
    });
    assert.deepEqual(consoleProblems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED')), []);
  });
});
