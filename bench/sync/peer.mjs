// Sync benchmark: our server and pouchdb-server (leveldb adapter), both on loopback in this run.
// Pushes and pulls 10,000 cases of ~1 KB through each in batches of 500 and prints docs/s and our
// ratio; then an incremental pull of 10 changed cases with 10,000 and with 100,000 on the server.
// Figures only: it never fails on time. Usage: BUERGERKOFFER_BIN=… node peer.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DOCS = 10_000;
const BATCH = 500;
const LARGE = 100_000;
const CHANGED = 10;
const SCHOENBERG = '145245118250';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitFor(url) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A case as the app stores it: an Anmeldung of about 1 KB. */
function caseOf(n, familyName = `Müller-${n}`) {
  return {
    id: `case-${String(n).padStart(6, '0')}`,
    number: `2026-BNCH-${n}`,
    deployment: { municipality: SCHOENBERG, municipality_name: 'Schönberg', place: 'Schönberg, Gemeindeamt', date: '2026-11-22' },
    citizen: {
      id: `citizen-${n}`,
      family_name: familyName,
      given_names: 'Anna Lena',
      birth_date: '03.05.1948',
      address: { street: 'Hauptstraße', house_number: '3', postcode: '08393', place: 'Schönberg' },
    },
    services: [{
      service: 'anmeldung',
      values: {
        moved_in: '01.11.2026', 'new_address.street': 'Hauptstraße', 'new_address.house_number': '12a',
        'new_address.postcode': '08393', 'new_address.place': 'Schönberg', 'previous_address.street': 'Bahnhofstraße',
        'previous_address.house_number': '3', 'previous_address.postcode': '08056', 'previous_address.place': 'Zwickau',
        dwelling: 'alleinige', marital_status: 'verheiratet', nationality: 'deutsch', others_moving: 'nein',
        'unterlagen.ausweis': 'ja', 'unterlagen.wohnungsgeber': 'ja',
      },
    }],
    signature: null,
    payment: 'free',
    attachments: [],
    history: [{ status: 'draft', at_ms: 1790000000000 + n, by: 'Maria Schreiber' }, { status: 'captured', at_ms: 1790000000500 + n, by: 'Maria Schreiber' }],
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (docs, ms) => Math.round((docs / ms) * 1000);

async function ours(bin) {
  const data = mkdtempSync(join(tmpdir(), 'bk-bench-'));
  const dist = mkdtempSync(join(tmpdir(), 'bk-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  const port = await freePort();
  const child = spawn(bin, ['serve', '--demo', '--listen', `127.0.0.1:${port}`, '--dist-dir', dist], {
    env: { ...process.env, BUERGERKOFFER_DATA_DIR: data },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`);
  const session = await (await fetch(`${base}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'm.schreiber', password: 'Koffer-Demo-2026', device_label: 'Bench' }),
  })).json();
  const auth = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  let mutationId = 0;
  return {
    name: 'Bürgerkoffer',
    async push(cases) {
      const mutations = cases.map((c) => ({ id: ++mutationId, base_version: 0, change: { put_case: { case: c, changed: ['citizen'] } } }));
      const response = await fetch(`${base}/api/sync/push`, {
        method: 'POST', headers: auth, body: JSON.stringify({ protocol: 1, client_id: session.device_id, mutations }),
      });
      if (!response.ok) throw new Error(`push: ${response.status} ${await response.text()}`);
      await response.json();
    },
    async pullAll(cookie = 0) {
      let docs = 0;
      for (;;) {
        const page = await (await fetch(`${base}/api/sync/pull?municipality=${SCHOENBERG}&cookie=${cookie}&limit=${BATCH}`, { headers: auth })).json();
        docs += page.changes.length;
        cookie = page.cookie;
        if (!page.more) return { docs, cookie };
      }
    },
    stop() {
      child.kill('SIGTERM');
      rmSync(data, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

async function pouch() {
  const dir = mkdtempSync(join(tmpdir(), 'pouch-bench-'));
  const port = await freePort();
  // Its own directory as working directory: pouchdb-server writes config.json and log.txt there.
  const child = spawn(join(here, 'node_modules', '.bin', 'pouchdb-server'), ['--host', '127.0.0.1', '--port', String(port), '--dir', dir], { stdio: 'ignore', cwd: dir });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(base);
  await fetch(`${base}/bench`, { method: 'PUT' });
  const json = { 'content-type': 'application/json' };
  return {
    name: 'pouchdb-server',
    async push(cases) {
      const docs = cases.map((c) => ({ _id: c.id, ...c }));
      const response = await fetch(`${base}/bench/_bulk_docs`, { method: 'POST', headers: json, body: JSON.stringify({ docs }) });
      if (!response.ok) throw new Error(`_bulk_docs: ${response.status}`);
      await response.json();
    },
    async pullAll(since = 0) {
      let docs = 0;
      for (;;) {
        const page = await (await fetch(`${base}/bench/_changes?include_docs=true&limit=${BATCH}&since=${since}`)).json();
        docs += page.results.length;
        since = page.last_seq;
        if (page.results.length < BATCH) return { docs, cookie: since };
      }
    },
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pushAndPull(server) {
  const started = performance.now();
  for (let from = 0; from < DOCS; from += BATCH) {
    await server.push(Array.from({ length: BATCH }, (_, i) => caseOf(from + i)));
  }
  const pushMs = performance.now() - started;
  const pullStarted = performance.now();
  const { docs, cookie } = await server.pullAll();
  const pullMs = performance.now() - pullStarted;
  if (docs !== DOCS) throw new Error(`${server.name} pulled ${docs} of ${DOCS}`);
  return { push: rate(DOCS, pushMs), pull: rate(DOCS, pullMs), cookie };
}

/** Median time to pull 10 changed cases after a cookie, over 5 rounds. */
async function incremental(server, cookie, round) {
  const times = [];
  for (let r = 0; r < 5; r++) {
    await server.push(Array.from({ length: CHANGED }, (_, i) => caseOf(i * 97 + r, `Geändert-${round}-${r}`)));
    const started = performance.now();
    const result = await server.pullAll(cookie);
    times.push(performance.now() - started);
    if (result.docs !== CHANGED) throw new Error(`incremental pull gave ${result.docs}`);
    cookie = result.cookie;
  }
  return { ms: median(times), cookie };
}

const bin = process.env.BUERGERKOFFER_BIN;
if (!bin) throw new Error('BUERGERKOFFER_BIN must name the buergerkoffer binary');
const servers = [await ours(bin), await pouch()];
try {
  const [mine, peer] = [await pushAndPull(servers[0]), await pushAndPull(servers[1])];
  for (const [name, r] of [['Bürgerkoffer', mine], ['pouchdb-server', peer]]) {
    console.log(`${name.padEnd(15)} push ${String(r.push).padStart(7)} docs/s   pull ${String(r.pull).padStart(7)} docs/s   (${DOCS} docs of ~1 KB, batches of ${BATCH})`);
  }
  console.log(`ratio (ours / pouchdb-server): push ${(mine.push / peer.push).toFixed(1)}×, pull ${(mine.pull / peer.pull).toFixed(1)}× (goal ≥ 10×)`);

  const small = await incremental(servers[0], mine.cookie, 'a');
  for (let from = DOCS; from < LARGE; from += 1000) {
    await servers[0].push(Array.from({ length: 1000 }, (_, i) => caseOf(from + i)));
  }
  const { cookie } = await servers[0].pullAll(small.cookie);
  const large = await incremental(servers[0], cookie, 'b');
  console.log(`incremental pull of ${CHANGED} changed: ${small.ms.toFixed(1)} ms with ${DOCS} on the server, ${large.ms.toFixed(1)} ms with ${LARGE} (goal ≤ 30 ms, independent of the total)`);
} finally {
  for (const server of servers) server.stop();
}
