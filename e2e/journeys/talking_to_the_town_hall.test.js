// A resident at the terminal in Meerane's Seniorenwohnanlage would rather talk to someone. While
// nobody is on duty the kiosk offers a call-back instead; once Birgit Richter goes on duty in the
// town hall's app, "Mit der Verwaltung sprechen" rings there, she accepts, and both see and hear
// each other; she asks for a document and gets the kiosk camera's photo of it, has a note of
// what was agreed printed at the kiosk, and fills in a form together with the resident. Camera
// and microphone are Chromium's fakes (a test pattern and a beep); the call runs browser to
// browser over loopback, the server only relays the negotiation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibilityViolations, openBrowserProfile, setUpKiosk, signInToRathaus, startKoffer, watchConsole,
} from '../support/koffer.js';
import { readReceipt } from '../support/escpos.js';
import { fakeUsbPrinter } from '../support/fake_devices.js';
import { FAKE_MEDIA, hearsSound, seesFrames } from '../support/video.js';

const PLACE = 'Meerane, Seniorenwohnanlage';

describe('talking to the town hall', () => {
  let koffer;
  let officeProfile;
  let office;
  let kioskProfile;
  let kiosk;
  let problems;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    officeProfile = await openBrowserProfile({ args: FAKE_MEDIA });
    office = officeProfile.context.pages()[0] ?? (await officeProfile.context.newPage());
    kioskProfile = await openBrowserProfile({ args: FAKE_MEDIA, viewport: { width: 1080, height: 1600 } });
    kiosk = kioskProfile.context.pages()[0] ?? (await kioskProfile.context.newPage());
    problems = [office, kiosk].map(watchConsole);
    // Minutes of quiet pass in a moment; time flows as usual otherwise. The kiosk's receipt
    // printer is a test double on WebUSB, paired while the terminal is set up.
    await kiosk.clock.install();
    await kiosk.addInitScript(fakeUsbPrinter);
    await setUpKiosk(kiosk, koffer.url, PLACE);
  });

  after(async () => {
    await officeProfile?.close();
    await kioskProfile?.close();
    await koffer?.stop();
  });

  test('while nobody is on duty, the kiosk offers a call-back instead', async () => {
    await kiosk.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();
    await kiosk.getByTestId('no-one-on-duty').waitFor();
    assert.equal(await kiosk.getByRole('button', { name: 'Mit der Verwaltung sprechen' }).count(), 0);
    await kiosk.getByRole('button', { name: 'Rückruf erbitten' }).waitFor();
  });

  test('a resident calls, the person on duty accepts, and both see and hear each other', async () => {
    await signInToRathaus(office, koffer.url, 'b.richter');
    await office.getByRole('button', { name: 'Video-Beratung' }).click();
    const desk = office.getByTestId('assistance');
    await desk.getByRole('button', { name: 'Dienst beginnen' }).click();
    await desk.getByText('Gerade wartet kein Anruf.').waitFor();
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core on duty');

    const call = kiosk.getByRole('button', { name: 'Mit der Verwaltung sprechen' });
    await call.click();
    const talk = kiosk.getByTestId('talk');
    await talk.getByText('Es klingelt im Rathaus.', { exact: false }).waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core while it rings');

    // Duty goes on in another section: the navigation counts the waiting call.
    await office.getByRole('button', { name: 'Rückrufe' }).click();
    await office.getByRole('button', { name: /Video-Beratung.*1/ }).click();
    const waiting = desk.locator('tr', { hasText: PLACE });
    await waiting.getByRole('button', { name: 'Annehmen' }).click();
    await talk.getByText('Sie sprechen mit Birgit Richter.').waitFor();
    await desk.getByText(`Sie sprechen mit dem Bürger-Terminal ${PLACE} (Meerane).`).waitFor();

    await seesFrames(kiosk, 'staff-video');
    await seesFrames(office, 'citizen-video');
    assert.equal(await hearsSound(kiosk, 'staff-video'), true, 'the town hall is heard at the kiosk');
    assert.equal(await hearsSound(office, 'citizen-video'), true, 'the resident is heard in the town hall');
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core in the call');

    // The town hall asks for a document; the kiosk's camera takes it, and only the town hall
    // gets it, over the call itself.
    await desk.getByRole('button', { name: 'Dokument anfordern' }).click();
    const wish = kiosk.getByTestId('document-wish');
    await wish.getByRole('heading', { name: 'Die Verwaltung bittet um ein Foto eines Dokuments' }).waitFor();
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core on the wish for a document');
    await wish.getByRole('button', { name: 'Foto aufnehmen und senden' }).click();
    await wish.getByText('Das Foto ist bei der Verwaltung.').waitFor();
    const photo = desk.getByTestId('document-photo');
    await photo.waitFor();
    const size = await photo.evaluate(async (image) => {
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    });
    assert.ok(size.width > 0 && size.height > 0, JSON.stringify(size));
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core with the photo');

    // What was agreed, printed at the kiosk for the resident to take home.
    await desk.getByLabel('Beleg für die Bürgerin oder den Bürger')
      .fill('Fundsache: schwarze Geldbörse. Abholung ab Dienstag im Bürgerbüro, Aktenzeichen MEE-2026-0815.');
    await desk.getByRole('button', { name: 'Am Terminal drucken' }).click();
    await desk.getByText('Der Beleg ist am Terminal gedruckt.').waitFor();
    await talk.getByTestId('note-printed').waitFor();
    const { lines } = readReceipt(await kiosk.evaluate(() => window.printedBytes.splice(0)));
    assert.deepEqual(lines.slice(0, 3), ['Meerane', PLACE, lines[2]]);
    assert.ok(lines.includes('Aus dem Gespräch mit Birgit Richter'), lines.join('\n'));
    assert.match(lines.join(' '), /Abholung ab Dienstag im Bürgerbüro, Aktenzeichen MEE-2026-0815\./);
    assert.ok(lines.every((line) => line.length <= 48), 'wrapped to 80 mm paper');
    assert.equal(lines.at(-1), '--- cut ---');

    // They fill in a Fundsache together: the town hall sees what the resident types, and what
    // it types into her form appears in her field.
    await talk.getByRole('button', { name: 'Formular gemeinsam ausfüllen' }).click();
    await talk.getByTestId('self-service').getByRole('button', { name: 'Zurück zum Gespräch' }).waitFor();
    await talk.getByTestId('self-service').getByRole('button', { name: 'Fundsache abgeben' }).click();
    await kiosk.locator('[id="f-person.family_name"]').fill('Köhler');
    const shared = desk.getByTestId('shared-form');
    await shared.getByRole('heading', { name: 'Formular am Terminal: Fundsache abgeben' }).waitFor();
    await shared.locator('dd', { hasText: 'Köhler' }).waitFor();
    await shared.getByLabel('Feld').selectOption({ label: 'Gegenstand' });
    await shared.getByLabel('Eintrag').fill('schwarze Geldbörse');
    // She goes on typing meanwhile: what the town hall has begun to enter stays.
    await kiosk.locator('[id="f-found_at"]').fill('Bushaltestelle am Markt');
    await shared.locator('dd', { hasText: 'Bushaltestelle am Markt' }).waitFor();
    assert.equal(await shared.getByLabel('Eintrag').inputValue(), 'schwarze Geldbörse');
    assert.equal(await shared.getByLabel('Feld').inputValue(), 'item');
    await shared.getByRole('button', { name: 'Im Formular eintragen' }).click();
    await kiosk.waitForFunction(() => document.getElementById('f-item')?.value === 'schwarze Geldbörse');
    await shared.locator('dd', { hasText: 'schwarze Geldbörse' }).waitFor();
    assert.deepEqual(await accessibilityViolations(office), [], 'axe-core with the shared form');
    assert.deepEqual(await accessibilityViolations(kiosk), [], 'axe-core filling in together');

    // Talking without touching the screen is being there: no countdown cuts the call.
    await kiosk.clock.fastForward('02:30');
    assert.equal(await kiosk.getByTestId('countdown').count(), 0);
    await talk.getByText('Sie sprechen mit Birgit Richter.').waitFor();

    await talk.getByRole('button', { name: 'Auflegen' }).click();
    await desk.getByText('Das Gespräch ist beendet.').waitFor();
    await kiosk.getByRole('heading', { name: 'Der Bürgerkoffer kommt hierher' }).waitFor();
    const cameraOff = await kiosk.evaluate(() => document.querySelector('[data-testid="own-video"]') === null);
    assert.ok(cameraOff, 'the call screen and its camera are gone');

    // After the call the usual quiet counts: the session is wiped, nothing of it kept.
    await kiosk.clock.fastForward('02:01');
    await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
    assert.deepEqual(
      await kiosk.evaluate(() => ({ local: Object.keys(localStorage), session: sessionStorage.length })),
      { local: ['buergerkoffer.terminal'], session: 0 },
    );
    assert.deepEqual(problems.flat(), [], 'no errors, no CSP violations');
  });
});
