/** Plain text of article HTML for search and snippets: a linear scan, no DOM, safe on untrusted input. */

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
const CELL = new Set(['td', 'th']);
// Their content is code, not text a reader sees.
const RAW = new Set(['script', 'style', 'template', 'noscript']);
// A ruby annotation (reading, or the parentheses around it) is not the text: "漢<rt>かん</rt>" is 漢. Its end tag is
// optional: it ends at the next annotation, the end of the ruby, or, in broken markup, the next block.
const ANNOTATION = new Set(['rt', 'rp']);
const ANNOTATION_END = new RegExp(`<(?:/?(?:rt|rp|${[...BLOCK, ...CELL].join('|')})|/ruby)[\\s>/]`, 'gi');

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  shy: '\u00AD',
  zwnj: '\u200C',
  zwj: '\u200D',
  lrm: '\u200E',
  rlm: '\u200F',
  ndash: '\u2013',
  mdash: '\u2014',
  minus: '\u2212',
  hellip: '\u2026',
  bull: '\u2022',
  middot: '\u00B7',
  laquo: '\u00AB',
  raquo: '\u00BB',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201A',
  ldquo: '\u201C',
  rdquo: '\u201D',
  bdquo: '\u201E',
  lsaquo: '\u2039',
  rsaquo: '\u203A',
  copy: '\u00A9',
  reg: '\u00AE',
  trade: '\u2122',
  deg: '\u00B0',
  plusmn: '\u00B1',
  times: '\u00D7',
  divide: '\u00F7',
  micro: '\u00B5',
  para: '\u00B6',
  sect: '\u00A7',
  euro: '\u20AC',
  pound: '\u00A3',
  yen: '\u00A5',
  cent: '\u00A2',
  iexcl: '\u00A1',
  iquest: '\u00BF',
  frac12: '\u00BD',
  frac14: '\u00BC',
  frac34: '\u00BE',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  larr: '\u2190',
  rarr: '\u2192',
  szlig: '\u00DF',
  aelig: '\u00E6',
  AElig: '\u00C6',
  oslash: '\u00F8',
  Oslash: '\u00D8',
  eth: '\u00F0',
  ETH: '\u00D0',
  thorn: '\u00FE',
  THORN: '\u00DE',
};

// Accented Latin letters by rule, not by table: "&Uacute;" is U + the combining acute, composed.
const ACCENT = /^([a-zA-Z])(acute|grave|uml|circ|tilde|ring|cedil|caron)$/;
const MARKS: Record<string, string> = {
  acute: '\u0301',
  grave: '\u0300',
  uml: '\u0308',
  circ: '\u0302',
  tilde: '\u0303',
  ring: '\u030A',
  cedil: '\u0327',
  caron: '\u030C',
};

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,8}));/g;
const HTML_SPACE = /[ \t\n\r\f]+/g;

function fromCodePoint(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(cp);
}

/** Decodes character references (numeric, hex and common named ones); unknown names stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (all, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const accent = ACCENT.exec(name ?? '');
    // Only a letter that has the accent ("&qacute;" is no character): composing gives one code point.
    const composed = accent ? (accent[1]! + MARKS[accent[2]!]!).normalize('NFC') : '';
    if (composed.length === 1) return composed;
    // Own names only: `&valueOf;` or `&constructor;` is text, not a property every object inherits.
    const found = [name ?? '', (name ?? '').toLowerCase()].find((n) => Object.prototype.hasOwnProperty.call(NAMED, n));
    return found === undefined ? all : NAMED[found]!;
  });
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45;
}

// Index just past the '>' that ends a tag starting at `from`, skipping quoted attribute values.
function tagEnd(html: string, from: number): number {
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (c === 62) return j + 1;
    if (c === 34 || c === 39) {
      const q = html.indexOf(c === 34 ? '"' : "'", j + 1);
      if (q < 0) return html.length;
      j = q;
    }
  }
  return html.length;
}

/**
 * The readable text of an HTML fragment: tags removed, entities decoded, blocks on their own lines. With `maxChars`,
 * only its first `maxChars` characters (exactly `htmlToText(html).slice(0, maxChars)`), and the scan stops once it has
 * them: an 8 MB body costs what the start of its text costs.
 */
export function htmlToText(html: string, maxChars = Infinity): string {
  const out: string[] = [];
  const n = html.length;
  let i = 0;
  // Characters that tidyLines and trim() keep wherever they are: once the text so far holds maxChars of them, what
  // follows cannot change its first maxChars characters.
  let kept = 0;
  const text = (end: number): void => {
    if (end <= i) return;
    const piece = decodeEntities(html.slice(i, end).replace(HTML_SPACE, ' '));
    out.push(piece);
    if (maxChars !== Infinity) kept += countKept(piece);
  };
  while (i < n && kept < maxChars) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      text(lt);
      const comment = html.startsWith('!--', lt + 1);
      const close = comment ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2);
      i = close < 0 ? n : close + (comment ? 3 : 1);
      continue;
    }
    const closing = c === 47; /* / */
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isNameStart(html.charCodeAt(nameStart))) {
      // A '<' that starts no tag is text ("a < b").
      text(lt + 1);
      i = lt + 1;
      continue;
    }
    text(lt);
    let nameEnd = nameStart;
    while (nameEnd < n && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    i = tagEnd(html, nameEnd);
    if (BLOCK.has(name)) out.push('\n');
    else if (CELL.has(name)) out.push(' ');
    else if (!closing && ANNOTATION.has(name)) {
      ANNOTATION_END.lastIndex = i;
      const m = ANNOTATION_END.exec(html);
      i = m ? m.index : n;
    } else if (!closing && RAW.has(name)) {
      const re = new RegExp(`</${name}[\\s>/]`, 'gi');
      re.lastIndex = i;
      const m = re.exec(html);
      i = m ? tagEnd(html, m.index + 2) : n;
    }
  }
  if (kept < maxChars) text(n);
  const all = tidyLines(out.join(''));
  return all.length > maxChars ? all.slice(0, maxChars) : all;
}

// A run of two or more spaces, tabs and line feeds, or a lone tab or line feed: the runs tidyLines may change. Each
// match is a whole run, found without backtracking (`[ \t]*\n` tried again from every space of a long run without a
// line feed took time quadratic in its length: seconds for a hostile body).
const SPACE_RUN = /[ \t\n]{2,}|[\t\n]/g;
const SPACES = / {2,}/g;

/**
 * Text with each run of spaces, tabs and line feeds that holds a line feed made one line feed, every other run of
 * spaces one space, and the ends trimmed; linear in the text's length.
 */
export function tidyLines(text: string): string {
  return text.replace(SPACE_RUN, (run) => (run.includes('\n') ? '\n' : run.replace(SPACES, ' '))).trim();
}

const TRIMMED = /\s/g;

/** How many characters of `piece` are not white space as trim() has it (tidyLines and trim() never remove them). */
function countKept(piece: string): number {
  let n = piece.length;
  TRIMMED.lastIndex = 0;
  while (TRIMMED.exec(piece)) n--;
  return n;
}
