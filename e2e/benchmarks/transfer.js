// A day's work going home over a village link, in Debian's Chromium against the release server
// on loopback: 30 visits (20 with a photographed document of about 300 KB) captured offline
// through the app, then
// - unlocking to the day's list at 4× CPU and at full speed (median of 3);
// - the transfer over an emulated 3G link (750 kbit/s up, 300 ms round trip) through a relay
//   that cuts the connection twice mid-upload: its time, the bytes sent against the payload, and
//   per cut the bytes sent again.
// Goal (issue 24): resent bytes ≤ one part (128 KiB) per cut.
import assert from 'node:assert/strict';
import {
  PASSPHRASE,
  backOffice,
  captureCertificateOfLife,
  enrol,
  openBrowserProfile,
  startDeployment,
  startKoffer,
} from '../support/koffer.js';
import { SLOW_3G, emulate } from '../support/emulation.js';
import { startLink } from '../support/link.js';

const VISITS = 30;
const PHOTOS = 20;
const PART_BYTES = 128 * 1024;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
/** A number as a name may carry it: its digits as letters (12 → "bc"). */
const lettersOf = (number) => [...String(number)].map((digit) => 'abcdefghij'[digit]).join('');

async function waitFor(condition, what, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const koffer = await startKoffer({ demo: true });
const link = await startLink(koffer.url);
const profile = await openBrowserProfile({ viewport: { width: 1280, height: 800 } });
try {
  const page = profile.context.pages()[0] ?? (await profile.context.newPage());
  await enrol(page, link.url, 'm.schreiber');
  await page.getByLabel('Einsatzort').waitFor();
  let devtools = await emulate(profile.context, page, { offline: true });
  await startDeployment(page, 'Schönberg, Gemeindeamt');
  const capturing = performance.now();
  for (let visit = 0; visit < VISITS; visit += 1) {
    const photo = visit < PHOTOS && { width: 1600, height: 1200, grain: 13, text: `Rentenbescheid ${visit + 1}` };
    await captureCertificateOfLife(page, `Muster${lettersOf(visit)}`, { photo });
  }
  const captureSeconds = (performance.now() - capturing) / 1000;
  assert.equal(await page.getByTestId('sync-pending').innerText(), String(VISITS));
  await devtools.detach();

  const unlocks = {};
  for (const cpuSlowdown of [4, 1]) {
    devtools = await emulate(profile.context, page, { offline: true, cpuSlowdown });
    const times = [];
    for (let round = 0; round < 3; round += 1) {
      await page.reload();
      await page.getByLabel('Passphrase für dieses Gerät').fill(PASSPHRASE);
      const started = performance.now();
      await page.getByRole('button', { name: 'Entsperren' }).click();
      await page.getByTestId('cases').locator('li').nth(VISITS - 1).waitFor({ timeout: 60_000 });
      times.push(performance.now() - started);
    }
    unlocks[cpuSlowdown] = median(times);
    await devtools.detach();
  }

  // Home over the village link, cut twice while the photos go up; the Koffer starts the
  // transfer itself when the network returns.
  const before = link.sentUp();
  link.cutAfter(1_000_000);
  const started = performance.now();
  devtools = await emulate(profile.context, page, { network: SLOW_3G });
  await waitFor(() => link.cuts() === 1, 'the first cut', 120_000);
  link.cutAfter(2_000_000);
  await waitFor(() => link.cuts() === 2, 'the second cut', 120_000);
  await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 300_000 });
  const seconds = (performance.now() - started) / 1000;
  const sent = link.sentUp() - before;
  await devtools.detach();

  // Every case and photo at the town hall, once.
  const office = await backOffice(koffer.url);
  const cases = await office.cases();
  assert.equal(cases.length, VISITS);
  const photos = [];
  let caseBytes = 0;
  for (let visit = 0; visit < VISITS; visit += 1) {
    const held = await office.caseOf(`Muster${lettersOf(visit)}`);
    photos.push(...held.attachments);
    caseBytes += JSON.stringify(held).length;
  }
  assert.equal(new Set(photos.map((photo) => photo.sha256)).size, PHOTOS);
  for (const photo of photos) assert.equal((await office.photo(photo.sha256)).status, 200);
  const photoBytes = photos.reduce((sum, photo) => sum + photo.bytes, 0);
  const lost = link.lostPerCut();

  console.log(`a day's work: ${VISITS} visits, ${PHOTOS} photos of ${kb(photoBytes / PHOTOS)} on average (captured in ${captureSeconds.toFixed(0)} s)`);
  console.log(`unlock to the day's list of ${VISITS} cases (median of 3):`);
  console.log(`  4x CPU:     ${unlocks[4].toFixed(0)} ms`);
  console.log(`  full speed: ${unlocks[1].toFixed(0)} ms`);
  console.log('transfer over 3G (750 kbit/s up, 300 ms), cut twice:');
  console.log(`  time:                 ${seconds.toFixed(1)} s`);
  console.log(`  sent up:              ${kb(sent)} for ${kb(photoBytes)} of photos and ${kb(caseBytes)} of cases (as JSON)`);
  console.log(`  sent again per cut:   ${lost.map(kb).join(', ')} (goal <= ${kb(PART_BYTES)} each)`);
} finally {
  await profile.close();
  await link.close();
  await koffer.stop();
}
