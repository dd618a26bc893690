// Reads back what a receipt printer was sent: ESC/POS commands skipped (QR data kept), text
// decoded from code page 858 — so a journey can check the printed words, umlauts and € included.

/** Code page 858, bytes 0x80–0xFF (generated from Python's cp858 codec). */
const CP858_HIGH = ["Ç", "ü", "é", "â", "ä", "à", "å", "ç", "ê", "ë", "è", "ï", "î", "ì", "Ä", "Å", "É", "æ", "Æ", "ô", "ö", "ò", "û", "ù", "ÿ", "Ö", "Ü", "ø", "£", "Ø", "×", "ƒ", "á", "í", "ó", "ú", "ñ", "Ñ", "ª", "º", "¿", "®", "¬", "½", "¼", "¡", "«", "»", "░", "▒", "▓", "│", "┤", "Á", "Â", "À", "©", "╣", "║", "╗", "╝", "¢", "¥", "┐", "└", "┴", "┬", "├", "─", "┼", "ã", "Ã", "╚", "╔", "╩", "╦", "╠", "═", "╬", "¤", "ð", "Ð", "Ê", "Ë", "È", "€", "Í", "Î", "Ï", "┘", "┌", "█", "▄", "¦", "Ì", "▀", "Ó", "ß", "Ô", "Ò", "õ", "Õ", "µ", "þ", "Þ", "Ú", "Û", "Ù", "ý", "Ý", "¯", "´", "­", "±", "‗", "¾", "¶", "§", "÷", "¸", "°", "¨", "·", "¹", "³", "²", "■", " "];

const ESC = 0x1b;
const GS = 0x1d;

/** The printed lines and the QR codes' contents in `bytes`. */
export function readReceipt(bytes) {
  const lines = [];
  const qr = [];
  let line = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === ESC) {
      // ESC @ (init) has no parameter; ESC t / a / E have one.
      i += bytes[i + 1] === 0x40 ? 2 : 3;
    } else if (b === GS && bytes[i + 1] === 0x21) {
      i += 3; // GS ! n: character size
    } else if (b === GS && bytes[i + 1] === 0x56) {
      i += 4; // GS V m n: cut
      lines.push('--- cut ---');
    } else if (b === GS && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x6b) {
      const length = bytes[i + 3] + 256 * bytes[i + 4];
      const body = bytes.slice(i + 5, i + 5 + length);
      if (body[0] === 0x31 && body[1] === 0x50) qr.push(String.fromCharCode(...body.slice(3)));
      i += 5 + length;
    } else if (b === 0x0a) {
      lines.push(line);
      line = '';
      i += 1;
    } else {
      line += b < 0x80 ? String.fromCharCode(b) : CP858_HIGH[b - 0x80];
      i += 1;
    }
  }
  if (line) lines.push(line);
  return { lines, qr };
}
