// Video assistance on loopback: from the citizen's "Mit der Verwaltung sprechen" at the kiosk
// to both sides showing the other's picture, with the person on duty accepting as soon as the
// call shows in the town hall (Playwright clicks at once; a person takes longer). Camera and
// microphone are Chromium's fakes; the server is the release build. Median of 5 calls.
import { openBrowserProfile, startKoffer, terminalCode } from '../support/koffer.js';
import { FAKE_MEDIA } from '../support/video.js';

const PLACE = 'Meerane, Seniorenwohnanlage';
const CALLS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const showsPicture = (page, testId) =>
  page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.videoWidth > 0, testId, {
    polling: 'raf',
    timeout: 30_000,
  });

const koffer = await startKoffer({ demo: true });
const office = await openBrowserProfile({ args: FAKE_MEDIA });
const kiosk = await openBrowserProfile({ args: FAKE_MEDIA });
try {
  const code = await terminalCode(koffer.url, 'Messung', PLACE);

  const desk = office.context.pages()[0] ?? (await office.context.newPage());
  await desk.goto(`${koffer.url}rathaus/`);
  await desk.getByLabel('Benutzername').fill('b.richter');
  await desk.getByLabel('Passwort').fill('Koffer-Demo-2026');
  await desk.getByRole('button', { name: 'Anmelden' }).click();
  await desk.getByRole('button', { name: 'Video-Beratung' }).click();
  await desk.getByRole('button', { name: 'Dienst beginnen' }).click();
  await desk.getByText('Gerade wartet kein Anruf.').waitFor();

  const terminal = kiosk.context.pages()[0] ?? (await kiosk.context.newPage());
  await terminal.goto(`${koffer.url}terminal/`);
  await terminal.getByLabel('Code').fill(code);
  await terminal.getByRole('button', { name: 'Einrichten' }).click();
  await terminal.getByRole('button', { name: 'Auf Deutsch beginnen' }).click();

  const times = [];
  for (let call = 0; call < CALLS; call++) {
    const talk = terminal.getByRole('button', { name: 'Mit der Verwaltung sprechen' });
    await talk.waitFor();
    const started = performance.now();
    await talk.click();
    await desk.locator('tr', { hasText: PLACE }).getByRole('button', { name: 'Annehmen' }).click();
    await Promise.all([showsPicture(terminal, 'staff-video'), showsPicture(desk, 'citizen-video')]);
    times.push(performance.now() - started);
    await terminal.getByRole('button', { name: 'Auflegen' }).click();
    await desk.getByText('Das Gespräch ist beendet.').waitFor();
  }
  console.log(
    `call to both sides seeing each other (loopback, ${CALLS} calls): median ${median(times).toFixed(0)} ms` +
      ` (each: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
} finally {
  await office.close();
  await kiosk.close();
  await koffer.stop();
}
