// A clerk sets up a loaned laptop, starts a case (an autosaved draft), locks and unlocks it, and hands the laptop
// back; an admin revokes another laptop. Whoever has the laptop afterwards finds nothing readable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  PASSPHRASE,
  enrol,
  openBrowserProfile,
  openSection,
  screenshot,
  startDraft,
  startKoffer,
  unlock,
  watchConsole,
} from '../support/koffer.js';

const MARKER = 'Zyxwvutsrq Mückenhäuser';

// Records the data key and the signing key's secret when the app wraps them at enrolment (the
// only moment they are extractable), so the test can look for their bytes on disk.
const captureDataKey = () => {
  const wrapKey = SubtleCrypto.prototype.wrapKey;
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  SubtleCrypto.prototype.wrapKey = async function (format, key, wrappingKey, algorithm) {
    if (key.extractable && format === 'raw') {
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
      localStorage.setItem('e2e.dataKey', hex(raw));
    }
    if (key.extractable && format === 'pkcs8') {
      // The private scalar d: what would give the key away.
      const { d } = await crypto.subtle.exportKey('jwk', key);
      const bytes = Uint8Array.from(atob(d.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      localStorage.setItem('e2e.signingKey', hex(bytes));
    }
    return wrapKey.call(this, format, key, wrappingKey, algorithm);
  };
};

/** Tries a passphrase that will be refused; returns what the clerk is told. */
async function refusedUnlock(page, passphrase) {
  await unlock(page, passphrase);
  // A refused attempt empties the field and enables the button again.
  await page.waitForFunction(() => document.getElementById('passphrase')?.value === '');
  await page.getByRole('button', { name: 'Entsperren' }).waitFor();
  return page.getByTestId('problem').innerText();
}

/** Every file below `dir` that contains one of `needles`, with which. */
function filesContaining(dir, needles) {
  const hits = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 64 * 1024 * 1024) {
        const bytes = readFileSync(full);
        for (const [name, needle] of needles) {
          if (bytes.includes(needle)) hits.push(`${full}: ${name}`);
        }
      }
    }
  };
  walk(dir);
  return hits;
}

describe('nothing readable on a loaned laptop', () => {
  let koffer;
  let profile;
  let page;
  let consoleProblems;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile();
    await profile.context.addInitScript(captureDataKey);
    await profile.context.clock.install();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
    consoleProblems = watchConsole(page);
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('the clerk enrols the laptop, saves a draft, and finds it again after a reload and unlock', async () => {
    await enrol(page, koffer.url, 'm.schreiber');
    assert.match(await page.getByTestId('clerk').innerText(), /Maria Schreiber · Meerane \(betreut auch Schönberg\)/);
    await startDraft(page, MARKER);
    await screenshot(page, 'workspace-with-draft');

    await page.reload();
    await unlock(page);
    await page.getByTestId('cases').getByText(MARKER).waitFor();
    assert.match(await page.getByTestId('cases').innerText(), /Entwurf/);

    // Search runs over the decrypted cases in memory.
    const search = page.getByLabel('Suchen (Name, Geburtsdatum oder Fallnummer)');
    await search.fill('muecken');
    assert.equal(await page.getByTestId('cases').getByText(MARKER).count(), 1);
    await search.fill('Schulze');
    assert.equal(await page.getByTestId('cases').locator('li').count(), 0);
    await search.fill('');
    assert.deepEqual(consoleProblems, []);
  });

  test('a wrong passphrase is refused, and repeated wrong ones make the clerk wait', async () => {
    await page.getByRole('button', { name: 'Jetzt sperren' }).click();
    const messages = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      messages.push(await refusedUnlock(page, 'Birnbaum im Juni'));
    }
    assert.deepEqual(messages, [
      'Die Passphrase ist falsch.',
      'Die Passphrase ist falsch.',
      'Die Passphrase ist falsch. Nächster Versuch möglich in Sekunden: 2',
    ]);
    await screenshot(page, 'unlock-refused');

    // Even the right passphrase waits its turn, then works.
    assert.match(await refusedUnlock(page, PASSPHRASE), /^Nächster Versuch möglich in Sekunden: [12]$/);
    await page.clock.fastForward(2500);
    await unlock(page);
    await page.getByTestId('cases').getByText(MARKER).waitFor();
  });

  test('the app locks itself after the chosen idle time', async () => {
    await openSection(page, 'Einstellungen');
    await page.getByLabel('Automatisch sperren nach (Minuten)').selectOption('2');
    await openSection(page, 'Heute');
    await page.clock.fastForward('01:30');
    assert.equal(await page.getByTestId('cases').count(), 1, 'still open after 90 s');
    await page.clock.fastForward('00:45');
    await page.getByRole('heading', { name: 'Koffer gesperrt' }).waitFor();
    assert.equal(await page.getByText(MARKER).count(), 0, 'nothing of the draft is shown while locked');
    await unlock(page);
    await page.getByTestId('cases').getByText(MARKER).waitFor();
  });

  test('past the offline lease of 14 days, unlocking needs one online sign-in', async () => {
    // Fifteen days without contact: the app has locked itself by then.
    await page.clock.fastForward(15 * 24 * 60 * 60 * 1000);
    await page.getByRole('heading', { name: 'Koffer gesperrt' }).waitFor();
    assert.match(await page.getByTestId('problem').innerText(), /zu lange nicht mit dem Server verbunden/);
    await page.getByLabel('Passphrase für dieses Gerät').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await page.getByTestId('problem').getByText('Benutzername oder Passwort ist falsch.').waitFor();

    await page.getByLabel('Passphrase für dieses Gerät').fill(PASSPHRASE);
    await page.getByLabel('Benutzername').fill('m.schreiber');
    await page.getByLabel('Passwort', { exact: true }).fill('Koffer-Demo-2026');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    // Fifteen days on, the draft is no longer today's; it waits under "Nicht übertragen".
    await page.getByRole('button', { name: 'Nicht übertragen' }).click();
    await page.getByTestId('cases').getByText(MARKER).waitFor();
  });

  test('no file of the browser profile holds the marker name, the data key or the signing key', async () => {
    const dataKeyHex = await page.evaluate(() => localStorage.getItem('e2e.dataKey'));
    assert.match(dataKeyHex ?? '', /^[0-9a-f]{64}$/, 'the data key was seen at enrolment');
    const signingKeyHex = await page.evaluate(() => localStorage.getItem('e2e.signingKey'));
    assert.match(signingKeyHex ?? '', /^[0-9a-f]{64}$/, 'the signing key was seen at enrolment');
    await profile.shutDown();
    const needles = [
      ['marker (UTF-8)', Buffer.from(MARKER, 'utf8')],
      ['marker (UTF-16)', Buffer.from(MARKER, 'utf16le')],
      ['marker, ASCII part (UTF-8)', Buffer.from('Zyxwvutsrq', 'utf8')],
      ['marker, ASCII part (UTF-16)', Buffer.from('Zyxwvutsrq', 'utf16le')],
      ['data key', Buffer.from(dataKeyHex, 'hex')],
      ['signing key', Buffer.from(signingKeyHex, 'hex')],
      ['passphrase (UTF-8)', Buffer.from(PASSPHRASE, 'utf8')],
    ];
    const hits = filesContaining(profile.profileDir, needles);
    assert.deepEqual(hits, [], 'nothing readable on disk');
    // The scan is real: the same search finds what the app stores in clear.
    const deviceHits = filesContaining(profile.profileDir, [['device store name', Buffer.from('this-device', 'utf8')]]);
    assert.ok(deviceHits.length > 0, 'the scan reads the IndexedDB files');

    profile = await openBrowserProfile({ profileDir: profile.profileDir });
    await profile.context.clock.install();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await page.goto(koffer.url);
    await unlock(page);
    await page.getByTestId('cases').getByText(MARKER).waitFor();
  });

  test('hand-back is refused while a draft is untransferred, and wipes everything once it is not', async () => {
    await openSection(page, 'Einstellungen');
    await page.getByRole('button', { name: 'Gerät zurückgeben' }).click();
    await page.getByRole('button', { name: 'Ja, alles löschen und zurückgeben' }).click();
    const refused = page.getByTestId('hand-back-refused');
    await refused.waitFor();
    assert.equal(await refused.innerText(), 'Rückgabe nicht möglich. Noch nicht übertragene Fälle auf diesem Gerät: 1');
    await openSection(page, 'Heute');
    assert.equal(await page.getByTestId('cases').getByText(MARKER).count(), 1, 'nothing was deleted');

    await page.getByRole('button', { name: 'Entwurf verwerfen' }).click();
    await page.getByText('Keine Fälle.').waitFor();
    await openSection(page, 'Einstellungen');
    await page.getByRole('button', { name: 'Gerät zurückgeben' }).click();
    await page.getByRole('button', { name: 'Ja, alles löschen und zurückgeben' }).click();
    await page.getByTestId('wiped').waitFor();
    assert.match(await page.getByTestId('wiped').innerText(), /Alle Daten der App wurden von diesem Gerät gelöscht/);
    const left = await page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      localStorage: localStorage.length,
    }));
    assert.deepEqual(left, { databases: [], caches: [], workers: 0, localStorage: 0 });
    await page.reload();
    await page.getByRole('heading', { name: 'Gerät einrichten' }).waitFor();
  });

  test('a revoked laptop wipes itself at its next contact', async () => {
    const other = await openBrowserProfile();
    try {
      const laptop = other.context.pages()[0] ?? (await other.context.newPage());
      await enrol(laptop, koffer.url, 's.vogel');
      await startDraft(laptop, 'Schönberger Bürger');
      // The newest laptop of Schönberg (the list is in order of enrolment; the demo's came first).
      const deviceId = koffer
        .admin('device', 'list')
        .split('\n')
        .filter((line) => line.includes('145245118250'))
        .at(-1)
        .split(/\s+/)[0];
      koffer.admin('device', 'revoke', deviceId);

      await laptop.reload();
      await laptop.getByTestId('wiped').waitFor({ timeout: 20_000 });
      assert.match(await laptop.getByTestId('wiped').innerText(), /Dieses Gerät wurde gesperrt/);
      const databases = await laptop.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      assert.deepEqual(databases, []);
    } finally {
      await other.close();
    }
  });
});

describe('data that vanishes from under the app', () => {
  test('the clerk is told plainly when stored data disappeared while a draft was untransferred', async () => {
    const koffer = await startKoffer({ demo: true });
    let profile = await openBrowserProfile();
    try {
      let page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await enrol(page, koffer.url, 'm.schreiber');
      await startDraft(page, 'Verlorene Akte');
      await profile.shutDown();

      // What eviction or a half-cleared profile does: the databases are gone, the rest stays.
      rmSync(join(profile.profileDir, 'Default', 'IndexedDB'), { recursive: true, force: true });

      profile = await openBrowserProfile({ profileDir: profile.profileDir });
      page = profile.context.pages()[0] ?? (await profile.context.newPage());
      await page.goto(koffer.url);
      const notice = page.getByTestId('vanished');
      await notice.waitFor();
      assert.equal(
        await notice.innerText(),
        'Die gespeicherten Daten dieses Geräts sind verschwunden – der Browser oder jemand hat sie gelöscht. Nicht übertragene Fälle davon: 1',
      );
      await screenshot(page, 'data-vanished');
    } finally {
      await profile.close();
      await koffer.stop();
    }
  });
});
