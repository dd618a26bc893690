// The village link between the laptop and the town hall: a TCP relay on loopback in front of the
// server that counts every byte either way and can cut the connection mid-request, as a
// mobile link does when the signal goes. Slowness comes from Chromium's own network emulation.
import { createServer, connect } from 'node:net';

/**
 * Relays 127.0.0.1:<its port> to `target` (a URL). `cutAfter(n)` arms a cut: once the laptop has
 * sent `n` more bytes, the connection carrying them is destroyed, both ways, mid-request.
 */
export async function startLink(target) {
  const { hostname, port } = new URL(target);
  let sentUp = 0;
  let sentDown = 0;
  let cutAt = null;
  // Per cut, the bytes of the request under way that the server never took whole.
  const lost = [];
  const sockets = new Set();
  const relay = createServer((laptop) => {
    const server = connect(Number(port), hostname);
    sockets.add(laptop);
    sockets.add(server);
    // Bytes sent on this connection since its last answer began: the request under way.
    let sinceAnswer = 0;
    const close = () => {
      laptop.destroy();
      server.destroy();
      sockets.delete(laptop);
      sockets.delete(server);
    };
    laptop.on('data', (chunk) => {
      if (cutAt !== null && sentUp + chunk.length >= cutAt) {
        // Part of this chunk still goes through: the server sees a request that stops short.
        const through = Math.max(0, cutAt - sentUp);
        sentUp += through;
        lost.push(sinceAnswer + through);
        server.write(chunk.subarray(0, through), () => close());
        cutAt = null;
        return;
      }
      sentUp += chunk.length;
      sinceAnswer += chunk.length;
      server.write(chunk);
    });
    server.on('data', (chunk) => {
      sentDown += chunk.length;
      sinceAnswer = 0;
      laptop.write(chunk);
    });
    laptop.on('error', close);
    server.on('error', close);
    laptop.on('close', close);
    server.on('close', close);
  });
  await new Promise((ok) => relay.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${relay.address().port}/`,
    /** Bytes the laptop has sent through the link so far (requests, headers and bodies). */
    sentUp: () => sentUp,
    /** Bytes the server has sent the laptop through the link so far. */
    sentDown: () => sentDown,
    /** How many cuts happened. */
    cuts: () => lost.length,
    /** Per cut, the bytes of the request it broke off: what the laptop must send again. */
    lostPerCut: () => [...lost],
    /** Cuts the connection once the laptop has sent `bytes` more. */
    cutAfter(bytes) {
      cutAt = sentUp + bytes;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((ok) => relay.close(ok));
    },
  };
}
