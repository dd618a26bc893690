// The FIT-Connect destination our tests submit to (server/tests/it/support/
// fit_connect_destination.py, Python with jwcrypto and FITKO's metadata schema from
// contract/.venv): a 4096-bit key pair made for it, its data schema, and what it received.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './koffer.js';

const python = join(repoRoot, 'contract', '.venv', 'bin', 'python');
const script = join(repoRoot, 'server', 'tests', 'it', 'support', 'fit_connect_destination.py');

/** What the destination for Anmeldungen expects of the data: more than the Koffer's form
 * insists on (the previous dwelling's street, which the form leaves optional). */
export const ANMELDUNG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['service', 'case', 'citizen', 'values'],
  properties: {
    service: { const: 'urn:de:fim:leika:leistung:99115005104000' },
    citizen: { type: 'object', required: ['family_name', 'given_names', 'birth_date'] },
    values: {
      type: 'object',
      required: ['moved_in', 'new_address.street', 'new_address.postcode', 'previous_address.street'],
      additionalProperties: { type: 'string' },
    },
  },
};

export async function startDestination() {
  const dir = mkdtempSync(join(tmpdir(), 'buergerkoffer-fit-connect-'));
  const [publicKey, privateKey] = JSON.parse(execFileSync(python, ['-c', `
import json
from jwcrypto import jwk
key = jwk.JWK.generate(kty='RSA', size=4096, alg='RSA-OAEP-256', use='enc', kid='meldebehoerde-1')
print(json.dumps([key.export_public(as_dict=True), key.export_private(as_dict=True)]))
`], { encoding: 'utf8' }));
  const keyFile = join(dir, 'zustellpunkt.jwk.json');
  const privateFile = join(dir, 'private.jwk.json');
  const schemaFile = join(dir, 'anmeldung.schema.json');
  writeFileSync(keyFile, JSON.stringify(publicKey));
  writeFileSync(privateFile, JSON.stringify(privateKey));
  writeFileSync(schemaFile, JSON.stringify(ANMELDUNG_SCHEMA));
  const id = '8a1f0a86-3c7b-4d3e-9f5e-0123456789ab';
  const server = spawn(python, [script, id, privateFile, schemaFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const port = await new Promise((ok, fail) => {
    lines.once('line', (line) => ok(line.replace('port ', '')));
    server.once('exit', (code) => fail(new Error(`the test destination exited: ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    id,
    keyFile,
    schemaFile,
    /** The server's flags that point it at this destination's submission service. */
    serveArgs: ['--fit-connect-submission-url', base, '--fit-connect-token-url', `${base}/token`,
      '--fit-connect-client-id', 'buergerkoffer', '--fit-connect-client-secret', 'geheim'],
    /** What the destination received and decided, in order. */
    async received() {
      return (await fetch(`${base}/received`)).json();
    },
    stop() {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
