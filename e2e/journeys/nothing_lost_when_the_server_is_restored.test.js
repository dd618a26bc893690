// The town hall's server is backed up at night. The next day the clerk transfers a visit with a
// photo; then the server's disk fails and the operator puts last night's backup back. The server
// has lost that visit, while the laptop holds it as "Übertragen". At the next transfer the
// laptop notices, sends the lost visit again with its photo, and the new visit goes too: each
// reaches the town hall once. Weeks later it happens again, and this time the clerk hands the
// laptop back before any transfer: hand-back transfers first, so the lost visit is sent again
// before the laptop is wiped; while the server cannot be reached, hand-back is refused. Last, a
// laptop set up after the backup is unknown to the restored server: the clerk signs in again,
// the laptop is set up anew, keeping its cases, and sends again what the server lost (not for a
// colleague of another municipality, whose account cannot take the laptop's cases).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  backOffice,
  captureCertificateOfLife,
  enrol,
  openBrowserProfile,
  openSection,
  screenshot,
  startDeployment,
  startKoffer,
} from '../support/koffer.js';

const statusOf = async (page, familyName) =>
  page.getByTestId('cases').locator('li', { hasText: familyName }).locator('.status').innerText();

/** Transfers now and waits until nothing is left untransferred. */
async function transferNow(page) {
  await page.getByTestId('sync').getByRole('button', { name: 'Jetzt übertragen' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 20_000 });
  await page.getByTestId('sync').getByRole('button', { name: 'Jetzt übertragen' }).waitFor();
}

/** The operator's restore: the server's data directory replaced by the copy `backup`. */
function putBack(backup, data) {
  rmSync(data, { recursive: true, force: true });
  cpSync(backup, data, { recursive: true });
}

// Signs the back office in anew each time: a restore forgets sessions begun after the backup.
const citizens = async (url) => (await (await backOffice(url)).cases()).map((c) => c.citizen).sort();

describe('nothing is lost when the server is restored from a backup', () => {
  let koffer;
  let profile;
  let page;
  let backup;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    backup = join(koffer.workDir, 'backup');
    profile = await openBrowserProfile();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('a visit is transferred, then the server is backed up for the night', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    await captureCertificateOfLife(page, 'Hartmann');
    await transferNow(page);
    await page.getByTestId('cases').locator('.status', { hasText: 'Übertragen' }).waitFor();
    await koffer.whileStopped((data) => cpSync(data, backup, { recursive: true }));
  });

  test('the next day a visit with a photo is transferred', async () => {
    await captureCertificateOfLife(page, 'Köhler', { photo: true });
    await transferNow(page);
    await page.getByTestId('cases').locator('.status', { hasText: 'Übertragen' }).nth(1).waitFor();
    assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika', 'Köhler, Erika']);
  });

  test('after the server is restored from the backup, the next transfer sends the lost visit again', async () => {
    await koffer.whileStopped((data) => putBack(backup, data));
    assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika'], 'the restored server lacks Köhler');
    assert.equal(await statusOf(page, 'Köhler'), 'Übertragen', 'while the laptop holds her as transferred');

    await captureCertificateOfLife(page, 'Lehmann');
    assert.equal(await page.getByTestId('sync-pending').innerText(), '1');
    await transferNow(page);
    const sync = page.getByTestId('sync');
    await sync.getByText('Der Server war auf einen älteren Stand zurückgesetzt', { exact: false }).waitFor();
    assert.equal(await sync.getByText('unterbrochen', { exact: false }).count(), 0, 'no refused gap');
    await page.getByTestId('cases').locator('li', { hasText: 'Lehmann' }).locator('.status', { hasText: 'Übertragen' }).waitFor();

    // Each once, Köhler with her photo byte for byte, Hartmann not sent again.
    const office = await backOffice(koffer.url);
    const cases = await office.cases();
    assert.deepEqual(cases.map((c) => c.citizen).sort(), ['Hartmann, Erika', 'Köhler, Erika', 'Lehmann, Erika']);
    const koehler = cases.find((c) => c.citizen === 'Köhler, Erika');
    // Today's screen says how many; the transfer screen names them.
    await openSection(page, 'Übertragung');
    assert.deepEqual(await sync.getByRole('listitem').allInnerTexts(), [koehler.number]);
    await openSection(page, 'Heute');
    const pulled = await office.caseOf('Köhler');
    const [reference] = pulled.attachments;
    const photo = await office.photo(reference.sha256);
    assert.equal(photo.status, 200);
    assert.equal(createHash('sha256').update(photo.bytes).digest('hex'), reference.sha256);
    // Her history as it was: captured at the table, transferred the day before.
    assert.deepEqual(pulled.history.map((step) => step.status), ['draft', 'captured', 'transferred']);
    assert.equal(await statusOf(page, 'Köhler'), 'Übertragen');
    await screenshot(page, 'sent-again-after-restore');

    // The next transfer has nothing to send again.
    await transferNow(page);
    assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika', 'Köhler, Erika', 'Lehmann, Erika']);
  });

  test('handing the laptop back after another restore sends the lost visit again before wiping', async () => {
    const laterBackup = join(koffer.workDir, 'later-backup');
    await koffer.whileStopped((data) => cpSync(data, laterBackup, { recursive: true }));
    await captureCertificateOfLife(page, 'Neumann');
    await transferNow(page);
    assert.equal(await statusOf(page, 'Neumann'), 'Übertragen');

    const handBack = async () => {
      await openSection(page, 'Einstellungen');
      await page.getByRole('button', { name: 'Gerät zurückgeben' }).click();
      await page.getByRole('button', { name: 'Ja, alles löschen und zurückgeben' }).click();
    };
    await koffer.whileStopped(async (data) => {
      putBack(laterBackup, data);
      // Nothing is untransferred on the laptop, but no server confirms it holds it all.
      await handBack();
      const refused = page.getByTestId('hand-back-refused');
      await refused.waitFor({ timeout: 20_000 });
      assert.match(await refused.innerText(), /^Rückgabe nicht möglich: Vor dem Löschen muss der Server bestätigen/);
      await openSection(page, 'Heute');
      assert.equal(await page.getByTestId('cases').locator('li').count(), 4, 'nothing was deleted');
    });
    assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika', 'Köhler, Erika', 'Lehmann, Erika'], 'the restored server lacks Neumann');

    await handBack();
    await page.getByTestId('wiped').waitFor({ timeout: 20_000 });
    assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika', 'Köhler, Erika', 'Lehmann, Erika', 'Neumann, Erika']);
  });

  test('a laptop set up after the backup is set up anew at the next sign-in and sends its visit again', async () => {
    const lastBackup = join(koffer.workDir, 'last-backup');
    await koffer.whileStopped((data) => cpSync(data, lastBackup, { recursive: true }));
    const other = await openBrowserProfile();
    try {
      const laptop = other.context.pages()[0] ?? (await other.context.newPage());
      await enrol(laptop, koffer.url, 'm.schreiber');
      await startDeployment(laptop, 'Schönberg, Gemeindeamt');
      await captureCertificateOfLife(laptop, 'Otto');
      await transferNow(laptop);
      assert.equal(await statusOf(laptop, 'Otto'), 'Übertragen');

      await koffer.whileStopped((data) => putBack(lastBackup, data));
      // The restored server knows neither the laptop nor its session.
      const sync = laptop.getByTestId('sync');
      await sync.getByRole('button', { name: 'Jetzt übertragen' }).click();
      await sync.getByText('Die Anmeldung beim Server ist abgelaufen.', { exact: false }).waitFor();
      // A colleague from Schönberg cannot set up a laptop holding Meerane's cases, and no device
      // is enrolled for the attempt.
      const devicesBefore = koffer.admin('device', 'list');
      await sync.getByLabel('Benutzername').fill('s.vogel');
      await sync.getByLabel('Passwort').fill('Koffer-Demo-2026');
      await sync.getByRole('button', { name: 'Erneut anmelden' }).click();
      await sync.getByText('Neu einrichten lässt es sich nur mit einem Konto der Gemeinde', { exact: false }).waitFor();
      assert.equal(koffer.admin('device', 'list'), devicesBefore);

      await sync.getByLabel('Benutzername').fill('m.schreiber');
      await sync.getByLabel('Passwort').fill('Koffer-Demo-2026');
      await sync.getByRole('button', { name: 'Erneut anmelden' }).click();
      await sync.getByText('Der Server war auf einen älteren Stand zurückgesetzt', { exact: false }).waitFor({ timeout: 20_000 });
      assert.deepEqual(await citizens(koffer.url), ['Hartmann, Erika', 'Köhler, Erika', 'Lehmann, Erika', 'Neumann, Erika', 'Otto, Erika']);
      assert.equal(await statusOf(laptop, 'Otto'), 'Übertragen');
      assert.match(koffer.admin('device', 'list'), /Wieder eingerichtet, vorher /, 'the operator sees why the laptop has a new id');

      // Set up anew, it carries on as before: the next visit goes the usual way.
      await captureCertificateOfLife(laptop, 'Peters');
      await transferNow(laptop);
      assert.ok((await citizens(koffer.url)).includes('Peters, Erika'));
    } finally {
      await other.close();
    }
  });
});
