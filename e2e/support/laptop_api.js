// A laptop as the Koffer talks to the server, without the app: it enrols with its own ECDSA
// P-256 key (WebCrypto, as the app makes it), pushes numbered mutations signed over each case
// as sent (`domain::audit::proposal_message`) and pulls its cases. For journeys that need what
// the app never does on purpose, such as two corrections from the same stale base.
import { createHash, webcrypto } from 'node:crypto';

const { subtle } = webcrypto;
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The message a device signs for a push (`bk-proposal-v1`). */
function proposalMessage(device, proposals) {
  let message = `bk-proposal-v1\n${device.length}:${device}\n`;
  for (const p of proposals) {
    message += `${p.mutation} ${p.baseVersion} ${p.case.length}:${p.case} ${p.content ?? '-'}\n`;
  }
  return message;
}

const SCHOENBERG = '145245118250';
const SIGNATURE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Today in Saxony, as the laptop's deployment names it. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());

/**
 * A Lebensbescheinigung in Schönberg for Gisela `familyName`, finished at the table a minute ago
 * by `by`, as the app serializes a case (JSON text); `number` counts the day's cases.
 */
export function certificateOfLifeJson({ id, number, familyName, by }) {
  const now = Date.now();
  const png = Buffer.from(SIGNATURE_PNG, 'base64');
  return JSON.stringify({
    id,
    number: `${today().slice(0, 4)}-E2E-${String(number).padStart(4, '0')}`,
    deployment: { municipality: SCHOENBERG, municipality_name: 'Schönberg', place: 'Tettau, Dorfgemeinschaftshaus', date: today() },
    citizen: {
      id: `${id}-person`,
      family_name: familyName,
      given_names: 'Gisela',
      birth_date: '03.05.1948',
      address: { street: 'Dorfstraße', house_number: '4', postcode: '08393', place: 'Tettau' },
    },
    services: [{ service: 'lebensbescheinigung', values: { for_whom: 'drv', 'unterlagen.ausweis': 'ja' } }],
    signature: {
      strokes: [[[100, 200, 500], [400, 220, 600]]],
      png: `data:image/png;base64,${SIGNATURE_PNG}`,
      sha256: createHash('sha256').update(png).digest('hex'),
    },
    payment: 'free',
    attachments: [],
    history: [
      { status: 'draft', at_ms: now - 120_000, by },
      { status: 'captured', at_ms: now - 60_000, by },
    ],
  });
}

/** A signing key pair as the app makes it, and its public half as the server registers it. */
export async function laptopKeys() {
  const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return { keys, publicKey: hex(await subtle.exportKey('raw', keys.publicKey)) };
}

export async function apiLaptop(base, username, password = 'Koffer-Demo-2026') {
  const url = base.replace(/\/$/, '');
  const { keys, publicKey } = await laptopKeys();
  const answer = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, device_label: 'Prüf-Laptop', device_key: publicKey }),
  });
  if (!answer.ok) throw new Error(`sign-in of ${username}: ${answer.status} ${await answer.text()}`);
  return pushingAs(url, await answer.json(), keys);
}

/**
 * Pushes and pulls as the device of `session` (a sign-in's answer), signing with `keys`, the
 * key pair the server registered for that device.
 */
export function pushingAs(url, session, keys) {
  const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  let mutation = 0;
  return {
    session,
    /** Pushes each case (JSON text, as the server will read it) with the parts it changed since
     * `baseVersion`; returns each mutation's outcome. */
    async push(changes) {
      const mutations = changes.map(({ caseJson, changed, baseVersion }) => ({
        id: ++mutation,
        base_version: baseVersion,
        caseJson,
        changed,
      }));
      const proposals = mutations.map((m) => {
        const parsed = JSON.parse(m.caseJson);
        return {
          mutation: m.id,
          baseVersion: m.base_version,
          case: `${parsed.deployment.municipality}/${parsed.id}`,
          content: sha256(m.caseJson),
        };
      });
      const signature = hex(await subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        keys.privateKey,
        new TextEncoder().encode(proposalMessage(session.device_id, proposals)),
      ));
      // The cases go as the text that was signed.
      const body = `{"protocol":1,"client_id":${JSON.stringify(session.device_id)},"mutations":[${mutations
        .map((m) => `{"id":${m.id},"base_version":${m.base_version},"change":{"put_case":{"case":${m.caseJson},"changed":${JSON.stringify(m.changed)}}}}`)
        .join(',')}],"signature":"${signature}"}`;
      const pushed = await fetch(`${url}/api/sync/push`, { method: 'POST', headers, body });
      if (!pushed.ok) throw new Error(`push: ${pushed.status} ${await pushed.text()}`);
      return (await pushed.json()).results.map((r) => r.outcome);
    },
    /** This laptop's cases of `municipality` after `cookie`, as the server hands them out. */
    async pull(municipality, cookie = 0) {
      const pulled = await fetch(`${url}/api/sync/pull?municipality=${municipality}&cookie=${cookie}`, { headers });
      return pulled.json();
    },
  };
}
