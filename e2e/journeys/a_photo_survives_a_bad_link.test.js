// A visit in a village with a weak mobile link: the clerk photographs a pension notice (about
// 300 KB) without signal; on the way back the link comes and goes. The connection is cut twice in
// the middle of the photo's upload; the laptop resumes each time where the server stopped, shows
// what is sent and what is left in megabytes, and the town hall ends up holding the photo once,
// byte for byte, with the case that names it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  accessibilityViolations,
  backOffice,
  captureCertificateOfLife,
  enrol,
  openBrowserProfile,
  screenshot,
  startDeployment,
  startKoffer,
} from '../support/koffer.js';
import { SLOW_3G, emulate } from '../support/emulation.js';
import { startLink } from '../support/link.js';

/** A part of a photo upload, as `domain::sync::upload::PART_BYTES` sets it. */
const PART_BYTES = 128 * 1024;

describe('a photo survives a bad link', () => {
  let koffer;
  let link;
  let profile;
  let page;

  before(async () => {
    koffer = await startKoffer({ demo: true });
    link = await startLink(koffer.url);
    profile = await openBrowserProfile();
    page = profile.context.pages()[0] ?? (await profile.context.newPage());
  });

  after(async () => {
    await profile?.close();
    await link?.close();
    await koffer?.stop();
  });

  test('a photo cut twice mid-way resumes and reaches the town hall once, byte for byte', async () => {
    await enrol(page, link.url, 'm.schreiber');
    await page.getByLabel('Einsatzort').waitFor();
    await profile.context.setOffline(true);
    await startDeployment(page, 'Schönberg, Gemeindeamt');
    await captureCertificateOfLife(page, 'Lindner', { photo: { width: 1600, height: 1200, grain: 13 } });
    assert.equal(await page.getByTestId('sync-pending').innerText(), '1');

    // A 3G link (750 kbit/s up, 300 ms round trip): slow enough to see the transfer under way.
    await emulate(profile.context, page, { network: SLOW_3G });
    const shown = new Set();
    const watching = setInterval(() => {
      page.getByTestId('sync-progress').innerText().then((text) => text && shown.add(text), () => {});
    }, 200);
    const before = link.sentUp();
    // The first cut comes inside the photo's second part, the second inside the one after.
    link.cutAfter(PART_BYTES + 60_000);
    await profile.context.setOffline(false);
    await waitFor(() => link.cuts() === 1, 'the first cut');
    link.cutAfter(PART_BYTES / 2);
    await waitFor(() => link.cuts() === 2, 'the second cut');
    await page.waitForFunction(() => document.querySelector('[data-testid=sync-pending]')?.textContent === '0', null, { timeout: 90_000 });
    clearInterval(watching);
    const sent = link.sentUp() - before;

    const office = await backOffice(koffer.url);
    const lindner = await office.caseOf('Lindner');
    assert.equal(lindner.attachments.length, 1);
    const [reference] = lindner.attachments;
    assert.ok(reference.bytes > 2 * PART_BYTES, `a photo of several parts (${reference.bytes} bytes)`);
    const photo = await office.photo(reference.sha256);
    assert.equal(photo.status, 200);
    assert.equal(createHash('sha256').update(photo.bytes).digest('hex'), reference.sha256, 'byte for byte');
    assert.equal((await office.cases()).length, 1, 'the case once');

    // What went up: the photo once, at most a part again per cut, and the small requests around it.
    const resentAtMost = 2 * PART_BYTES;
    const requestsAround = 40_000;
    console.log(`# link: ${sent} bytes sent for a photo of ${reference.bytes} bytes, cut twice`);
    assert.ok(sent < reference.bytes + resentAtMost + requestsAround, `${sent} bytes sent for ${reference.bytes}`);
    // Each cut cost at most the part under way (and its request's headers).
    assert.ok(link.lostPerCut().every((lost) => lost <= PART_BYTES + 2_000), link.lostPerCut().join(', '));
    // The clerk saw megabytes sent and left.
    const inBytes = [...shown].filter((text) => /^Fotos übertragen: \d+,\d von \d+,\d MB, noch \d+,\d MB$/.test(text));
    assert.ok(inBytes.length >= 2, [...shown].join('\n'));
    assert.deepEqual(await accessibilityViolations(page), [], 'axe-core after the transfer');
    await screenshot(page, 'resumed-after-two-cuts');
  });
});

async function waitFor(condition, what, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
