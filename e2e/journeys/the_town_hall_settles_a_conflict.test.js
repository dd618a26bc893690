// A laptop of Schönberg files a Lebensbescheinigung, then sends two corrections of the citizen's
// name from the same stale base (a laptop restored from an old copy does so): the first is taken,
// the second is kept beside it and the case is flagged. At the town hall Birgit Richter finds it
// with the inbox's filter, sees both names side by side, takes the device's, and the record says
// the town hall decided; the laptop pulls the case as decided.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCHOENBERG, accessibilityViolations, buildIdOf, openBrowserProfile, startKoffer } from '../support/koffer.js';
import { apiLaptop, certificateOfLifeJson } from '../support/laptop_api.js';

/** A Lebensbescheinigung for Gisela `familyName`, finished at the table a minute ago. */
const certificateOfLife = (familyName) =>
  certificateOfLifeJson({ id: 'e2e-konflikt-1', number: 1, familyName, by: 'Sabine Vogel' });

describe('the town hall settles a conflict', () => {
  let koffer;
  let laptop;
  let profile;
  let desk;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    laptop = await apiLaptop(koffer.url, 's.vogel');
    profile = await openBrowserProfile();
    desk = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('two corrections from one stale base: the first is taken, the second flagged', async () => {
    assert.deepEqual(await laptop.push([{ caseJson: certificateOfLife('Engel'), changed: [], baseVersion: 0 }]), ['applied']);
    const pulled = await laptop.pull(SCHOENBERG);
    const base = pulled.cookie;
    const held = pulled.changes.find((change) => change.id === 'e2e-konflikt-1').case;
    const renamed = (name) => JSON.stringify({ ...held, citizen: { ...held.citizen, family_name: name } });
    assert.deepEqual(await laptop.push([{ caseJson: renamed('Engel-Weber'), changed: ['citizen'], baseVersion: base }]), ['applied']);
    const [outcome] = await laptop.push([{ caseJson: renamed('Engel-Busch'), changed: ['citizen'], baseVersion: base }]);
    assert.deepEqual(outcome, { conflict: { parts: ['citizen'] } });
  });

  test('the back office finds it by the filter, compares both names and takes the device’s', async () => {
    await desk.goto(`${koffer.url}rathaus/`);
    await desk.getByLabel('Benutzername').fill('b.richter');
    await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
    await desk.getByRole('button', { name: 'Anmelden' }).click();
    const townHall = desk.getByTestId('town-hall');
    await townHall.getByLabel('Gemeinde').selectOption({ label: 'Schönberg' });
    await townHall.getByLabel('nur Fälle, die zu prüfen sind').check();
    await townHall.getByRole('button', { name: 'Filtern', exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=town-hall] table.cases tbody tr').length === 1);
    const row = townHall.locator('table.cases tbody tr');
    assert.match(await row.innerText(), /Engel-Weber, Gisela/);
    await row.getByRole('button', { name: 'Öffnen' }).click();

    const view = desk.getByTestId('case-view');
    const conflict = view.getByTestId('conflict');
    await conflict.waitFor();
    const [held, sent] = await conflict.locator('.side-by-side > div').allInnerTexts();
    assert.match(held, /Gilt jetzt \(im Rathaus\)[\s\S]*Engel-Weber/);
    assert.match(sent, /Vom Gerät gesendet[\s\S]*Engel-Busch/);
    assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core on a case with a conflict');

    await conflict.getByRole('button', { name: 'Wert des Geräts übernehmen' }).click();
    await view.getByTestId('conflict').waitFor({ state: 'detached' });
    await view.locator('dl').first().getByText('Engel-Busch', { exact: true }).waitFor();
    assert.doesNotMatch(await view.getByTestId('case-status').innerText(), /zu prüfen/);
    await view.getByTestId('record-intact').waitFor();
    const events = await view.getByTestId('record').locator('li').allInnerTexts();
    assert.match(events.at(-1), /^Im Rathaus entschieden · .* · b\.richter/);
  });

  test('the Rathaus app keeps its shell in a worker of its own and offers a new build', async () => {
    await desk.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/rathaus/sw.js'), null, { timeout: 20_000 });
    const oldBuild = buildIdOf(join(koffer.dist, 'rathaus'));
    assert.deepEqual(await desk.evaluate(() => caches.keys()), [`buergerkoffer-rathaus-shell-${oldBuild}`]);
    const newBuild = koffer.deployNewBuild('2', 'rathaus');
    assert.notEqual(newBuild, oldBuild);
    await desk.reload();
    const banner = desk.getByTestId('update-banner');
    await banner.waitFor({ timeout: 30_000 });
    const shown = () => desk.evaluate(() => document.querySelector('meta[name=buergerkoffer-build]').content);
    assert.equal(await shown(), oldBuild, 'no reload on its own');
    assert.deepEqual(await accessibilityViolations(desk), [], 'axe-core with the banner');
    await banner.getByRole('button', { name: 'Jetzt aktualisieren' }).click();
    await desk.waitForFunction((build) => document.querySelector('meta[name=buergerkoffer-build]')?.content === build, newBuild, { timeout: 20_000 });
    assert.deepEqual(await desk.evaluate(() => caches.keys()), [`buergerkoffer-rathaus-shell-${newBuild}`]);
  });

  test('the laptop pulls the case as decided, no longer flagged', async () => {
    const pulled = await laptop.pull(SCHOENBERG);
    const change = pulled.changes.find((c) => c.id === 'e2e-konflikt-1');
    assert.equal(change.flagged, false);
    assert.equal(change.case.citizen.family_name, 'Engel-Busch');
  });
});
