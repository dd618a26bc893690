// The clerk plugs the Koffer's receipt printer into a loaned laptop: no driver, the browser talks
// to it over WebUSB. A fake of navigator.usb stands in for the printer and records every byte it
// is sent; the journey reads the bytes back as the printer would print them, umlauts and € included.
// Without WebUSB (another browser) the same receipt goes through the print dialog.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readReceipt } from '../support/escpos.js';
import { fakeUsbPrinter } from '../support/fake_devices.js';
import { enrol, field, fillPerson, openBrowserProfile, openSection, startDeployment, startKoffer } from '../support/koffer.js';

const noUsb = () => {
  delete Navigator.prototype.usb;
  window.print = () => { window.printed = (window.printed ?? 0) + 1; };
};


/** A certified copy (5,00 €, no signature needed), paid in cash; ends on the case page. */
async function certifiedCopy(page) {
  await page.getByRole('button', { name: 'Neuer Besuch' }).click();
  await fillPerson(page, { familyName: 'Müller-Lüdenscheidt', givenNames: 'Anna', birthDate: '03.05.1948', street: 'Hauptstraße', houseNumber: '3' });
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByLabel('Amtliche Beglaubigung von Abschriften').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await field(page, 'document').fill('Zeugnis der Oberschule');
  await field(page, 'copies').fill('1');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByRole('button', { name: 'Die Angaben sind richtig' }).click();
  await page.getByLabel('Bar bezahlt').check();
  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
  return (await page.locator('#case-title').innerText()).replace('Fallnummer ', '');
}

describe('printing without drivers', () => {
  let koffer;

  before(async () => {
    koffer = await startKoffer({ demo: true });
  });

  after(async () => {
    await koffer?.stop();
  });

  test('a USB receipt printer is paired, test-printed, and prints the case receipt in CP858', async () => {
    const profile = await openBrowserProfile();
    try {
      await profile.context.addInitScript(fakeUsbPrinter);
      const page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await enrol(page, koffer.url, 'm.schreiber');
      await startDeployment(page, 'Schönberg, Gemeindeamt');
      await openSection(page, 'Geräte');
      assert.equal(await page.getByTestId('printer-path').innerText(), 'Druckdialog des Browsers (80-mm-Layout)');
      await page.getByRole('button', { name: 'Drucker verbinden' }).click();
      await page.getByTestId('printer-outcome').getByText('Drucker verbunden.').waitFor();
      assert.equal(await page.getByTestId('printer-path').innerText(), 'USB – TM-T20III (Testdouble)');

      await page.getByRole('button', { name: 'Testdruck' }).click();
      await page.getByTestId('printer-outcome').getByText('Quittung an den Drucker gesendet.').waitFor();
      const test = await page.evaluate(() => window.printedBytes.splice(0));
      // "ü" is 0x81 and "€" is 0xD5 once ESC t 19 has chosen code page 858.
      assert.deepEqual(test.slice(0, 5), [0x1b, 0x40, 0x1b, 0x74, 19]);
      assert.ok(test.includes(0x81) && test.includes(0xd5));
      const testLines = readReceipt(test).lines;
      assert.ok(testLines.includes('Müller, Gebühr'), testLines.join('\n'));
      assert.ok(testLines.some((l) => /^Gebühr +12,50 €$/.test(l)), testLines.join('\n'));

      await openSection(page, 'Heute');
      const number = await certifiedCopy(page);
      await page.getByRole('button', { name: 'Quittung drucken (80 mm)' }).click();
      await page.getByTestId('printer-outcome').getByText('Quittung an den Drucker gesendet.').waitFor();
      const { lines, qr } = readReceipt(await page.evaluate(() => window.printedBytes.splice(0)));
      for (const expected of ['Schönberg', 'Schönberg, Gemeindeamt', 'Müller-Lüdenscheidt, Anna: Amtliche Beglaubigung von Abschriften', 'Vielen Dank!', '--- cut ---']) {
        assert.ok(lines.includes(expected), `${expected} in\n${lines.join('\n')}`);
      }
      assert.ok(lines.some((l) => /^Gebühr +5,00 €$/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => l.startsWith('Vorgang') && l.endsWith(number)), lines.join('\n'));
      assert.deepEqual(qr, [`bk-145245118250-${number.toLowerCase()}`]);

      // Back at the overview, the receipt's QR code is scanned (a scanner in keyboard mode types
      // fast and ends with Enter): the case opens. A person typing the same slowly does not.
      await page.getByRole('button', { name: 'Zur Übersicht' }).click();
      await page.getByLabel('Suchen (Name, Geburtsdatum oder Fallnummer)').click();
      await page.keyboard.type(`${qr[0]}\n`, { delay: 120 });
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#case-title').count(), 0, 'typing by hand opens nothing');
      await page.getByLabel('Suchen (Name, Geburtsdatum oder Fallnummer)').fill('');
      // The scanner's burst, key events back to back (as fast as a scanner and independent of
      // how busy the test machine is).
      await page.evaluate((text) => {
        for (const character of [...text, 'Enter']) {
          window.dispatchEvent(new KeyboardEvent('keydown', { key: character, bubbles: true }));
        }
      }, qr[0]);
      await page.locator('#case-title').getByText(number).waitFor();
    } finally {
      await profile.close();
    }
  });

  test('without WebUSB the clerk is told, and the receipt goes through the print dialog', async () => {
    const profile = await openBrowserProfile();
    try {
      await profile.context.addInitScript(noUsb);
      const page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await enrol(page, koffer.url, 's.vogel');
      await startDeployment(page, 'Schönberg, Gemeindeamt');
      await openSection(page, 'Geräte');
      await page.getByText('Dieser Browser erreicht keine USB-Geräte; Quittungen gehen über den Druckdialog (80 mm).').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Drucker verbinden' }).count(), 0);
      await openSection(page, 'Heute');
      await certifiedCopy(page);
      await page.getByRole('button', { name: 'Quittung drucken (80 mm)' }).click();
      await page.waitForFunction(() => window.printed === 1);
      await page.emulateMedia({ media: 'print' });
      assert.match(await page.getByTestId('print-sheet').innerText(), /Summe 5,00 €/);
    } finally {
      await profile.close();
    }
  });
});
