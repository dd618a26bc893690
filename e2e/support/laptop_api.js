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

export async function apiLaptop(base, username, password = 'Koffer-Demo-2026') {
  const url = base.replace(/\/$/, '');
  const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const publicKey = hex(await subtle.exportKey('raw', keys.publicKey));
  const answer = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, device_label: 'Prüf-Laptop', device_key: publicKey }),
  });
  if (!answer.ok) throw new Error(`sign-in of ${username}: ${answer.status} ${await answer.text()}`);
  const session = await answer.json();
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
