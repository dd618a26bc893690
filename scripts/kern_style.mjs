// Builds the apps' stylesheet from style/main.scss on KERN (@kern-ux/native, from tools/): only
// the KERN parts it uses, compressed, and KERN's typeface Fira Sans cut down to the characters
// German and English text uses, in the two weights KERN's type needs (regular 400, semi-bold
// 600). Writes style/build/main.css and style/build/fonts/, which both apps' index.html take in.
// Run by scripts/build-apps.sh before Trunk.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = createRequire(join(root, 'tools', 'package.json'));
const sass = tools('sass');
const subsetFont = tools('subset-font');
const kern = dirname(tools.resolve('@kern-ux/native/package.json'));
const out = join(root, 'style', 'build');

// Printable ASCII and Latin-1 (umlauts, ß, §, °, ·, ×), and the punctuation our texts use.
const CHARACTERS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCodePoint(0x20 + i)),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => String.fromCodePoint(0xa0 + i)),
  ...'–—‘’‚“”„…€•→←↑↓✓−≤≥',
].join('');

const FACES = [
  { file: 'FiraSans-Regular', weight: 400 },
  { file: 'FiraSans-SemiBold', weight: 600 },
];

mkdirSync(join(out, 'fonts'), { recursive: true });
let faces = '';
for (const { file, weight } of FACES) {
  const full = readFileSync(join(kern, 'dist', 'fonts', 'fira-sans', `${file}.woff2`));
  // The font's copyright and licence (OFL) travel inside it: name ids 0 and 13, 14.
  const subset = await subsetFont(full, CHARACTERS, { targetFormat: 'woff2', preserveNameIds: [0, 1, 2, 3, 4, 5, 6, 13, 14] });
  writeFileSync(join(out, 'fonts', `${file}.woff2`), subset);
  faces += `@font-face{font-family:"Fira Sans";src:url("fonts/${file}.woff2") format("woff2");`
    + `font-weight:${weight};font-style:normal;font-display:swap}`;
}

const { css } = sass.compile(join(root, 'style', 'main.scss'), {
  loadPaths: [join(kern, 'src', 'scss')],
  style: 'compressed',
  // KERN's sources still use Sass's global functions; that is theirs to move.
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'color-functions'],
});
writeFileSync(join(out, 'main.css'), `/* KERN (@kern-ux/native, EUPL-1.2), Fira Sans (SIL OFL 1.1) */\n${faces}\n${css}\n`);
console.log(`kern_style: ${(css.length / 1000).toFixed(1)} KB of CSS, ${FACES.length} font faces`);
