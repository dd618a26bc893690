// Startup as a clerk with an old loaned laptop in a village meets it, in Debian's Chromium with
// its network and CPU emulation, against the release server on loopback (through a relay that
// counts the bytes on the wire):
// - the first visit on a slow 3G link at 4× CPU until the sign-in form can be used, and the bytes
//   it took (and again once the service worker has stored the app for offline use);
// - the offline reload to the locked Koffer, at 4× CPU and at full speed (median of 5).
// Unlocking to the day's list is measured with a day's work in `transfer.js`.
// Goals (issue 24): first visit ≤ 3.5 s and ≤ 450 KB on the wire; offline reload ≤ 400 ms at 4×.
import { enrol, openBrowserProfile, startKoffer } from '../support/koffer.js';
import { SLOW_3G, emulate } from '../support/emulation.js';
import { startLink } from '../support/link.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

async function timed(action) {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Waits until nothing has crossed the link for `quietMs`. */
async function linkIdle(link, quietMs = 1500) {
  let last = link.sentDown();
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (link.sentDown() !== last) {
      last = link.sentDown();
      quietSince = Date.now();
    }
  }
}

const koffer = await startKoffer({ demo: true });
const link = await startLink(koffer.url);
const profile = await openBrowserProfile({ viewport: { width: 1280, height: 800 } });
try {
  const page = profile.context.pages()[0] ?? (await profile.context.newPage());

  // The first visit: nothing cached, slow link, slow laptop.
  let devtools = await emulate(profile.context, page, { network: SLOW_3G, cpuSlowdown: 4 });
  const firstVisit = await timed(async () => {
    await page.goto(link.url, { waitUntil: 'commit' });
    await page.getByLabel('Benutzername').waitFor();
  });
  const firstVisitBytes = link.sentDown();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await linkIdle(link);
  const withOfflineCopy = link.sentDown();
  await devtools.detach();

  await enrol(page, link.url, 'm.schreiber');

  const reloads = {};
  for (const cpuSlowdown of [4, 1]) {
    devtools = await emulate(profile.context, page, { offline: true, cpuSlowdown });
    const times = [];
    for (let round = 0; round < 5; round += 1) {
      times.push(await timed(async () => {
        await page.reload({ waitUntil: 'commit' });
        await page.getByLabel('Passphrase für dieses Gerät').waitFor();
      }));
    }
    reloads[cpuSlowdown] = median(times);
    await devtools.detach();
  }

  console.log('first visit, slow 3G (1.6 Mbit/s, 300 ms), 4x CPU:');
  console.log(`  until the sign-in form can be used: ${ms(firstVisit)} (goal <= 3500 ms)`);
  console.log(`  bytes on the wire until then:       ${kb(firstVisitBytes)} (goal <= 450 KB)`);
  console.log(`  with the offline copy stored:       ${kb(withOfflineCopy)}`);
  console.log('offline reload to the locked Koffer (median of 5):');
  console.log(`  4x CPU:     ${ms(reloads[4])} (goal <= 400 ms)`);
  console.log(`  full speed: ${ms(reloads[1])}`);
} finally {
  await profile.close();
  await link.close();
  await koffer.stop();
}
