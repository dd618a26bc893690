// The clerk opens the Bürgerkoffer on a loaned laptop: the app starts from the wasm, can be
// installed, keeps working when the village has no signal, and takes a new build only when the
// clerk agrees.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildIdOf,
  openBrowserProfile,
  screenshot,
  startKoffer,
  watchConsole,
  workspaceVersion,
} from '../support/koffer.js';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'PNG signature');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const text = (page, testId) => page.getByTestId(testId).innerText();

describe('opening the Bürgerkoffer', () => {
  let koffer;
  let profile;
  let context;
  let page;
  let consoleProblems;

  before(async () => {
    koffer = await startKoffer();
    profile = await openBrowserProfile();
    context = profile.context;
    page = context.pages()[0] ?? (await context.newPage());
    consoleProblems = watchConsole(page);
  });

  after(async () => {
    await profile?.close();
    const stopped = await koffer?.stop();
    assert.deepEqual(stopped, { code: 0, signal: null }, 'the server shuts down cleanly on SIGTERM');
  });

  test('the start screen renders from the wasm with version, build, network and storage state', async () => {
    const answer = await page.goto(koffer.url);
    // Run over HTTPS too (scripts/test.sh): then a browser that has seen it never asks by HTTP.
    if (koffer.url.startsWith('https:')) {
      assert.equal(answer.headers()['strict-transport-security'], 'max-age=31536000');
    }
    await page.getByRole('heading', { level: 1, name: 'Bürgerkoffer' }).waitFor();
    assert.match(await text(page, 'version'), new RegExp(`^${workspaceVersion().replaceAll('.', '\\.')} · Build `));
    const build = buildIdOf(koffer.dist);
    assert.equal(await page.getByTestId('build').getAttribute('data-build'), build);
    assert.equal(await text(page, 'build'), build.slice(0, 8));
    assert.equal(await text(page, 'connection'), 'Online');
    await page.waitForFunction(() => !document.querySelector('[data-testid=storage]').textContent.includes('geprüft'));
    assert.match(await text(page, 'storage'), /dauerhaft/);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await screenshot(page, 'start');
    assert.deepEqual(consoleProblems, [], 'no errors and no CSP violations in the console');
  });

  test('the service worker takes control and precaches the whole shell of this build', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    const build = buildIdOf(koffer.dist);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const files = {};
      for (const name of names) {
        const cache = await caches.open(name);
        files[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
      }
      return files;
    });
    assert.deepEqual(Object.keys(cached), [`buergerkoffer-shell-${build}`]);
    const files = cached[`buergerkoffer-shell-${build}`];
    for (const expected of [/^\/index\.html$/, /^\/app-[0-9a-f]+_bg\.wasm$/, /^\/app-[0-9a-f]+\.js$/, /^\/boot-[0-9a-f]+\.js$/,
      /^\/main-[0-9a-f]+\.css$/, /^\/manifest\.webmanifest$/, /^\/icons\/icon-192\.png$/, /^\/icons\/icon-512\.png$/]) {
      assert.ok(files.some((f) => expected.test(f)), `${expected} precached, have ${files}`);
    }
  });

  test('the manifest is valid, every icon it names is served, and Chromium can install the app', async () => {
    const href = await page.getAttribute('link[rel=manifest]', 'href');
    const answer = await page.request.get(new URL(href, koffer.url).href);
    assert.equal(answer.status(), 200);
    assert.match(answer.headers()['content-type'], /^application\/manifest\+json/);
    const manifest = await answer.json();
    assert.equal(manifest.short_name, 'Bürgerkoffer');
    assert.ok(manifest.name.startsWith('Bürgerkoffer'));
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.scope, '/');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
    const declared = manifest.icons.map((icon) => `${icon.sizes} ${icon.type}`);
    for (const needed of ['192x192 image/png', '512x512 image/png', 'any image/svg+xml']) {
      assert.ok(declared.includes(needed), `${needed} declared`);
    }
    for (const icon of manifest.icons) {
      const file = await page.request.get(new URL(icon.src, koffer.url).href);
      assert.equal(file.status(), 200, icon.src);
      assert.equal(file.headers()['content-type'], icon.type, icon.src);
      if (icon.type === 'image/png') {
        const { width, height } = pngSize(await file.body());
        assert.equal(`${width}x${height}`, icon.sizes, icon.src);
      }
    }
    const cdp = await context.newCDPSession(page);
    try {
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'Chromium finds nothing that blocks installation');
      const { errors } = await cdp.send('Page.getAppManifest');
      assert.deepEqual(errors, [], 'Chromium parses the manifest without complaint');
    } finally {
      await cdp.detach();
    }
  });

  test('the shell arrives compressed, as the browser accepts it, and is the same once decoded', async () => {
    const wasm = readdirSync(koffer.dist).find((name) => name.endsWith('_bg.wasm'));
    const raw = readFileSync(join(koffer.dist, wasm));
    for (const [accepted, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
      // Node's fetch decodes what it asked for; the header says how it travelled.
      const answer = await fetch(new URL(wasm, koffer.url), { headers: { 'accept-encoding': accepted } });
      assert.equal(answer.headers.get('content-encoding'), encoding, accepted);
      assert.match(answer.headers.get('vary'), /accept-encoding/i);
      assert.ok(Buffer.from(await answer.arrayBuffer()).equals(raw), `${accepted}: the same bytes once decoded`);
    }
    const onTheWire = statSync(join(koffer.dist, `${wasm}.br`)).size;
    assert.ok(onTheWire < raw.length / 3, `${onTheWire} of ${raw.length} bytes travel`);
    // The browser took the page compressed too (it asks for br).
    const page0 = await page.request.get(koffer.url);
    assert.equal(page0.headers()['content-encoding'], 'br');
  });

  test('without network a reload and a deep link still open a working app', async () => {
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Bürgerkoffer' }).waitFor();
      assert.equal(await text(page, 'connection'), 'Offline');
      await page.getByText('Sie können weiterarbeiten').waitFor();
      await screenshot(page, 'start-offline');

      await page.goto(new URL('faelle/heute', koffer.url).href);
      await page.getByRole('heading', { level: 1, name: 'Bürgerkoffer' }).waitFor();
      // The app still reacts: switching the language works offline.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'State of this device' }).waitFor();
      await page.getByRole('button', { name: 'Deutsch' }).click();
      await page.getByRole('heading', { name: 'Zustand dieses Geräts' }).waitFor();
    } finally {
      await context.setOffline(false);
    }
    await page.waitForFunction(() => document.querySelector('[data-testid=connection]').textContent === 'Online');
  });

  test('the language is chosen by keyboard alone and kept across a reload', async () => {
    await page.goto(koffer.url);
    await page.getByRole('heading', { level: 1, name: 'Bürgerkoffer' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(focused, 'English', 'the language switch is the first stop of the tab order');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'State of this device' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    await page.getByRole('heading', { name: 'State of this device' }).waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
  });

  test('a new build is announced and taken only when the clerk agrees', async () => {
    const oldBuild = buildIdOf(koffer.dist);
    const newBuild = koffer.deployNewBuild('2');
    assert.notEqual(newBuild, oldBuild);

    // Opening the app again makes the browser fetch sw.js, find it changed and install it.
    await page.reload();
    const banner = page.getByTestId('update-banner');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /Neue Version verfügbar/);
    assert.equal(await page.getByTestId('build').getAttribute('data-build'), oldBuild, 'no reload on its own');
    await screenshot(page, 'update-available');

    await page.getByRole('button', { name: 'Jetzt aktualisieren' }).click();
    await page.waitForFunction(
      (build) => document.querySelector('[data-testid=build]')?.dataset.build === build,
      newBuild,
      { timeout: 20_000 },
    );
    assert.equal(await banner.count(), 0, 'the banner is gone after the update');
    const cacheNames = await page.evaluate(() => caches.keys());
    assert.deepEqual(cacheNames, [`buergerkoffer-shell-${newBuild}`], 'the old build was dropped');
  });
});
