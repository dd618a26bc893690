// Meerane sets up a Bürger-Terminal in its Seniorenwohnanlage. Mirko Albrecht makes a one-time
// code in the town hall's console and types it at the kiosk; a resident starts, has the screen
// read aloud, switches to English and walks away: the terminal counts down and wipes what was
// hers. Another asks for help and is held. Revoked in the console, the terminal stops at once.
// The kiosk runs under Playwright's clock, so minutes of quiet pass in a moment; speech goes to
// a recorder in place of the speakers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, openBrowserProfile, signInToken, startKoffer, watchConsole } from '../support/koffer.js';

const PLACE = 'Meerane, Seniorenwohnanlage';
const MEERANE = '145245118180';
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const inAWeek = isoDay(Date.now() + 7 * 86_400_000);

/** What the kiosk keeps in the browser: its storage, databases and caches. */
const kept = (page) =>
  page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
  }));

const spoken = (page) => page.evaluate(() => window.spoken);

/** Presses Tab until the focused control's text is `name`; fails after 20 presses. */
async function tabTo(page, name) {
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('the terminal in the village', () => {
  let koffer;
  let officeProfile;
  let office;
  let kioskProfile;
  let kiosk;
  let kioskProblems;
  let planned;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    // The Koffer comes to the Seniorenwohnanlage in a week.
    const token = await signInToken(koffer.url, 'b.richter');
    const response = await fetch(`${koffer.url}api/tours/${MEERANE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        place: PLACE, date: inAWeek, starts: '09:00', ends: '12:00',
        clerks: ['m.schreiber'], slots: [{ service: 'lebensbescheinigung', minutes: 15 }],
      }),
    });
    assert.equal(response.status, 201);
    [planned] = await response.json();
    officeProfile = await openBrowserProfile();
    office = officeProfile.context.pages()[0] ?? (await officeProfile.context.newPage());
    kioskProfile = await openBrowserProfile({ viewport: { width: 1080, height: 1600 } });
    kiosk = kioskProfile.context.pages()[0] ?? (await kioskProfile.context.newPage());
    await kiosk.addInitScript(() => {
      window.spoken = [];
      window.speechSynthesis.speak = (utterance) => window.spoken.push({ text: utterance.text, lang: utterance.lang });
    });
    await kiosk.clock.install();
    kioskProblems = watchConsole(kiosk);
  });

  after(async () => {
    await officeProfile?.close();
    await kioskProfile?.close();
    await koffer?.stop();
  });

  test('the admin makes a code in the console and the kiosk is enrolled with it', async () => {
    await office.goto(`${koffer.url}rathaus/`);
    await office.getByLabel('Benutzername').fill('m.admin');
    await office.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await office.getByRole('button', { name: 'Anmelden' }).click();
    await office.getByRole('button', { name: 'Geräte' }).click();
    const terminals = office.getByTestId('terminals');
    await terminals.getByLabel('Name des Terminals').fill('Terminal Seniorenwohnanlage');
    await terminals.getByLabel('Ort').selectOption(PLACE);
    await terminals.getByRole('button', { name: 'Code erstellen' }).click();
    const said = await terminals.getByText('Code für „Terminal Seniorenwohnanlage“', { exact: false }).innerText();
    const code = said.match(/: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\./)?.[1];
    assert.ok(code, said);
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the devices page');

    await kiosk.goto(`${koffer.url}terminal/`);
    await kiosk.getByRole('heading', { name: 'Terminal einrichten' }).waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on setting up');
    await kiosk.getByLabel('Code').fill('AAAA-BBBB-CCCC-DDDD');
    await kiosk.getByRole('button', { name: 'Einrichten' }).click();
    await kiosk.getByText('Dieser Code gilt nicht (mehr)', { exact: false }).waitFor();
    await kiosk.getByLabel('Code').fill(code.toLowerCase());
    await kiosk.getByRole('button', { name: 'Einrichten' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    await kiosk.getByText(`Meerane · ${PLACE}`).waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the welcome');
    assert.deepEqual(await kept(kiosk), { local: ['buergerkoffer.terminal'], session: 0, databases: [], caches: [] });

    await office.getByRole('button', { name: 'Personen' }).click();
    await office.getByRole('button', { name: 'Geräte' }).click();
    const row = terminals.locator('tr', { hasText: 'Terminal Seniorenwohnanlage' });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${PLACE}[\\s\\S]*aktiv`));
  });

  test('a resident has it read aloud in English, walks away, and the terminal wipes what was hers', async () => {
    await kiosk.getByRole('button', { name: 'Vorlesen' }).click();
    const session = kiosk.getByTestId('citizen-session');
    await session.waitFor();
    const dates = kiosk.getByTestId('place-dates');
    await dates.getByText('09:00 bis 12:00 Uhr', { exact: false }).waitFor();
    assert.match(await dates.innerText(), new RegExp(`/termine/${MEERANE}`));
    await kiosk.waitForFunction(() => window.spoken.length > 0);
    const [first] = await spoken(kiosk);
    assert.equal(first.lang, 'de-DE');
    assert.match(first.text, /^Der Bürgerkoffer kommt hierher: Meerane, Seniorenwohnanlage\. \w+, \d\d\.\d\d\.\d{4}, 09:00 bis 12:00 Uhr/);
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core in a session');

    // By keyboard alone: the session starts on its heading; on to the language, each control
    // read as it gets focus.
    assert.equal(await kiosk.evaluate(() => document.activeElement?.id), 'dates-title');
    await tabTo(kiosk, 'English');
    await kiosk.waitForFunction(() => window.spoken.at(-1).text === 'English');
    await kiosk.keyboard.press('Enter');
    await session.getByRole('heading', { name: 'The Bürgerkoffer comes here' }).waitFor();
    assert.equal(await kiosk.evaluate(() => document.documentElement.lang), 'en');
    await kiosk.waitForFunction(() => window.spoken.some((s) => s.lang === 'en-GB' && s.text.startsWith('The Bürgerkoffer comes here')));
    await kiosk.keyboard.press('Tab');
    await kiosk.waitForFunction(() => window.spoken.at(-1).text === 'I need help');

    await kiosk.clock.fastForward('01:35');
    const countdown = kiosk.getByTestId('countdown');
    await countdown.getByRole('heading', { name: 'Are you still there?' }).waitFor();
    assert.match(await countdown.innerText(), /In \d+ seconds the terminal wipes everything you did here\./);
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the countdown');
    await kiosk.clock.fastForward('00:31');
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    assert.equal(await session.count(), 0, 'the session is gone from the page');
    assert.equal(await kiosk.evaluate(() => document.documentElement.lang), 'de', 'the next citizen starts in German');
    assert.equal(await kiosk.getByRole('button', { name: 'Vorlesen' }).getAttribute('aria-pressed'), 'false');
    assert.deepEqual(await kept(kiosk), { local: ['buergerkoffer.terminal'], session: 0, databases: [], caches: [] });
    // The wrong code's refusal is the one answer the console shows red.
    assert.deepEqual(kioskProblems.filter((problem) => !problem.includes('422')), [], 'no errors, no CSP violations');
  });

  test('a resident books the Koffer at the kiosk and notes the code', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    const dates = kiosk.getByTestId('place-dates');
    await dates.getByRole('button', { name: 'Termin buchen' }).click();
    const booking = kiosk.getByTestId('booking');
    await booking.getByRole('button', { name: 'Freie Zeiten anzeigen' }).click();
    await booking.getByText('Bitte wählen Sie mindestens ein Anliegen.').waitFor();
    await booking.getByLabel('Lebensbescheinigung (etwa 15 Minuten)').check();
    await booking.getByRole('button', { name: 'Freie Zeiten anzeigen' }).click();
    await booking.getByRole('group', { name: 'Wann möchten Sie kommen?' }).waitFor();
    assert.equal(await booking.getByLabel('um 09:00 Uhr').isChecked(), true, 'the first free start is offered first');
    await booking.getByLabel('um 09:30 Uhr').check();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on booking');
    await booking.getByLabel('Ihr Name').fill('Erna Hoffmann');
    await booking.getByLabel('Telefon oder E-Mail (freiwillig)').fill('03764 12345');
    await booking.getByLabel('Ihr Name').press('Enter');
    const booked = booking.getByTestId('booked');
    await booked.getByText('Ihr Termin ist gebucht.').waitFor();
    const code = await booked.getByTestId('booking-code').innerText();
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.match(await booked.innerText(), /um 09:30 Uhr/);

    // The town hall sees the booking like any other, made by the citizen.
    const token = await signInToken(koffer.url, 'b.richter');
    const answer = await fetch(`${koffer.url}api/tours/${MEERANE}/${planned.id}/bookings`, { headers: { authorization: `Bearer ${token}` } });
    const [stored] = await answer.json();
    assert.deepEqual(
      { name: stored.name, contact: stored.contact, starts: stored.starts, code: stored.code, booked_by: stored.booked_by },
      { name: 'Erna Hoffmann', contact: '03764 12345', starts: '09:30', code, booked_by: null },
    );

    // Done: nothing of Erna Hoffmann stays on the kiosk.
    await kiosk.getByRole('button', { name: 'Fertig – alles löschen' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    assert.equal(await kiosk.getByText('Erna Hoffmann').count(), 0);
    assert.equal(await kiosk.evaluate((shown) => document.body.innerText.includes(shown), code), false);
    assert.deepEqual(await kept(kiosk), { local: ['buergerkoffer.terminal'], session: 0, databases: [], caches: [] });
  });

  test('a resident who asks for help is held; carrying on alone, the usual countdown applies', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    const session = kiosk.getByTestId('citizen-session');
    await session.getByRole('button', { name: 'Ich brauche Hilfe' }).click();
    await session.getByTestId('held').waitFor();
    await kiosk.clock.fastForward('05:00');
    assert.equal(await session.count(), 1, 'held for help, not wiped');
    assert.equal(await kiosk.getByTestId('countdown').count(), 0);
    await session.getByRole('button', { name: 'Ohne Hilfe weiter' }).click();
    await kiosk.clock.fastForward('02:01');
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();

    // "Fertig" ends a session at once.
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await session.getByRole('button', { name: 'Fertig – alles löschen' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
  });

  test('a resident asks to be called back; the town hall sees it and calls back', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await kiosk.getByRole('button', { name: 'Rückruf erbitten' }).click();
    const callback = kiosk.getByTestId('callback');
    await callback.getByRole('button', { name: 'Rückruf erbitten' }).click();
    await callback.getByText('Bitte geben Sie Ihren Namen an.').waitFor();
    await callback.getByLabel('Ihr Name').fill('Otto Krause');
    await callback.getByLabel('Telefonnummer').fill('3764');
    await callback.getByRole('button', { name: 'Rückruf erbitten' }).click();
    await callback.getByText('Bitte geben Sie eine Telefonnummer an', { exact: false }).waitFor();
    await callback.getByLabel('Telefonnummer').fill('03764 98765');
    await callback.getByLabel('Worum geht es? (freiwillig)').fill('Hundesteuer für zwei Hunde');
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the call-back form');
    await callback.getByRole('button', { name: 'Rückruf erbitten' }).click();
    await callback.getByText('Danke. Die Verwaltung ruft Sie unter 03764 98765 zurück.').waitFor();
    await kiosk.getByRole('button', { name: 'Fertig – alles löschen' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    assert.equal(await kiosk.getByText('Otto Krause').count(), 0);

    await office.getByRole('button', { name: 'Rückrufe' }).click();
    const callbacks = office.getByTestId('callbacks');
    const row = callbacks.locator('tr', { hasText: 'Otto Krause' });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${PLACE}\\s+Otto Krause\\s+03764 98765\\s+Hundesteuer für zwei Hunde`));
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on the call-backs');
    await row.getByRole('button', { name: 'Zurückgerufen' }).click();
    await row.getByText(/^zurückgerufen /).waitFor();
    assert.match(await row.innerText(), /\(m\.admin\)/);
    await office.getByRole('button', { name: 'Geräte' }).click();
  });

  test('revoked in the console, the terminal stops at once and forgets its credential', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await kiosk.getByTestId('citizen-session').waitFor();
    const terminals = office.getByTestId('terminals');
    await terminals.locator('tr', { hasText: 'Terminal Seniorenwohnanlage' }).getByRole('button', { name: 'Terminal sperren' }).click();
    await terminals.getByText('Terminal Seniorenwohnanlage ist gesperrt', { exact: false }).waitFor();
    await kiosk.getByTestId('stopped').waitFor({ timeout: 15_000 });
    assert.equal(await kiosk.getByTestId('citizen-session').count(), 0);
    assert.deepEqual(await kept(kiosk), { local: [], session: 0, databases: [], caches: [] });
    await kiosk.reload();
    await kiosk.getByRole('heading', { name: 'Terminal einrichten' }).waitFor();
  });
});
