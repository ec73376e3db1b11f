// Owns the app's one web font: subsets Vazirmatn (OFL) to the Arabic script + Basic Latin as one variable woff2 (src/ui/fonts/, hashed by Vite) and ships its licence (public/fonts/OFL.txt).
import { readFile, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('vazirmatn/package.json'));
/** Where the subset goes: beside the CSS that declares it, so Vite gives it a content-hashed name. */
export const FONT_FILE = join(root, 'src', 'ui', 'fonts', 'vazirmatn-subset.woff2');
const LICENCE_FILE = join(root, 'public', 'fonts', 'OFL.txt');

/** Code point ranges kept; the same list is the @font-face unicode-range printed at the end. */
export const RANGES = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x00a0], // no-break space
  [0x00ab, 0x00ab], // « (Persian quotation marks)
  [0x00bb, 0x00bb], // »
  [0x00d7, 0x00d7], // ×
  // The whole Arabic block, not only Persian's letters: Urdu (ے ہ ھ ں ٹ ڈ), Kurdish (ێ ۆ ڕ ڵ ە), Pashto, Azerbaijani and
  // Arabic text would otherwise switch to another font in the middle of a word (@font-face claims the block).
  [0x0600, 0x06ff],
  [0x200c, 0x200f], // ZWNJ, ZWJ, LRM, RLM: they shape joining, so the font must map them
  [0x2010, 0x2014], // hyphens and dashes
  [0x2018, 0x201d], // quotation marks
  [0x2026, 0x2026], // ellipsis
  [0x2066, 0x2069], // bidi isolates
  [0xfb50, 0xfdff], // Arabic presentation forms A (text copied from PDFs), which @font-face claims too
  [0xfe70, 0xfeff], // Arabic presentation forms B
];

/** Formats RANGES as a CSS unicode-range value. */
export function formatUnicodeRange(ranges = RANGES) {
  const hex = (n) => n.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ');
}

function textOf(ranges) {
  let s = '';
  for (const [a, b] of ranges) for (let c = a; c <= b; c++) s += String.fromCodePoint(c);
  return s;
}

async function main() {
  const source = await readFile(join(pkgDir, 'fonts', 'webfonts', 'Vazirmatn[wght].woff2'));
  // Reading needs only regular to bold; narrowing the axis keeps the file small.
  const out = await subsetFont(source, textOf(RANGES), {
    targetFormat: 'woff2',
    variationAxes: { wght: { min: 400, max: 700, default: 400 } },
  });
  await mkdir(dirname(FONT_FILE), { recursive: true });
  await mkdir(dirname(LICENCE_FILE), { recursive: true });
  await writeFile(FONT_FILE, out);
  await copyFile(join(pkgDir, 'OFL.txt'), LICENCE_FILE);
  console.log(`${relative(root, FONT_FILE)}: ${out.length} bytes (from ${source.length})`);
  console.log(`unicode-range: ${formatUnicodeRange()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`Could not subset the font: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
