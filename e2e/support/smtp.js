// A real SMTP server on 127.0.0.1 for the mails the server sends: aiosmtpd (PyPI, installed into
// contract/.venv by scripts/bootstrap.sh) writing what it receives to a Maildir, read back with
// Python's own mail parser, as a mail client reads it.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './koffer.js';

const python = join(repoRoot, 'contract', '.venv', 'bin', 'python');

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const listening = (port) =>
  new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.end(); ok(true); });
    socket.once('error', () => ok(false));
  });

// Each mail of the Maildir as { to, subject, body } (the body decoded as text).
const READ = `
import email, email.policy, json, os, sys
box = os.path.join(sys.argv[1], 'new')
mails = []
for name in sorted(os.listdir(box)) if os.path.isdir(box) else []:
    with open(os.path.join(box, name), 'rb') as f:
        mail = email.message_from_binary_file(f, policy=email.policy.default)
    mails.append({'to': str(mail['To']), 'subject': str(mail['Subject']), 'body': mail.get_content()})
print(json.dumps(mails))
`;

export async function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), 'buergerkoffer-smtp-'));
  const maildir = join(dir, 'mail');
  const port = await freePort();
  const server = spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline) throw new Error('aiosmtpd did not listen');
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const received = () => JSON.parse(execFileSync(python, ['-c', READ, maildir], { encoding: 'utf8' }));
  return {
    relay: `smtp://127.0.0.1:${port}`,
    received,
    /** Waits until a mail whose subject matches `subject` has arrived for `to`; returns it. */
    async mailTo(to, subject, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const mail = received().find((m) => m.to === to && subject.test(m.subject));
        if (mail) return mail;
        if (Date.now() > until) throw new Error(`no mail to ${to} matching ${subject}; received: ${JSON.stringify(received().map((m) => [m.to, m.subject]))}`);
        await new Promise((ok) => setTimeout(ok, 200));
      }
    },
    stop() {
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
