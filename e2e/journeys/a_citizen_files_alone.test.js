// A resident of Meerane's Seniorenwohnanlage found a bunch of keys and hands them in at the
// terminal, alone: by keyboard with the screen read aloud she chooses "Fundsache abgeben", gives
// her details and the form's, is told what does not pass, checks it all, signs with her finger
// and submits. The receipt prints at
// the kiosk's printer (a test double on WebUSB) with the case's number and QR code; the back
// office finds the case marked as filed at the terminal, its record intact; "Fertig" leaves
// nothing of her on the kiosk.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations, field, openBrowserProfile, openKiosk, recordSpeech, signInToRathaus, signInToken, signOnScreen,
  startKoffer,
} from '../support/koffer.js';
import { readReceipt } from '../support/escpos.js';
import { fakeUsbPrinter } from '../support/fake_devices.js';

const PLACE = 'Meerane, Seniorenwohnanlage';
const MEERANE = '145245118180';
/** Presses Tab until the focused control's text is `name`; fails after 30 presses. */
async function tabTo(page, name) {
  for (let presses = 0; presses < 30; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' });

describe('a citizen files alone', () => {
  let koffer;
  let profile;
  let kiosk;
  let problems;
  let number;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    ({ profile, kiosk, problems } = await openKiosk(koffer.url, PLACE, { scripts: [fakeUsbPrinter, recordSpeech] }));
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('by keyboard, read aloud, she chooses the Fundsache and is told at each field what does not pass', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await kiosk.getByRole('button', { name: 'Vorlesen' }).click();
    await tabTo(kiosk, 'Anliegen selbst erledigen');
    await kiosk.keyboard.press('Enter');
    const offered = kiosk.getByTestId('self-service');
    await offered.getByRole('button', { name: 'Fundsache abgeben' }).waitFor();
    await kiosk.waitForFunction(() => window.spoken.some((s) => s.text.startsWith('Diese Anliegen können Sie hier allein erledigen.')));
    assert.deepEqual(
      await offered.getByRole('listitem').allInnerTexts(),
      ['Wahlschein und Briefwahlunterlagen beantragen', 'Hund zur Hundesteuer anmelden', 'Fundsache abgeben'],
    );
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the choice');
    await tabTo(kiosk, 'Fundsache abgeben');
    await kiosk.keyboard.press('Enter');

    const details = kiosk.getByTestId('self-service-details');
    await details.getByRole('heading', { name: 'Fundsache abgeben' }).waitFor();
    await kiosk.waitForFunction(() => document.activeElement?.id === 'details-title');
    // Field after field with Tab, each read out by its label as it gets focus.
    const typed = [
      ['person.family_name', 'Familienname', 'Köhler'],
      ['person.given_names', 'Vornamen', 'Erna'],
      ['person.birth_date', 'Geburtsdatum', '02.03.1941'],
      ['address.street', 'Straße', 'Lindenweg'],
      ['address.house_number', 'Hausnummer', '3'],
      ['address.postcode', 'PLZ', '0839'],
      ['address.place', 'Ort', 'Meerane'],
      ['item', 'Gegenstand', 'Schlüsselbund, drei Schlüssel'],
      ['found_at', 'Fundort', 'Bushaltestelle am Markt'],
      ['found_on', 'Funddatum', yesterday],
    ];
    for (const [input, label, text] of typed) {
      await kiosk.keyboard.press('Tab');
      assert.equal(await kiosk.evaluate(() => document.activeElement?.id), `f-${input}`);
      await kiosk.waitForFunction((label) => window.spoken.at(-1)?.text.startsWith(label), label);
      await kiosk.keyboard.type(text);
    }
    await kiosk.keyboard.press('Tab');
    assert.equal(await kiosk.evaluate(() => document.activeElement?.id), 'f-claims_reward');
    await kiosk.keyboard.type('nein');
    await kiosk.keyboard.press('Tab');
    await kiosk.keyboard.press('Tab');
    assert.equal(await kiosk.evaluate(() => document.activeElement?.textContent), 'Weiter');
    await kiosk.keyboard.press('Enter');
    await details.getByText('Die PLZ hat genau 5 Ziffern, z. B. 08393.').waitFor();
    assert.equal(await kiosk.evaluate(() => document.activeElement?.id), 'f-address.postcode');
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the form with a problem');
    await kiosk.keyboard.press('End');
    await kiosk.keyboard.type('3');
    await kiosk.keyboard.press('Enter');
  });

  test('she checks what she gave, signs on the screen, submits, and the receipt prints', async () => {
    const check = kiosk.getByTestId('self-service-check');
    await check.getByRole('heading', { name: 'Stimmt alles?' }).waitFor();
    const shown = await check.innerText();
    for (const given of ['Köhler', 'Erna', 'Lindenweg 3, 08393 Meerane', 'Schlüsselbund, drei Schlüssel', 'Bushaltestelle am Markt', yesterday]) {
      assert.ok(shown.includes(given), `${given} in ${shown}`);
    }
    await check.getByRole('button', { name: 'Einreichen' }).click();
    await check.getByText('Bitte unterschreiben Sie zuerst.').waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on checking and signing');
    await signOnScreen(kiosk);
    await check.getByRole('button', { name: 'Einreichen' }).click();

    const filed = kiosk.getByTestId('self-service-filed');
    await filed.getByRole('heading', { name: 'Eingereicht' }).waitFor();
    number = (await filed.getByTestId('filed-number').innerText()).match(/Vorgangsnummer: (\S+)$/)?.[1];
    assert.match(number ?? '', /^\d{4}-[0-9A-Z]{8}-0001$/);
    await filed.getByText('Ihr Beleg wird gedruckt. Bitte nehmen Sie ihn mit.').waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the receipt');
    const { lines, qr } = readReceipt(await kiosk.evaluate(() => window.printedBytes.splice(0)));
    assert.deepEqual(lines.slice(0, 2), ['Meerane', PLACE]);
    assert.ok(lines.includes('Köhler, Erna: Fundsache abgeben'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('Vorgang') && line.endsWith(number)), lines.join('\n'));
    assert.deepEqual(qr, [`bk-${MEERANE}-${number.toLowerCase()}`]);
    assert.equal(lines.at(-1), '--- cut ---');
  });

  test('the back office finds the case, marked as filed at the terminal, its record intact', async () => {
    const token = await signInToken(koffer.url, 'b.richter');
    const headers = { authorization: `Bearer ${token}` };
    const list = await (await fetch(`${koffer.url}api/cases?municipality=${MEERANE}`, { headers })).json();
    const summary = list.find((c) => c.number === number);
    assert.ok(summary, JSON.stringify(list.map((c) => c.number)));
    assert.equal(summary.channel, 'terminal');
    const detail = await (await fetch(`${koffer.url}api/cases/${MEERANE}/${summary.id}`, { headers })).json();
    assert.equal(detail.case.deployment.place, PLACE);
    assert.equal(detail.case.services[0].values.item, 'Schlüsselbund, drei Schlüssel');
    assert.match(detail.case.signature.png, /^data:image\/png;base64,/);
    assert.equal(detail.record_problem, null);
    assert.deepEqual(detail.case.history.map((step) => [step.status, step.by]),
      [['draft', 'Terminal Seniorenwohnanlage'], ['captured', 'Terminal Seniorenwohnanlage'], ['transferred', 'Server']]);
  });

  test('in the town hall the case is in the inbox, marked as filed at the terminal', async () => {
    const office = await openBrowserProfile();
    try {
      const desk = office.context.pages()[0] ?? (await office.context.newPage());
      await signInToRathaus(desk, koffer.url, 'b.richter');
      const row = desk.getByTestId('town-hall').locator(`tr[data-case="${number}"]`);
      assert.match(await row.innerText(), /Köhler, Erna · am Bürger-Terminal/);
      await row.getByRole('button', { name: 'Öffnen' }).click();
      const view = desk.getByTestId('case-view');
      await view.getByTestId('record-intact').waitFor();
      assert.match(await view.getByTestId('case-channel').innerText(), new RegExp(`^Am Bürger-Terminal eingereicht: ${PLACE}, \\d\\d\\.\\d\\d\\.\\d{4}$`));
      assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on the terminal\'s case');
    } finally {
      await office.close();
    }
  });

  test('"Fertig" leaves nothing of her on the kiosk', async () => {
    await kiosk.getByRole('button', { name: 'Fertig – alles löschen' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    const kept = await kiosk.evaluate(async () => ({
      local: Object.keys(localStorage),
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).map((db) => db.name),
      text: document.body.innerText,
    }));
    assert.deepEqual(kept.local, ['buergerkoffer.terminal']);
    assert.equal(kept.session, 0);
    assert.deepEqual(kept.databases, []);
    assert.ok(!kept.text.includes('Köhler') && !kept.text.includes(number), kept.text);
    assert.deepEqual(problems, []);
  });
});
