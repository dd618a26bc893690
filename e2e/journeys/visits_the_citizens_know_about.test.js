// Schönberg announces the Koffer's dates and its citizens book them. Birgit Richter, in the
// Rathaus app, plans a provisional date for tomorrow at Tettau; two citizens book it on the
// public page — Erna Weber by keyboard only — which makes the date stand; Erna cancels with the
// link from her mail; Karl Vogt's reminder arrives with what to bring. For today, Maria
// Schreiber's laptop pulls her day's list, goes offline, opens the booked citizen's visit with
// name and service filled in, finishes it, marks the other booking as not come, takes a walk-in,
// and after the transfer the town hall sees who came and who did not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SCHOENBERG,
  accessibilityViolations,
  captureCertificateOfLife,
  enrol,
  field,
  openBrowserProfile,
  screenshot,
  signInToken,
  signOnScreen,
  startKoffer,
} from '../support/koffer.js';
import { startSmtp } from '../support/smtp.js';

const DAY_MS = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const germanDay = (iso) => iso.split('-').reverse().join('.');
const today = isoDay(Date.now());
const tomorrow = isoDay(Date.now() + DAY_MS);

/** Presses Tab until the focused element's text or label is `name`; fails after 80 presses. */
async function tabTo(page, name) {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim();
    });
    if (focused === name || focused.startsWith(`${name} `)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('visits the citizens know about', () => {
  let smtp;
  let koffer;
  let officeProfile;
  let office;
  let citizenProfile;

  before(async () => {
    smtp = await startSmtp();
    koffer = await startKoffer({
      demo: true,
      serveArgs: ['--smtp-relay', smtp.relay, '--mail-from', 'Bürgerkoffer Schönberg <koffer@schoenberg.invalid>'],
    });
    officeProfile = await openBrowserProfile();
    office = officeProfile.context.pages()[0] ?? (await officeProfile.context.newPage());
    citizenProfile = await openBrowserProfile();
  });

  after(async () => {
    await officeProfile?.close();
    await citizenProfile?.close();
    await koffer?.stop();
    smtp?.stop();
  });

  test('the back office plans a provisional date for tomorrow in the Rathaus app', async () => {
    await office.goto(`${koffer.url}rathaus/`);
    await office.getByLabel('Benutzername').fill('b.richter');
    await office.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await office.getByRole('button', { name: 'Anmelden' }).click();
    await office.getByRole('button', { name: 'Tourenplan' }).click();
    const plan = office.getByTestId('tour-plan');
    await plan.getByLabel('Gemeinde', { exact: true }).selectOption({ label: 'Schönberg' });
    await plan.getByLabel('Ort', { exact: true }).selectOption('Tettau, Dorfgemeinschaftshaus');
    await plan.getByLabel('Datum', { exact: true }).fill(tomorrow);
    await plan.getByLabel('Von', { exact: true }).fill('09:00');
    await plan.getByLabel('Bis', { exact: true }).fill('12:00');
    await plan.getByLabel('Maria Schreiber').check();
    await plan.getByLabel('Lebensbescheinigung', { exact: true }).check();
    await plan.getByLabel('Minuten für Lebensbescheinigung').fill('15');
    await plan.getByLabel('Vorläufig: nötige Buchungen (leer: findet sicher statt)').fill('2');
    await plan.getByLabel('Tage vorher entscheiden').fill('1');
    await plan.getByRole('button', { name: 'Planen' }).click();
    await plan.getByText('1 Termin(e) geplant.').waitFor();
    const row = plan.locator(`tr[data-tour="${tomorrow}"]`);
    assert.match(await row.innerText(), new RegExp(`vorläufig bis .*${germanDay(today)}: 0 von 2 Buchungen`));
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the tour plan');
    await screenshot(office, 'tour-plan');
  });

  test('Erna Weber books by keyboard only, Karl Vogt with the mouse; the date stands', async () => {
    const erna = await citizenProfile.context.newPage();
    await erna.goto(`${koffer.url}termine/${SCHOENBERG}`);
    assert.deepEqual(await accessibilityViolations(erna), [], 'axe-core on the public page');
    await tabTo(erna, `Termin am ${germanDay(tomorrow)} buchen`);
    await erna.keyboard.press('Enter');
    await erna.getByRole('heading', { name: /Termin buchen/ }).waitFor();
    await tabTo(erna, 'Lebensbescheinigung (etwa 15 Minuten)');
    await erna.keyboard.press('Space');
    await tabTo(erna, 'Freie Zeiten anzeigen');
    await erna.keyboard.press('Enter');
    await erna.getByText('Bitte mitbringen').waitFor();
    assert.match(await erna.locator('main').innerText(), /Lebensbescheinigung: Personalausweis oder Reisepass/);
    assert.deepEqual(await accessibilityViolations(erna), [], 'axe-core on the booking form');
    await tabTo(erna, '09:00 Uhr');
    await erna.keyboard.press('Space');
    await tabTo(erna, 'Ihr Name');
    await erna.keyboard.type('Erna Weber');
    await tabTo(erna, 'E-Mail-Adresse oder Telefonnummer (freiwillig)');
    await erna.keyboard.type('erna@example.org');
    await tabTo(erna, 'Verbindlich buchen');
    await erna.keyboard.press('Enter');
    await erna.getByRole('heading', { name: 'Ihre Buchung' }).waitFor();
    const receipt = await erna.locator('main').innerText();
    assert.match(receipt, /Gebucht\. Der Termin ist noch vorläufig/);
    assert.match(receipt, /Buchungscode\s+[0-9A-Z]{4}-[0-9A-Z]{4}/);
    assert.equal(await erna.getByRole('img', { name: 'QR-Code mit dem Link zu Ihrer Buchung' }).count(), 1);
    assert.deepEqual(await accessibilityViolations(erna), [], 'axe-core on the booking');
    await screenshot(erna, 'booking');

    const karl = await citizenProfile.context.newPage();
    await karl.goto(`${koffer.url}termine/${SCHOENBERG}`);
    await karl.getByRole('link', { name: `Termin am ${germanDay(tomorrow)} buchen` }).click();
    await karl.getByLabel('Lebensbescheinigung (etwa 15 Minuten)').check();
    await karl.getByRole('button', { name: 'Freie Zeiten anzeigen' }).click();
    assert.equal(await karl.getByLabel('09:00 Uhr').count(), 0, "Erna's time is taken");
    await karl.getByLabel('09:15 Uhr').check();
    await karl.getByLabel('Ihr Name').fill('Karl Vogt');
    await karl.getByLabel('E-Mail-Adresse oder Telefonnummer (freiwillig)').fill('karl@example.org');
    await karl.getByRole('button', { name: 'Verbindlich buchen' }).click();
    await karl.getByText('Gebucht.', { exact: true }).waitFor();

    // The second booking made up the minimum: the date stands.
    await office.getByRole('button', { name: 'Fälle' }).click();
    await office.getByRole('button', { name: 'Tourenplan' }).click();
    await office.getByTestId('tour-plan').getByLabel('Gemeinde', { exact: true }).selectOption({ label: 'Schönberg' });
    await office.locator(`tr[data-tour="${tomorrow}"]`).getByText('geplant').waitFor();
  });

  test("Erna cancels with her mail's link; Karl's reminder lists what to bring", async () => {
    const confirmation = await smtp.mailTo('erna@example.org', /^Ihr Termin beim Bürgerkoffer/);
    assert.match(confirmation.body, /Lebensbescheinigung\n\s+\* Personalausweis oder Reisepass/);
    const link = confirmation.body.match(/Absagen oder ändern: (\S+)/)[1];
    const erna = await citizenProfile.context.newPage();
    await erna.goto(link);
    await erna.getByRole('button', { name: 'Buchung stornieren' }).click();
    await erna.getByText('Diese Buchung ist storniert.').waitFor();
    await smtp.mailTo('erna@example.org', /^Storniert: Ihr Termin/);

    const reminder = await smtp.mailTo('karl@example.org', /^Erinnerung: morgen Bürgerkoffer, 09:15 Uhr/);
    assert.match(reminder.body, /Wo: Tettau, Dorfgemeinschaftshaus/);
    assert.match(reminder.body, /\* Personalausweis oder Reisepass/);
  });

  test("today's list on the laptop, worked offline: a booked visit, a no-show, a walk-in", async () => {
    // Two citizens booked by phone for today at the Gemeindeamt, where Maria Schreiber goes.
    const token = await signInToken(koffer.url, 'b.richter');
    const [date] = await post(koffer.url, token, `/api/tours/${SCHOENBERG}`, {
      place: 'Schönberg, Gemeindeamt', date: today, starts: '07:00', ends: '19:00',
      clerks: ['m.schreiber'], slots: [{ service: 'lebensbescheinigung', minutes: 15 }],
    });
    for (const [name, starts] of [['Anna Schulz', '08:00'], ['Otto Krause', '08:15']]) {
      await post(koffer.url, token, `/api/tours/${SCHOENBERG}/${date.id}/bookings`, { services: ['lebensbescheinigung'], starts, name });
    }

    const laptopProfile = await openBrowserProfile();
    try {
      const laptop = laptopProfile.context.pages()[0] ?? (await laptopProfile.context.newPage());
      await enrol(laptop, koffer.url, 'm.schreiber');
      // Before leaving the town hall's network, she brings the laptop up to date.
      await laptop.getByRole('button', { name: 'Jetzt übertragen' }).click();
      const list = laptop.getByTestId('day-list');
      await list.getByText('Anna Schulz').waitFor({ timeout: 30_000 });
      assert.deepEqual(await accessibilityViolations(laptop), [], "axe-core on the day's list");
      await laptopProfile.context.setOffline(true);

      await list.locator('tr', { hasText: 'Anna Schulz' }).getByRole('button', { name: 'Besuch beginnen' }).click();
      assert.equal(await field(laptop, 'person.family_name').inputValue(), 'Schulz');
      assert.equal(await field(laptop, 'person.given_names').inputValue(), 'Anna');
      await field(laptop, 'person.birth_date').fill('02.02.1941');
      await field(laptop, 'address.street').fill('Dorfstraße');
      await field(laptop, 'address.house_number').fill('4');
      await field(laptop, 'address.postcode').fill('08393');
      await field(laptop, 'address.place').fill('Schönberg');
      await laptop.getByRole('button', { name: 'Weiter' }).click();
      assert.equal(await laptop.getByLabel('Lebensbescheinigung').isChecked(), true, 'the service booked');
      await laptop.getByRole('button', { name: 'Weiter' }).click();
      await field(laptop, 'for_whom').selectOption('drv');
      await laptop.getByLabel('Personalausweis oder Reisepass').check();
      await laptop.getByRole('button', { name: 'Weiter' }).click();
      await laptop.getByRole('button', { name: 'Die Angaben sind richtig' }).click();
      await signOnScreen(laptop);
      await laptop.getByRole('button', { name: 'Fall abschließen' }).click();
      await laptop.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
      await laptop.getByRole('button', { name: 'Zur Übersicht' }).click();

      await list.locator('tr', { hasText: 'Otto Krause' }).getByRole('button', { name: 'Nicht erschienen' }).click();
      assert.match(await list.locator('tr', { hasText: 'Anna Schulz' }).innerText(), /gekommen/);
      assert.match(await list.locator('tr', { hasText: 'Otto Krause' }).innerText(), /nicht erschienen/);
      await captureCertificateOfLife(laptop, 'Lange');
      await screenshot(laptop, 'day-list');

      await laptopProfile.context.setOffline(false);
      await laptop.getByRole('button', { name: 'Jetzt übertragen' }).click();
      await laptop.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 60_000 });
      const until = Date.now() + 30_000;
      let statuses;
      do {
        const bookings = await get(koffer.url, token, `/api/tours/${SCHOENBERG}/${date.id}/bookings`);
        statuses = Object.fromEntries(bookings.map((b) => [b.name, b.status]));
        if (statuses['Anna Schulz'] === 'attended' && statuses['Otto Krause'] === 'no_show') break;
        await new Promise((ok) => setTimeout(ok, 500));
      } while (Date.now() < until);
      assert.deepEqual(statuses, { 'Anna Schulz': 'attended', 'Otto Krause': 'no_show' });
    } finally {
      await laptopProfile.close();
    }

    // The evaluation counts them, each under five and so withheld (`domain::evaluation`).
    const page = await officeProfile.context.newPage();
    await page.goto(`${koffer.url}rathaus/`);
    await page.getByLabel('Benutzername').fill('b.richter');
    await page.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('button', { name: 'Auswertung' }).click();
    await page.getByLabel('Gemeinde', { exact: true }).selectOption({ label: 'Schönberg' });
    await page.getByLabel('Besuch ab').fill(today);
    await page.getByLabel('Besuch bis').fill(today);
    await page.getByRole('button', { name: 'Anzeigen', exact: true }).click();
    await page.locator('table[data-table="appointments"]').waitFor();
    const rows = await page.locator('table[data-table="appointments"] tbody tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.replace(/\s+/g, ' ').trim()), [
      'Besuche mit Buchung < 5',
      'Besuche ohne Buchung < 5',
      'Gebucht, nicht erschienen < 5',
      'Buchungen storniert 0',
    ]);
  });
});

async function post(url, token, path, body) {
  const response = await fetch(`${url}${path.slice(1)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function get(url, token, path) {
  const response = await fetch(`${url}${path.slice(1)}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return response.json();
}
