// A whole visit with every peripheral of the Koffer, none with a driver: the pad over WebHID, the
// card terminal over Web Serial (ZVT), the receipt printer over WebUSB, the scanner in HID POS
// mode. Test doubles behave like the devices on their wires (support/fake_devices.js); the
// journey reads back what the "printer" printed and what the "terminal" was asked to charge.
// Then the same visit on a browser without any of these APIs: signature on the screen, card on
// the standalone terminal with the receipt number typed, the print dialog, a keyboard-mode scan.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readReceipt } from '../support/escpos.js';
import { fakeHidDevices, fakeUsbPrinter, fakeZvtTerminal, noDeviceApis } from '../support/fake_devices.js';
import { enrol, field, fillPerson, openBrowserProfile, openSection, signOnScreen, startDeployment, startKoffer } from '../support/koffer.js';

/** Gerda Weiß asks for a Lebensbescheinigung (to be signed) and a certified copy (5,00 €). */
async function visitUpToTheSignature(page) {
  await page.getByRole('button', { name: 'Neuer Besuch' }).click();
  await fillPerson(page, { familyName: 'Weiß', givenNames: 'Gerda', birthDate: '30.01.1936', street: 'Am Anger', houseNumber: '2' });
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByLabel('Lebensbescheinigung').check();
  await page.getByLabel('Amtliche Beglaubigung von Abschriften').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await field(page, 'for_whom').selectOption('drv');
  await page.getByLabel('Personalausweis oder Reisepass').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await field(page, 'document').fill('Rentenbescheid');
  await field(page, 'copies').fill('2');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Die Angaben sind richtig' }).click();
}

/** The scanner's burst in keyboard mode: keys back to back, Enter at the end. */
async function wedgeScan(page, text) {
  await page.evaluate((code) => {
    for (const character of [...code, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: character, bubbles: true }));
    }
  }, text);
}

describe('a visit with every device', () => {
  let koffer;

  before(async () => {
    koffer = await startKoffer({ demo: true });
  });

  after(async () => {
    await koffer?.stop();
  });

  test('signed on the pad, paid on the terminal, printed over USB, found again by the HID scanner', async () => {
    const profile = await openBrowserProfile();
    try {
      for (const fake of [fakeUsbPrinter, fakeHidDevices, fakeZvtTerminal]) await profile.context.addInitScript(fake);
      const page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await enrol(page, koffer.url, 'm.schreiber');
      await startDeployment(page, 'Schönberg, Gemeindeamt');

      // The devices section: each device paired and tested.
      await openSection(page, 'Geräte');
      await page.getByRole('button', { name: 'Drucker verbinden' }).click();
      await page.getByTestId('printer-outcome').getByText('Drucker verbunden.').waitFor();
      await page.getByRole('button', { name: 'Pad verbinden' }).click();
      await page.getByTestId('pad-outcome').getByText('Unterschriftenpad verbunden.').waitFor();
      await page.getByRole('button', { name: 'Unterschrift testen' }).click();
      await page.getByTestId('pad-state').getByText('Bitte auf dem Unterschriftenpad unterschreiben:').waitFor();
      await page.evaluate(() => {
        for (let i = 0; i <= 10; i++) window.penSample(true, 500, 2000 + i * 300, 3000);
        window.penSample(false, 0, 5000, 3000);
      });
      await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
      await page.getByTestId('pad-outcome').getByText('Testunterschrift empfangen (nicht gespeichert).').waitFor();

      assert.equal(await page.getByTestId('scanner-path').innerText(), 'Tastatur-Modus (der Scanner tippt, Enter am Ende)');
      await page.getByRole('button', { name: 'Scanner im HID-POS-Modus verbinden' }).click();
      await page.getByTestId('scanner-outcome').getByText('Scanner verbunden.', { exact: false }).waitFor();
      assert.equal(await page.getByTestId('scanner-path').innerText(), 'HID POS – Xenon 1950g (Testdouble)');
      // A code longer than one report (56 bytes) arrives whole.
      const longCode = 'TEST-Scanner-' + 'x'.repeat(60);
      await page.evaluate((code) => window.scanCode(code, ']C0'), longCode);
      await page.getByTestId('scanner-outcome').getByText(longCode).waitFor();

      assert.equal(await page.getByTestId('terminal-path').innerText(), 'eigenständiges Terminal (Belegnummer von Hand eintragen)');
      await page.getByRole('button', { name: 'Terminal verbinden' }).click();
      await page.getByTestId('terminal-outcome').getByText('Kartenterminal verbunden.').waitFor();
      assert.equal(await page.getByTestId('terminal-path').innerText(), 'Web Serial – USB 0403:6001');
      await page.getByRole('button', { name: 'Testzahlung 0,01 €' }).click();
      await page.getByTestId('terminal-state').getByText('Zahlung erfolgt. Belegnummer 0001.').waitFor();
      const afterTest = await page.evaluate(() => window.terminalLog);
      assert.deepEqual(afterTest.options, { baudRate: 9600, dataBits: 8, stopBits: 2, parity: 'none' });
      assert.deepEqual(afterTest.commands, ['06 00', '06 01'], 'registration, then authorization');
      assert.deepEqual(afterTest.payments, [1], 'one cent');
      assert.equal(afterTest.naks, 1, 'the refused first frame was repeated');
      assert.equal(afterTest.crcErrors, 0);

      // The visit: signature on the pad …
      await openSection(page, 'Heute');
      await visitUpToTheSignature(page);
      await page.getByTestId('pad-state').getByText('Bitte auf dem Unterschriftenpad unterschreiben:').waitFor();
      await page.evaluate(() => {
        window.penSample(false, 0, 1000, 3000);
        for (let i = 0; i <= 40; i++) window.penSample(true, 400 + i * 10, 1000 + i * 200, 3000 + Math.round(800 * Math.sin(i / 4)));
        window.penSample(false, 0, 9000, 3000);
      });
      await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
      await page.getByText('Unterschrift gespeichert.').waitFor();

      // … the fee on the terminal: the receipt number comes from it …
      assert.equal(await page.getByTestId('fee-total').innerText(), 'Zu zahlen: 5,00 €');
      await page.getByLabel('Mit Karte bezahlt (Terminal)').check();
      await page.getByRole('button', { name: 'Am Terminal zahlen: 5,00 €' }).click();
      await page.getByTestId('terminal-state').getByText('Zahlung erfolgt. Belegnummer 0002.').waitFor();
      assert.equal(await page.getByLabel('Belegnummer').inputValue(), '0002');
      assert.deepEqual((await page.evaluate(() => window.terminalLog)).payments, [1, 500]);
      await page.getByRole('button', { name: 'Fall abschließen' }).click();
      await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
      const number = (await page.locator('#case-title').innerText()).replace('Fallnummer ', '');

      // … and the receipt on the USB printer, read back from its bytes.
      await page.evaluate(() => window.printedBytes.splice(0));
      await page.getByRole('button', { name: 'Quittung drucken (80 mm)' }).click();
      await page.getByTestId('printer-outcome').getByText('Quittung an den Drucker gesendet.').waitFor();
      const bytes = await page.evaluate(() => window.printedBytes.splice(0));
      assert.ok(bytes.includes(0xe1) && bytes.includes(0xd5), 'ß and € in code page 858');
      const { lines, qr } = readReceipt(bytes);
      for (const expected of ['Schönberg', 'Schönberg, Gemeindeamt',
        'Weiß, Gerda: Lebensbescheinigung, Amtliche Beglaubigung von Abschriften']) {
        assert.ok(lines.includes(expected), `${expected} in\n${lines.join('\n')}`);
      }
      assert.ok(lines.some((l) => /^Gebühr +5,00 €$/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /^Bezahlt +Karte, Beleg 0002$/.test(l)), lines.join('\n'));
      assert.deepEqual(qr, [`bk-145245118250-${number.toLowerCase()}`]);

      // Back at the overview the HID scanner reads the receipt's QR code: the case opens.
      await page.getByRole('button', { name: 'Zur Übersicht' }).click();
      await page.getByRole('button', { name: 'Neuer Besuch' }).waitFor();
      await page.evaluate((code) => window.scanCode(code), qr[0]);
      await page.locator('#case-title').getByText(number).waitFor();
    } finally {
      await profile.close();
    }
  });

  test('the same visit without WebUSB, WebHID and Web Serial takes the fallbacks and says so', async () => {
    const profile = await openBrowserProfile();
    try {
      await profile.context.addInitScript(noDeviceApis);
      const page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await enrol(page, koffer.url, 's.vogel');
      await startDeployment(page, 'Schönberg, Gemeindeamt');
      await openSection(page, 'Geräte');
      assert.equal(await page.getByTestId('printer-path').innerText(), 'Druckdialog des Browsers (80-mm-Layout)');
      assert.equal(await page.getByTestId('pad-path').innerText(), 'Unterschrift auf dem Bildschirm (Stift, Finger oder Maus)');
      assert.equal(await page.getByTestId('scanner-path').innerText(), 'Tastatur-Modus (der Scanner tippt, Enter am Ende)');
      assert.equal(await page.getByTestId('terminal-path').innerText(), 'eigenständiges Terminal (Belegnummer von Hand eintragen)');
      await page.getByText('Dieser Browser erreicht keine seriellen Geräte', { exact: false }).waitFor();
      for (const name of ['Drucker verbinden', 'Pad verbinden', 'Scanner im HID-POS-Modus verbinden', 'Terminal verbinden']) {
        assert.equal(await page.getByRole('button', { name }).count(), 0, `no "${name}" without the API`);
      }

      await openSection(page, 'Heute');
      await visitUpToTheSignature(page);
      await signOnScreen(page);

      await page.getByLabel('Mit Karte bezahlt (Terminal)').check();
      await page.getByText('Am eigenständigen Terminal kassieren und die Belegnummer vom Kartenbeleg eintragen.').waitFor();
      assert.equal(await page.getByRole('button', { name: /Am Terminal zahlen/ }).count(), 0);
      await page.getByLabel('Belegnummer').fill('7311');
      await page.getByRole('button', { name: 'Fall abschließen' }).click();
      await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
      const number = (await page.locator('#case-title').innerText()).replace('Fallnummer ', '');

      await page.getByRole('button', { name: 'Quittung drucken (80 mm)' }).click();
      await page.waitForFunction(() => window.printed === 1);
      await page.emulateMedia({ media: 'print' });
      const sheet = await page.getByTestId('print-sheet').innerText();
      assert.match(sheet, /Weiß, Gerda/);
      assert.match(sheet, /Summe 5,00 €/);
      assert.match(sheet, /Belegnummer 7311/);
      await page.emulateMedia({ media: 'screen' });

      await page.getByRole('button', { name: 'Zur Übersicht' }).click();
      await page.getByRole('button', { name: 'Neuer Besuch' }).waitFor();
      await wedgeScan(page, `bk-145245118250-${number.toLowerCase()}`);
      await page.locator('#case-title').getByText(number).waitFor();
    } finally {
      await profile.close();
    }
  });
});
