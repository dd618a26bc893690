// A resident of Meerane's Seniorenwohnanlage applies for a resident parking permit at the
// terminal, alone. It costs a fee, so the kiosk offers it only once its card terminal (a ZVT test
// double on Web Serial) is paired; a kiosk without one offers the free services only. She fills
// the form, checks it, signs, pays by card (the bank declines her first attempt: nothing is
// filed) and submits: the card terminal is asked for exactly the fee, the receipt prints with the
// fee and the card slip's number, and the back office finds the case paid by card under that
// number, to match with the bank's settlement.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations, field, openBrowserProfile, openKiosk, recordSpeech, signInToRathaus, signInToken, signOnScreen,
  startKoffer,
} from '../support/koffer.js';
import { readReceipt } from '../support/escpos.js';
import { fakeUsbPrinter, fakeZvtTerminal } from '../support/fake_devices.js';

const PLACE = 'Meerane, Seniorenwohnanlage';
const MEERANE = '145245118180';

describe('a citizen pays at the kiosk', () => {
  let koffer;
  let profile;
  let kiosk;
  let problems;
  let number;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    ({ profile, kiosk, problems } = await openKiosk(koffer.url, PLACE, {
      scripts: [fakeUsbPrinter, fakeZvtTerminal, recordSpeech],
      cardTerminal: true,
    }));
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('with a card terminal the kiosk offers the parking permit, and she fills it in', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await kiosk.getByRole('button', { name: 'Vorlesen' }).click();
    await kiosk.getByRole('button', { name: 'Anliegen selbst erledigen' }).click();
    const offered = kiosk.getByTestId('self-service');
    await offered.getByRole('button', { name: 'Bewohnerparkausweis' }).click();
    const details = kiosk.getByTestId('self-service-details');
    await details.getByRole('heading', { name: 'Bewohnerparkausweis' }).waitFor();
    for (const [input, text] of [
      ['person.family_name', 'Köhler'], ['person.given_names', 'Erna'], ['person.birth_date', '02.03.1941'],
      ['address.street', 'Lindenweg'], ['address.house_number', '3'], ['address.postcode', '08393'],
      ['address.place', 'Meerane'], ['plate', 'Z-EK 41'], ['zone', 'Altstadt'],
    ]) {
      await field(kiosk, input).fill(text);
    }
    await field(kiosk, 'own_vehicle').selectOption('ja');
    await details.getByRole('button', { name: 'Weiter' }).click();
  });

  test('she signs, pays exactly the fee by card, and the receipt prints with the card slip\'s number', async () => {
    const check = kiosk.getByTestId('self-service-check');
    await check.getByRole('heading', { name: 'Stimmt alles?' }).waitFor();
    await check.getByRole('heading', { name: 'Gebühr: 30,70 €' }).waitFor();
    await signOnScreen(kiosk);
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on checking and paying');
    // The bank declines her first card: she is told so, nothing is filed, she tries again.
    await kiosk.evaluate(() => { window.terminalLog.declineNext = true; });
    await check.getByRole('button', { name: 'Mit Karte bezahlen und einreichen' }).click();
    await check.getByTestId('card-state').getByText('Die Bank hat die Zahlung abgelehnt. Es wurde nichts abgebucht.', { exact: false }).waitFor();
    // Read aloud, the card terminal's prompts and the outcome are spoken as they come.
    const spoken = (await kiosk.evaluate(() => window.spoken)).map((s) => s.text);
    assert.ok(spoken.includes('Terminal: Karte einstecken oder auflegen.'), spoken.join('\n'));
    assert.ok(spoken.some((text) => text.startsWith('Die Bank hat die Zahlung abgelehnt.')), spoken.join('\n'));
    await check.getByRole('button', { name: 'Mit Karte bezahlen und einreichen' }).click();

    const filed = kiosk.getByTestId('self-service-filed');
    await filed.getByRole('heading', { name: 'Eingereicht' }).waitFor();
    number = (await filed.getByTestId('filed-number').innerText()).match(/Vorgangsnummer: (\S+)$/)?.[1];
    assert.match(number ?? '', /^\d{4}-[0-9A-Z]{8}-0001$/);
    const terminal = await kiosk.evaluate(() => window.terminalLog);
    assert.deepEqual(terminal.payments, [3070, 3070], 'the card terminal was asked for the fee, again after the decline');
    assert.deepEqual(terminal.options, { baudRate: 9600, dataBits: 8, stopBits: 2, parity: 'none' });
    await filed.getByText('Ihr Beleg wird gedruckt. Bitte nehmen Sie ihn mit.').waitFor();
    const { lines } = readReceipt(await kiosk.evaluate(() => window.printedBytes.splice(0)));
    assert.ok(lines.includes('Köhler, Erna: Bewohnerparkausweis'), lines.join('\n'));
    assert.ok(lines.some((l) => /^Gebühr +30,70 €$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Bezahlt +Karte, Beleg 0001$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('Vorgang') && line.endsWith(number)), lines.join('\n'));
  });

  test('the back office finds the case paid by card under the slip\'s number', async () => {
    const token = await signInToken(koffer.url, 'b.richter');
    const headers = { authorization: `Bearer ${token}` };
    const list = await (await fetch(`${koffer.url}api/cases?municipality=${MEERANE}`, { headers })).json();
    const summary = list.find((c) => c.number === number);
    assert.ok(summary, JSON.stringify(list.map((c) => c.number)));
    const detail = await (await fetch(`${koffer.url}api/cases/${MEERANE}/${summary.id}`, { headers })).json();
    assert.deepEqual(detail.case.payment, { paid: { method: 'card', receipt: '0001' } });
    assert.equal(detail.case.channel, 'terminal');
    assert.equal(detail.record_problem, null);

    const office = await openBrowserProfile();
    try {
      const desk = office.context.pages()[0] ?? (await office.context.newPage());
      await signInToRathaus(desk, koffer.url, 'b.richter');
      await desk.getByTestId('town-hall').locator(`tr[data-case="${number}"]`).getByRole('button', { name: 'Öffnen' }).click();
      const view = desk.getByTestId('case-view');
      await view.getByTestId('record-intact').waitFor();
      assert.equal(await view.getByTestId('case-payment').innerText(), 'Mit Karte bezahlt (Terminal) Beleg 0001');
    } finally {
      await office.close();
    }
  });

  test('"Fertig" leaves nothing of her; a kiosk without a card terminal offers no fee', async () => {
    await kiosk.getByRole('button', { name: 'Fertig – alles löschen' }).click();
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    assert.ok(!(await kiosk.evaluate(() => document.body.innerText)).includes('Köhler'));

    const { profile: bare, kiosk: other } = await openKiosk(koffer.url, PLACE, { scripts: [fakeUsbPrinter] });
    try {
      await other.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
      await other.getByRole('button', { name: 'Anliegen selbst erledigen' }).click();
      const offered = other.getByTestId('self-service');
      await offered.getByRole('button', { name: 'Fundsache abgeben' }).waitFor();
      assert.ok(!(await offered.innerText()).includes('Bewohnerparkausweis'));
    } finally {
      await bare.close();
    }
    assert.deepEqual(problems, []);
  });
});
