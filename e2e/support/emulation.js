// Chromium's own emulation of a village: a slow mobile link and an old loaned laptop, through
// the DevTools protocol (what the developer tools' throttling uses).

/** The link the issue measures against: 1.6 Mbit/s down, 750 kbit/s up, 300 ms round trip. */
export const SLOW_3G = { latency: 300, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

/** No emulation: the machine's own speed. */
export const FULL_SPEED = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

/**
 * Emulates `network` (or no network at all with `offline`) and a CPU `cpuSlowdown` times slower
 * for `page`; returns the DevTools session, to change or end it.
 */
export async function emulate(context, page, { network = FULL_SPEED, offline = false, cpuSlowdown = 1 }) {
  const devtools = await context.newCDPSession(page);
  await devtools.send('Network.enable');
  await devtools.send('Network.emulateNetworkConditions', { offline, ...network });
  await devtools.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  return devtools;
}
