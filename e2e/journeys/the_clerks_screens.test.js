// The clerk's screens in KERN: today's work first (the deployment, "Neuer Besuch" and the day's
// cases side by side on a laptop), transfer, devices, settings and the device's health behind
// the navigation. A clerk who works by keyboard alone completes a visit (the citizen signs with
// the pen); axe-core finds nothing on any screen, on a laptop or on a tablet held upright, in
// German or in English; every button is a touch target of at least 44 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations,
  enrol,
  openBrowserProfile,
  openSection,
  screenshot,
  startDeployment,
  startKoffer,
} from '../support/koffer.js';

/** Presses Tab until `target` has the focus (a keyboard user's way there), then `key`. */
async function tabTo(page, target, key) {
  for (let presses = 0; presses < 80; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      if (key) await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Types `text` into `input`, reached by Tab. */
async function typeInto(page, input, text) {
  await tabTo(page, input);
  await page.keyboard.type(text);
}

const SECTIONS = ['Heute', 'Übertragung', 'Geräte', 'Einstellungen', 'Gerätezustand'];

describe("the clerk's screens", () => {
  let koffer;
  let profile;
  let page;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    profile = await openBrowserProfile({ viewport: { width: 1280, height: 800 } });
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
    await enrol(page, koffer.url, 'm.schreiber');
    await startDeployment(page, 'Schönberg, Gemeindeamt');
  });

  after(async () => {
    await profile?.close();
    await koffer?.stop();
  });

  test('on a laptop the deployment, "Neuer Besuch" and the day\'s cases stand side by side', async () => {
    const deployment = await page.getByTestId('deployment').boundingBox();
    const newVisit = await page.getByRole('button', { name: 'Neuer Besuch' }).boundingBox();
    const cases = await page.getByRole('heading', { name: 'Fälle auf diesem Gerät' }).boundingBox();
    assert.ok(cases.x > deployment.x + deployment.width, 'the cases to the right of the deployment');
    assert.ok(newVisit.y + newVisit.height < 800 && cases.y < 800, 'both in the first screenful');
    // The other sections are one step away, and their content is not on today's screen.
    assert.equal(await page.getByRole('button', { name: 'Drucker verbinden' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Zustand dieses Geräts' }).count(), 0);
    await screenshot(page, 'kern-today');
  });

  test('a clerk using only the keyboard completes a visit, step by step', async () => {
    await tabTo(page, page.getByRole('button', { name: 'Neuer Besuch' }), 'Enter');
    const steps = page.getByRole('list', { name: 'Schritte des Besuchs' });
    const current = () => steps.locator('[aria-current=step]').innerText();
    assert.equal(await current(), 'Person');
    await screenshot(page, 'kern-visit-person');

    const field = (id) => page.locator(`[id="f-${id}"]`);
    await typeInto(page, field('person.family_name'), 'Tastmann');
    await typeInto(page, field('person.given_names'), 'Karla');
    await typeInto(page, field('person.birth_date'), '02.03.1941');
    await typeInto(page, field('address.street'), 'Lindenweg');
    await typeInto(page, field('address.house_number'), '3');
    await typeInto(page, field('address.postcode'), '08393');
    await typeInto(page, field('address.place'), 'Schönberg');
    await tabTo(page, page.getByRole('button', { name: 'Weiter' }), 'Enter');

    assert.equal(await current(), 'Leistungen');
    assert.deepEqual(await steps.locator('li.done').allTextContents(), ['Person (erledigt)']);
    await tabTo(page, page.getByLabel('Lebensbescheinigung'), 'Space');
    await tabTo(page, page.getByRole('button', { name: 'Weiter' }), 'Enter');

    assert.equal(await current(), 'Angaben');
    const forWhom = field('for_whom');
    await tabTo(page, forWhom);
    for (let presses = 0; presses < 5 && (await forWhom.inputValue()) !== 'drv'; presses += 1) {
      await page.keyboard.press('ArrowDown');
    }
    assert.equal(await forWhom.inputValue(), 'drv');
    await tabTo(page, page.getByLabel('Personalausweis oder Reisepass'), 'Space');
    await tabTo(page, page.getByRole('button', { name: 'Weiter' }), 'Enter');

    assert.equal(await current(), 'Prüfen');
    assert.deepEqual(await accessibilityViolations(page), [], 'axe-core on the review');
    await tabTo(page, page.getByRole('button', { name: 'Die Angaben sind richtig' }), 'Enter');

    // The citizen signs with the pen; the clerk goes on by keyboard.
    assert.equal(await current(), 'Unterschrift');
    const box = await page.getByTestId('signature-canvas').boundingBox();
    await page.mouse.move(box.x + 40, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let step = 1; step <= 15; step += 1) await page.mouse.move(box.x + 40 + step * 25, box.y + box.height * (0.6 - 0.3 * Math.sin(step / 3)));
    await page.mouse.up();
    await tabTo(page, page.getByRole('button', { name: 'Unterschrift übernehmen' }), 'Enter');
    await page.getByText('Unterschrift gespeichert.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Fall abschließen' }), 'Enter');
    await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Zur Übersicht' }), 'Enter');
    await page.getByTestId('cases').locator('li', { hasText: 'Tastmann' }).waitFor();
  });

  test('axe-core finds nothing on any section, on a laptop and on an upright tablet, in both languages', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 1280 }]) {
      await page.setViewportSize(viewport);
      for (const [language, sections] of [['Deutsch', SECTIONS], ['English', ['Today', 'Transfer', 'Devices', 'Settings', 'Device health']]]) {
        if (language === 'English') {
          await page.getByRole('button', { name: 'English' }).click();
          await page.locator('html[lang=en]').waitFor();
        }
        for (const name of sections) {
          await page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${name}(\\s|$)`) }).click();
          await page.locator('nav [aria-current=page]', { hasText: name }).waitFor();
          assert.deepEqual(await accessibilityViolations(page), [], `${name} at ${viewport.width} px`);
          // Touch targets: every button at least 44 px high.
          const low = await page.locator('main button:visible').evaluateAll((buttons) => buttons
            .filter((button) => button.getBoundingClientRect().height < 44)
            .map((button) => button.textContent.trim()));
          assert.deepEqual(low, [], `${name} at ${viewport.width} px`);
          if (viewport.width === 1280 && language === 'Deutsch') await screenshot(page, `kern-${name.toLowerCase()}`);
        }
        if (language === 'English') {
          await page.getByRole('button', { name: 'Deutsch' }).click();
          await page.locator('html[lang=de]').waitFor();
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await openSection(page, 'Heute');
  });
});
