// What every journey needs: our server on a free loopback port serving a copy of the built app,
// and Debian's Chromium driven by Playwright. Both are stopped by the journey that started them.
import { spawn, execFileSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
const serverBinary = process.env.BUERGERKOFFER_BIN ?? join(repoRoot, 'target', 'debug', 'buergerkoffer');
// With a directory from scripts/test-certificate.sh the journeys run over HTTPS: the server
// serves its cert.pem, Chromium trusts that certificate's key, Node (NODE_EXTRA_CA_CERTS) its CA.
const tlsDir = process.env.BUERGERKOFFER_E2E_TLS_DIR;
const builtApp = process.env.BUERGERKOFFER_DIST ?? join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, server, deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const answer = await fetch(`${url}api/health`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer within ${deadlineMs} ms`);
}

/** Starts the server on a private copy of dist/, so a journey may change "the deployed build". */
export async function startKoffer({ demo = false, serveArgs = [] } = {}) {
  const workDir = mkdtempSync(join(tmpdir(), 'buergerkoffer-e2e-'));
  const dist = join(workDir, 'dist');
  cpSync(builtApp, dist, { recursive: true });
  const port = await freePort();
  const url = `${tlsDir ? 'https' : 'http'}://127.0.0.1:${port}/`;
  const dataDir = join(workDir, 'data');
  const tls = tlsDir ? ['--tls-cert', join(tlsDir, 'cert.pem'), '--tls-key', join(tlsDir, 'key.pem')] : [];
  let log = '';
  const launch = async () => {
    const started = spawn(
      serverBinary,
      ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--dist-dir', dist, ...tls, ...(demo ? ['--demo'] : []), ...serveArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout.on('data', (d) => (log += d));
    started.stderr.on('data', (d) => (log += d));
    try {
      await waitForHealth(url, started, 20_000);
    } catch (error) {
      started.kill('SIGKILL');
      throw new Error(`${error.message}\n${log}`);
    }
    return started;
  };
  const halt = async () => {
    const exited = new Promise((ok) => server.once('exit', (code, signal) => ok({ code, signal })));
    server.kill('SIGTERM');
    return exited;
  };
  let server = await launch();
  return {
    url,
    dist,
    dataDir,
    workDir,
    /** Runs an admin command of the server binary against this server's database. */
    admin(...args) {
      return execFileSync(serverBinary, [...args, '--data-dir', dataDir], { encoding: 'utf8' });
    },
    log: () => log,
    /** Deploys a "new build": changes the page and re-runs the build's final step on the copy. */
    /** Puts a new build of the Koffer (or of the app in `app/`, e.g. 'rathaus') in place. */
    deployNewBuild(marker, app = '') {
      const appDist = join(dist, app);
      const index = join(appDist, 'index.html');
      const html = readFileSync(index, 'utf8').replace('</head>', `<meta name="e2e-release" content="${marker}" />\n</head>`);
      writeFileSync(index, html);
      const env = { ...process.env, TRUNK_PUBLIC_URL: app ? `/${app}/` : '/' };
      execFileSync('python3', [join(repoRoot, 'scripts', 'precache_shell.py'), appDist], { stdio: 'pipe', env });
      return buildIdOf(appDist);
    },
    /**
     * The operator's maintenance: stops the server, runs `work` on its stopped data directory
     * (a copy for a backup, a copy put back for a restore), starts it again at the same address.
     */
    async whileStopped(work) {
      await halt();
      await work(dataDir);
      server = await launch();
    },
    async stop() {
      const result = await halt();
      rmSync(workDir, { recursive: true, force: true });
      return result;
    },
  };
}

/** The build id stamped into a dist directory's index.html. */
export function buildIdOf(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const match = html.match(/<meta name="buergerkoffer-build" content="([0-9a-f]{16})"/);
  if (!match) throw new Error('index.html carries no build id');
  return match[1];
}

/** The workspace version, as the app shows it. */
export function workspaceVersion() {
  const manifest = readFileSync(join(repoRoot, 'Cargo.toml'), 'utf8');
  return manifest.match(/\[workspace\.package\][^[]*?version = "([^"]+)"/)[1];
}

/** Over HTTPS, Chromium takes the test certificate as valid (a secure context, as with a real
 * CA): by the SHA-256 of its public key. */
function trustTestCertificate() {
  if (!tlsDir) return [];
  const certificate = new X509Certificate(readFileSync(join(tlsDir, 'cert.pem')));
  const key = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return [`--ignore-certificate-errors-spki-list=${createHash('sha256').update(key).digest('base64')}`];
}

/**
 * Debian's Chromium, headless, with a profile directory of its own, as on the clerk's laptop (an
 * incognito context can neither install the app nor keep data). Runs without sandbox as root and
 * makes no calls home; `args` are Chromium's flags besides. Returns the context and the profile
 * directory.
 */
export async function openBrowserProfile({ profileDir: existing, args = [], ...options } = {}) {
  const profileDir = existing ?? mkdtempSync(join(tmpdir(), 'buergerkoffer-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: [
      ...trustTestCertificate(),
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...args,
    ],
    locale: 'de-DE',
    viewport: { width: 1024, height: 720 },
    ...options,
  });
  return {
    context,
    profileDir,
    /** Closes the browser; Chromium flushes the profile to disk. */
    async shutDown() {
      await context.close();
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Signs `username` in over the API (demo password) and returns the bearer token. */
export async function signInToken(url, username) {
  const answer = await fetch(`${url}api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Koffer-Demo-2026', device_label: 'Prüfung' }),
  });
  if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()).token;
}

/** A one-time code for a terminal at `place`, made by Meerane's admin over the API. */
export async function terminalCode(url, label, place) {
  const made = await fetch(`${url}api/terminals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signInToken(url, 'm.admin')}` },
    body: JSON.stringify({ label, place }),
  });
  if (made.status !== 200) throw new Error(`terminal code: ${made.status} ${await made.text()}`);
  return (await made.json()).code;
}

/**
 * Sets the kiosk up as Meerane's terminal at `place`: its receipt printer (the WebUSB test double
 * of `fakeUsbPrinter`, which the page must have) paired, with `cardTerminal` its card terminal too
 * (`fakeZvtTerminal`), then enrolled with a fresh code; waits for the welcome.
 */
export async function setUpKiosk(kiosk, url, place, { cardTerminal = false } = {}) {
  const code = await terminalCode(url, 'Terminal Seniorenwohnanlage', place);
  await kiosk.goto(`${url}terminal/`);
  const printer = kiosk.getByTestId('printer-set-up');
  await printer.getByRole('button', { name: 'Belegdrucker verbinden' }).click();
  await printer.getByText('Belegdrucker: TM-T20III (Testdouble)').waitFor();
  if (cardTerminal) {
    const card = kiosk.getByTestId('card-terminal-set-up');
    await card.getByRole('button', { name: 'Kartenterminal verbinden' }).click();
    await card.getByText('Kartenterminal: USB 0403:6001').waitFor();
  }
  await kiosk.getByLabel('Code').fill(code);
  await kiosk.getByRole('button', { name: 'Einrichten' }).click();
  await kiosk.getByRole('heading', { name: 'Willkommen' }).waitFor();
}

/**
 * Opens a kiosk's browser (a portrait touch screen) with `scripts` run on every page (the device
 * test doubles, recorders) and sets it up as the terminal at `place` (see `setUpKiosk`). Returns
 * the profile, the kiosk's page and what its console reports.
 */
export async function openKiosk(url, place, { scripts = [], cardTerminal = false } = {}) {
  const profile = await openBrowserProfile({ viewport: { width: 1080, height: 1600 } });
  const kiosk = profile.context.pages()[0] ?? (await profile.context.newPage());
  const problems = watchConsole(kiosk);
  for (const script of scripts) await kiosk.addInitScript(script);
  await setUpKiosk(kiosk, url, place, { cardTerminal });
  return { profile, kiosk, problems };
}

/** An init script: speech goes to `window.spoken` ({ text, lang }) in place of the speakers. */
export function recordSpeech() {
  window.spoken = [];
  window.speechSynthesis.speak = (utterance) => window.spoken.push({ text: utterance.text, lang: utterance.lang });
}

/** Signs `username` in to the town hall's app on `page`. */
export async function signInToRathaus(page, url, username) {
  await page.goto(`${url}rathaus/`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill('Koffer-Demo-2026');
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

/** Collects what would show up red in the developer console: errors and CSP violations. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Starts the day's deployment if the app asks for one (the first place offered), then starts a
 * visit, types the citizen's family name and goes back to the overview: an autosaved draft.
 */
export async function startDraft(page, familyName) {
  await startDeployment(page);
  await page.getByRole('button', { name: 'Neuer Besuch' }).click();
  await page.getByLabel('Familienname').fill(familyName);
  await page.getByRole('button', { name: 'Zur Übersicht' }).click();
  await page.getByTestId('cases').getByText(familyName).waitFor();
}

/** Picks `place` (or the first place offered) as today's deployment, unless one is running. */
export async function startDeployment(page, place) {
  const start = page.getByRole('button', { name: 'Einsatz beginnen' });
  const newVisit = page.getByRole('button', { name: 'Neuer Besuch' });
  await start.or(newVisit).first().waitFor({ timeout: 20_000 });
  if (await start.isVisible()) {
    if (place) {
      await page.getByLabel('Einsatzort').selectOption({ label: place });
    }
    await start.click();
  }
  await newVisit.waitFor();
}

/** Opens a section of the unlocked Koffer by its name in the navigation ("Heute", "Geräte", …). */
export async function openSection(page, name) {
  const sections = page.getByRole('navigation', { name: 'Bereiche des Koffers' });
  await sections.getByRole('button', { name: new RegExp(`^${name}(\\s|$)`) }).click();
}

/** The passphrase the journeys' clerks set on their laptops. */
export const PASSPHRASE = 'Apfelbaum im Mai 1987';

/** First sign-in on a laptop (with a demo account, unless a password is given): enrols it and
 * sets the passphrase. */
export async function enrol(page, url, username, password = 'Koffer-Demo-2026') {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Gerät einrichten' }).waitFor();
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByLabel('Passphrase für dieses Gerät').fill(PASSPHRASE);
  await page.getByLabel('Passphrase wiederholen').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Anmelden und einrichten' }).click();
  await page.getByTestId('clerk').waitFor({ timeout: 30_000 });
}

export async function unlock(page, passphrase = PASSPHRASE) {
  await page.getByRole('heading', { name: 'Koffer gesperrt' }).waitFor();
  await page.getByLabel('Passphrase für dieses Gerät').fill(passphrase);
  await page.getByRole('button', { name: 'Entsperren' }).click();
}

/** A form input by its id (the app names each `f-<input id>`). */
export const field = (page, input) => page.locator(`[id="f-${input}"]`);

/** Types a citizen of Schönberg into the person step. */
export async function fillPerson(page, { familyName, givenNames, birthDate, street, houseNumber }) {
  await field(page, 'person.family_name').fill(familyName);
  await field(page, 'person.given_names').fill(givenNames);
  await field(page, 'person.birth_date').fill(birthDate);
  await field(page, 'address.street').fill(street);
  await field(page, 'address.house_number').fill(houseNumber);
  await field(page, 'address.postcode').fill('08393');
  await field(page, 'address.place').fill('Schönberg');
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.1 A/AA) on the page as it settles and returns the violations, readable.
 * Colour transitions (a button just pressed) finish first: mid-way their colours are neither. */
export async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(axeSource);
  }
  // An animation cancelled on the way (the element drawn anew) is as finished as one that ran out.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {}))));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** The citizen signs on the screen with the mouse (a stroke across the canvas) and it is taken. */
export async function signOnScreen(page) {
  const box = await page.getByTestId('signature-canvas').boundingBox();
  await page.mouse.move(box.x + 40, box.y + box.height * 0.7);
  await page.mouse.down();
  for (let step = 1; step <= 20; step++) {
    await page.mouse.move(box.x + 40 + step * 20, box.y + box.height * (0.7 - 0.3 * Math.sin(step / 3)));
  }
  await page.mouse.up();
  await page.getByRole('button', { name: 'Unterschrift übernehmen' }).click();
  await page.getByText('Unterschrift gespeichert.').waitFor();
}

/**
 * A document photographed with the camera input: a `width` × `height` picture with `text` on
 * it, handed to the photo field; waits until the app has sealed it. `grain` adds the paper's
 * and the camera's noise of that many grey levels: a real photo's size (13 at 1600 × 1200 makes
 * about 300 KB of JPEG), where a flat picture compresses to almost nothing.
 */
export async function photograph(page, { text, width, height, name, grain = 0 }) {
  const picture = await page.evaluate(([label, w, h, g]) => {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext('2d');
    context.fillStyle = '#f4f1e8';
    context.fillRect(0, 0, w, h);
    if (g > 0) {
      const noisy = context.getImageData(0, 0, w, h);
      let seed = [...label].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) | 0, 1) || 1;
      for (let i = 0; i < noisy.data.length; i += 4) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        const shift = ((seed >>> 0) % (2 * g)) - g;
        for (let c = 0; c < 3; c += 1) noisy.data[i + c] += shift;
      }
      context.putImageData(noisy, 0, 0);
    }
    context.fillStyle = '#222';
    context.font = `${Math.round(h / 15)}px sans-serif`;
    context.fillText(label, w / 24, h / 6);
    return canvas.toDataURL('image/png').split(',')[1];
  }, [text, width, height, grain]);
  const saved = await page.getByTestId('photos-saved').innerText().catch(() => '');
  const before = Number(saved.match(/\d+$/)?.[0] ?? 0);
  await page.getByLabel('Foto aufnehmen oder Bild wählen').setInputFiles({
    name, mimeType: 'image/png', buffer: Buffer.from(picture, 'base64'),
  });
  await page.getByTestId('photos-saved').getByText(`Fotos verschlüsselt gespeichert: ${before + 1}`).waitFor();
}

export const SCHOENBERG = '145245118250';

/** Fills the Anmeldung's form for a widow(er) of German nationality moving alone into a flat
 * in Schönberg, with both documents shown; `movedIn` and `postcode` as given. */
export async function fillAnmeldung(page, { movedIn, street, houseNumber, postcode }) {
  await field(page, 'moved_in').fill(movedIn);
  await field(page, 'new_address.street').fill(street);
  await field(page, 'new_address.house_number').fill(houseNumber);
  await field(page, 'new_address.postcode').fill(postcode);
  await field(page, 'new_address.place').fill('Schönberg');
  await field(page, 'dwelling').selectOption('alleinige');
  await field(page, 'marital_status').selectOption('verwitwet');
  await field(page, 'nationality').fill('deutsch');
  await field(page, 'others_moving').selectOption('nein');
  await page.getByLabel('Personalausweis oder Reisepass').check();
  await page.getByLabel('Wohnungsgeberbestätigung (§ 19 BMG)').check();
}

/**
 * A Lebensbescheinigung (free of charge, finishes offline) for `person` up to the signature:
 * person, service, form, optionally a photographed document, and the citizen's review.
 */
export async function certificateOfLifeUpToSigning(page, person, { photo = false } = {}) {
  await page.getByRole('button', { name: 'Neuer Besuch' }).click();
  await fillPerson(page, person);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByLabel('Lebensbescheinigung').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await field(page, 'for_whom').selectOption('drv');
  await page.getByLabel('Personalausweis oder Reisepass').check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  // `photo`: true, or what `photograph` takes to vary the picture.
  if (photo) await photograph(page, { text: 'Rentenbescheid', width: 800, height: 600, name: 'rentenbescheid.png', ...(photo === true ? {} : photo) });
  await page.getByRole('button', { name: 'Die Angaben sind richtig' }).click();
}

/** A quick Lebensbescheinigung for Erika `familyName`, signed on the screen and finished. */
export async function captureCertificateOfLife(page, familyName, { photo = false } = {}) {
  const person = { familyName, givenNames: 'Erika', birthDate: '12.08.1939', street: 'Dorfstraße', houseNumber: '7' };
  await certificateOfLifeUpToSigning(page, person, { photo });
  await signOnScreen(page);
  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await page.getByText('Fall abgeschlossen und verschlüsselt gespeichert.').waitFor();
  await page.getByRole('button', { name: 'Zur Übersicht' }).click();
}

/** The back office's API, to look behind the scenes (what reached the server). */
export async function backOffice(base) {
  const url = base.replace(/\/$/, '');
  const session = await (await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'b.richter', password: 'Koffer-Demo-2026', device_label: 'Rathaus' }),
  })).json();
  const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  return {
    /** The cases that reached the town hall, but for the demo's visits (numbers "…-DEMO…"). */
    async cases() {
      const all = await (await fetch(`${url}/api/cases?municipality=${SCHOENBERG}`, { headers })).json();
      return all.filter((c) => !c.number.includes('-DEMO'));
    },
    /** The back office's view of the case of the citizen named `familyName`: the case, its
     * record and what the server found checking that record. */
    async detailOf(familyName) {
      const list = await (await fetch(`${url}/api/cases?municipality=${SCHOENBERG}`, { headers })).json();
      const found = list.find((c) => c.citizen.startsWith(`${familyName},`));
      return (await fetch(`${url}/api/cases/${SCHOENBERG}/${encodeURIComponent(found.id)}`, { headers })).json();
    },
    /** The whole case of the citizen named `familyName`, as the back office reads it. */
    async caseOf(familyName) {
      return (await this.detailOf(familyName)).case;
    },
    /** What a pull gives this (back-office) device: only the cases it filed itself. */
    async pulled() {
      return (await fetch(`${url}/api/sync/pull?municipality=${SCHOENBERG}&cookie=0`, { headers })).json();
    },
    async photo(sha256) {
      const response = await fetch(`${url}/api/attachments/${SCHOENBERG}/${sha256}`, { headers });
      return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
    },
  };
}
