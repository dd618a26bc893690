// Test doubles of the Koffer's peripherals, injected into the page with Playwright's
// `addInitScript` before the app loads. Each behaves like the device on its wire: the printer
// records the ESC/POS bytes it is sent, the pad answers its capability report and emits pen
// reports, the scanner emits HID POS reports, the terminal speaks ZVT over a serial line (frames,
// CRC, ACK/NAK, APDUs). Every function here is serialised into the page, so each must be
// self-contained.

/** A receipt printer as WebUSB shows it: one configuration, a bulk OUT endpoint, bytes recorded. */
export const fakeUsbPrinter = () => {
  window.printedBytes = [];
  const printer = {
    vendorId: 0x04b8,
    productId: 0x0e28,
    productName: 'TM-T20III (Testdouble)',
    opened: false,
    configuration: null,
    async open() { this.opened = true; },
    async selectConfiguration(value) {
      this.configuration = {
        configurationValue: value,
        interfaces: [{ interfaceNumber: 0, alternate: { endpoints: [
          { endpointNumber: 2, direction: 'in', type: 'bulk' },
          { endpointNumber: 1, direction: 'out', type: 'bulk' },
        ] } }],
      };
    },
    async claimInterface(number) {
      if (!this.opened || number !== 0) throw new DOMException('not open', 'InvalidStateError');
    },
    async transferOut(endpoint, data) {
      if (endpoint !== 1) throw new DOMException('wrong endpoint', 'NotFoundError');
      window.printedBytes.push(...new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength));
      return { status: 'ok', bytesWritten: data.byteLength };
    },
  };
  let granted = false;
  Object.defineProperty(Navigator.prototype, 'usb', {
    configurable: true,
    get: () => ({
      async requestDevice() { granted = true; return printer; },
      async getDevices() { return granted ? [printer] : []; },
      addEventListener() {},
    }),
  });
};

/**
 * WebHID with two devices behind it: a Wacom STU-540 signature pad and a barcode scanner in HID
 * POS mode (usage page 0x8C). `requestDevice` grants what its filter asks for.
 */
export const fakeHidDevices = () => {
  const pad = {
    vendorId: 0x056a,
    productId: 0x00a8,
    productName: 'STU-540 (Testdouble)',
    collections: [{ usagePage: 0xff00, usage: 0x01 }],
    opened: false,
    oninputreport: null,
    featureReports: [],
    async open() { this.opened = true; },
    async receiveFeatureReport(id) {
      if (id !== 0x09) throw new DOMException('unknown report', 'NotAllowedError');
      // Capability: tablet 10800 × 6480, pressure 1023, screen 800 × 480, 200 reports/s.
      return new DataView(new Uint8Array([0x09, 0x2a, 0x30, 0x19, 0x50, 0x03, 0xff, 0x03, 0x20, 0x01, 0xe0, 200, 0, 0]).buffer);
    },
    async sendFeatureReport(id, data) {
      this.featureReports.push([id, ...new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength)]);
    },
  };
  const scanner = {
    vendorId: 0x0c2e,
    productId: 0x0b61,
    productName: 'Xenon 1950g (Testdouble)',
    collections: [{ usagePage: 0x8c, usage: 0x02 }],
    opened: false,
    oninputreport: null,
    async open() { this.opened = true; },
  };
  /** One pen sample: in range, touching, pressure, x, y in tablet units. */
  window.penSample = (touching, pressure, x, y) => {
    const flags = 0x80 | (touching ? 0x10 : 0);
    const data = new Uint8Array([flags | ((pressure >> 8) & 0x0f), pressure & 0xff, x >> 8, x & 0xff, y >> 8, y & 0xff]);
    pad.oninputreport?.({ reportId: 0x01, data: new DataView(data.buffer), device: pad });
  };
  /**
   * The scanner reads `text`: HID POS input reports of 61 bytes (length, AIM symbology id, up to
   * 56 data bytes, "more follows" flag at byte 60), as many as the code needs.
   */
  window.scanCode = (text, symbology = ']Q1') => {
    if (!scanner.opened) throw new Error('the app has not opened the scanner');
    const bytes = new TextEncoder().encode(text);
    const chunks = [];
    for (let at = 0; at < bytes.length; at += 56) chunks.push(bytes.slice(at, at + 56));
    chunks.forEach((chunk, index) => {
      const report = new Uint8Array(61);
      report[0] = chunk.length;
      report.set(new TextEncoder().encode(symbology).slice(0, 3), 1);
      report.set(chunk, 4);
      if (index < chunks.length - 1) report[60] = 0x01;
      scanner.oninputreport?.({ reportId: 0x02, data: new DataView(report.buffer), device: scanner });
    });
  };
  window.fakePad = pad;
  const granted = new Set();
  Object.defineProperty(Navigator.prototype, 'hid', {
    configurable: true,
    get: () => ({
      async requestDevice({ filters }) {
        const chosen = [pad, scanner].filter((device) => filters.some((f) =>
          (f.vendorId === undefined || f.vendorId === device.vendorId)
          && (f.productId === undefined || f.productId === device.productId)
          && (f.usagePage === undefined || device.collections.some((c) => c.usagePage === f.usagePage))));
        chosen.forEach((device) => granted.add(device));
        return chosen;
      },
      async getDevices() { return [...granted]; },
      addEventListener() {},
    }),
  });
};

/**
 * A ZVT card terminal on a USB-serial cable, as Web Serial shows it. It reads the register's
 * frames (DLE STX … DLE ETX, CRC-16/XMODEM), answers each with ACK, refuses the very first one
 * with NAK (a noisy line), and plays its part of registration and authorization: 80 00 00,
 * intermediate status (insert card, PIN), status information with the amount, a receipt number
 * and the card, then completion. It sends its next message only after the register acknowledged
 * the last one. `window.terminalLog` records what it saw.
 */
export const fakeZvtTerminal = () => {
  const DLE = 0x10, STX = 0x02, ETX = 0x03, ACK = 0x06, NAK = 0x15;
  const crc16 = (bytes) => {
    let crc = 0;
    for (const byte of bytes) {
      crc ^= byte << 8;
      for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
  };
  const frame = (apdu) => {
    const out = [DLE, STX];
    for (const byte of apdu) {
      out.push(byte);
      if (byte === DLE) out.push(DLE);
    }
    const crc = crc16([...apdu, ETX]);
    out.push(DLE, ETX, crc & 0xff, crc >> 8);
    return out;
  };
  const apdu = (cls, ins, data = []) => [cls, ins, data.length, ...data];
  const bcd = (number, bytes) => {
    const digits = String(number).padStart(bytes * 2, '0');
    return Array.from({ length: bytes }, (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16));
  };
  const fromBcd = (bytes) => Number(bytes.map((b) => b.toString(16).padStart(2, '0')).join(''));

  const log = window.terminalLog = { options: null, commands: [], payments: [], naks: 0, crcErrors: 0 };
  let receiptNumber = 0;
  let controller = null;
  const write = (bytes) => controller?.enqueue(new Uint8Array(bytes));

  // What the terminal still has to say, and what it waits for before saying it.
  let outgoing = [];
  let waitingFor = null; // 'link', 'link-then-ack' or 'ack-apdu'
  const sendNext = () => {
    const next = outgoing.shift();
    if (!next) { waitingFor = null; return; }
    write(frame(next.apdu));
    // Its own 80 00 00 only needs the line's ACK; a message needs the register's 80 00 00 too.
    waitingFor = next.apdu[0] === 0x80 ? 'link' : 'link-then-ack';
  };
  const say = (apdus) => {
    outgoing.push(...apdus.map((a) => ({ apdu: a })));
    if (waitingFor === null) setTimeout(sendNext, 20);
  };

  const heard = (data) => {
    const [cls, ins] = data;
    const body = data.slice(3);
    if (cls === 0x80 && ins === 0x00) {
      if (waitingFor === 'ack-apdu') setTimeout(sendNext, 20);
      return;
    }
    log.commands.push([cls, ins].map((b) => b.toString(16).padStart(2, '0')).join(' '));
    if (cls === 0x06 && ins === 0x00) {
      say([apdu(0x80, 0x00), apdu(0x06, 0x0f)]);
    } else if (cls === 0x06 && ins === 0x01) {
      const at = body.indexOf(0x04);
      const cents = fromBcd(body.slice(at + 1, at + 7));
      log.payments.push(cents);
      if (log.declineNext) {
        // The bank says no (result code 05): the terminal aborts the payment.
        log.declineNext = false;
        say([apdu(0x80, 0x00), apdu(0x04, 0xff, [0x0a]), apdu(0x06, 0x1e, [0x05])]);
        return;
      }
      receiptNumber += 1;
      const card = [...new TextEncoder().encode('girocard')];
      say([
        apdu(0x80, 0x00),
        apdu(0x04, 0xff, [0x0a]),
        apdu(0x04, 0xff, [0x01]),
        apdu(0x04, 0x0f, [0x27, 0x00, 0x04, ...bcd(cents, 6), 0x0b, ...bcd(receiptNumber + 100, 3),
          0x87, ...bcd(receiptNumber, 2), 0x8b, 0xf0, 0xf0 + card.length, ...card]),
        apdu(0x06, 0x0f),
      ]);
    } else if (cls === 0x06 && ins === 0xb0) {
      outgoing = [];
      say([apdu(0x80, 0x00), apdu(0x06, 0x1e, [0x6c])]);
    }
  };

  // The register's bytes, read like the terminal's UART would.
  let state = 'idle';
  let data = [];
  let crc = [];
  let first = true;
  const receive = (byte) => {
    switch (state) {
      case 'idle':
        if (byte === ACK) {
          if (waitingFor === 'link') setTimeout(sendNext, 20);
          else if (waitingFor === 'link-then-ack') waitingFor = 'ack-apdu';
        } else if (byte === DLE) state = 'dle';
        break;
      case 'dle':
        state = byte === STX ? 'frame' : 'idle';
        data = [];
        break;
      case 'frame':
        if (byte === DLE) state = 'frame-dle'; else data.push(byte);
        break;
      case 'frame-dle':
        if (byte === DLE) { data.push(DLE); state = 'frame'; } else if (byte === ETX) { state = 'crc'; crc = []; } else state = 'idle';
        break;
      case 'crc':
        crc.push(byte);
        if (crc.length === 2) {
          state = 'idle';
          const expected = crc16([...data, ETX]);
          if (crc[0] !== (expected & 0xff) || crc[1] !== expected >> 8) {
            log.crcErrors += 1;
            write([NAK]);
          } else if (first) {
            first = false;
            log.naks += 1;
            write([NAK]);
          } else {
            write([ACK]);
            heard(data);
          }
        }
        break;
    }
  };

  const port = {
    readable: null,
    writable: null,
    getInfo: () => ({ usbVendorId: 0x0403, usbProductId: 0x6001 }),
    async open(options) {
      log.options = { ...options };
      this.readable = new ReadableStream({ start(c) { controller = c; } });
      this.writable = new WritableStream({ write(chunk) { for (const byte of chunk) receive(byte); } });
    },
    async close() { controller = null; this.readable = null; this.writable = null; },
    addEventListener() {},
  };
  let granted = false;
  Object.defineProperty(Navigator.prototype, 'serial', {
    configurable: true,
    get: () => ({
      async requestPort() { granted = true; return port; },
      async getPorts() { return granted ? [port] : []; },
      addEventListener() {},
    }),
  });
};

/** A browser without WebUSB, WebHID and Web Serial (Firefox, Safari); printing is recorded. */
export const noDeviceApis = () => {
  delete Navigator.prototype.usb;
  delete Navigator.prototype.hid;
  delete Navigator.prototype.serial;
  window.print = () => { window.printed = (window.printed ?? 0) + 1; };
};
