// The citizen signs on the Koffer's Wacom pad, reached over WebHID without a driver. A fake of
// navigator.hid behaves like an STU-540 (support/fake_devices.js): it answers the capability
// report, records the feature reports that prepare its screen, and emits pen reports as a hand would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeHidDevices } from '../support/fake_devices.js';
import { certificateOfLifeUpToSigning, enrol, openBrowserProfile, openSection, startDeployment, startKoffer } from '../support/koffer.js';

describe('signing on the pad', () => {
  let koffer;
  let profile;
  let page;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile();
    await profile.context.addInitScript(fakeHidDevices);
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('the pad is paired and named in the devices section', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    await openSection(page, 'Geräte');
    assert.equal(await page.getByTestId('pad-path').innerText(), 'Unterschrift auf dem Bildschirm (Stift, Finger oder Maus)');
    await page.getByRole('button', { name: 'Pad verbinden' }).click();
    await page.getByTestId('pad-outcome').getByText('Unterschriftenpad verbunden.').waitFor();
    assert.equal(await page.getByTestId('pad-path').innerText(), 'WebHID – STU-540 (Testdouble)');
    await openSection(page, 'Heute');
  });

  test('the citizen signs on the pad and the case finishes with that signature', async () => {
    await certificateOfLifeUpToSigning(page, { familyName: 'Weiß', givenNames: 'Gerda', birthDate: '30.01.1936', street: 'Am Anger', houseNumber: '2' });

    await page.getByTestId('pad-state').getByText('Bitte auf dem Unterschriftenpad unterschreiben:').waitFor();
    const prepared = await page.evaluate(() => window.fakePad.featureReports.map((r) => r[0]));
    assert.deepEqual(prepared, [0x20, 0x2a, 0x2d, 0x21], 'clear screen, writing area, pen, ink');
    // Nothing drawn yet: the canvas refuses.
    await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
    await page.getByText('Bitte zuerst unterschreiben.').waitFor();

    await page.evaluate(() => {
      window.penSample(false, 0, 1000, 3000);
      for (let i = 0; i <= 40; i++) {
        window.penSample(true, 400 + i * 10, 1000 + i * 200, 3000 + Math.round(800 * Math.sin(i / 4)));
      }
      window.penSample(false, 0, 9000, 3000);
    });
    const inked = await page.getByTestId('signature-canvas').evaluate((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      return count;
    });
    assert.ok(inked > 500, `the pen's strokes are drawn (${inked} pixels)`);
    await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
    await page.getByText('Unterschrift gespeichert.').waitFor();
    await page.getByRole('button', { name: 'Fall abschließen' }).click();
    await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
  });
});
