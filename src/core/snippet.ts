/** Search result snippets: a window of the original text around the first match, with ranges to highlight. */

import { normalizeText } from './normalize';
import { isJoinablePair, JOINER, NO_SPACE } from './tokenize';

/** Text to show plus [start, end) UTF-16 ranges in it to render as <mark> (via text nodes, never innerHTML). */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

// Words of the original text; soft hyphens, ZWJ and harakat stay inside a word.
const WORD = /[\p{L}\p{M}\p{N}\u00AD\u200D]+(?:[\u200C'\u2019][\p{L}\p{M}\p{N}\u00AD\u200D]+)*/gu;
const SPACE_GAP = /^\s+$/;
const ELLIPSIS = '\u2026';
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Shorter terms only count when they are a whole word: a typed "م" should not light up every word.
const MIN_PREFIX = 3;
const SQUASH = /[\s\u200C'\u2019]+/g;

/** The words of a text with their normalised forms: what matching needs, worked out once per text. */
interface WordTable {
  starts: number[];
  raw: string[];
  norm: string[];
  /** The normalised words run together: a term can span words ("می خواهم" -> "میخواهم"). */
  joined: string;
}

// Typing "د", "دا", "دان"... ranks mostly the same articles at the top: their texts are worked out once.
const tables = new Map<string, WordTable>();
const TABLES_KEPT = 256;

function wordTable(text: string): WordTable {
  const cached = tables.get(text);
  if (cached) {
    // Most recently used last, so the oldest goes first.
    tables.delete(text);
    tables.set(text, cached);
    return cached;
  }
  const starts: number[] = [];
  const raw: string[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    starts.push(m.index);
    raw.push(m[0]);
  }
  // '\n' survives normalisation, so the split stays aligned with the words.
  const norm = raw.length > 0 ? normalizeText(raw.join('\n')).split('\n') : [];
  const table = { starts, raw, norm, joined: norm.join('').replace(SQUASH, '') };
  tables.set(text, table);
  if (tables.size > TABLES_KEPT) tables.delete(tables.keys().next().value!);
  return table;
}

// Ranges of words matching a term, from the first match up to `span` characters past it.
function findMatches(text: string, terms: string[], span: number): [number, number][] {
  const { starts, raw, norm, joined } = wordTable(text);
  // Most texts a result carries do not contain its terms at all: one look tells.
  if (!terms.some((t) => joined.includes(t))) return [];
  const exact = new Set(terms);
  const firstChars = new Set(terms.map((t) => t.charAt(0)));
  const prefixes = terms.filter((t) => t.length >= MIN_PREFIX);
  const noSpace = terms.filter((t) => NO_SPACE.test(t));
  const matches = (token: string): boolean =>
    firstChars.has(token.charAt(0)) && (exact.has(token) || prefixes.some((p) => token.startsWith(p)));

  const ranges: [number, number][] = [];
  let stop = Infinity;
  let prev: { last: string; start: number; end: number; matched: boolean } | null = null;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    // Scanning stops once the window after the first match is covered.
    if (start > stop) return ranges;
    const end = start + raw[i]!.length;
    const w = norm[i] ?? '';
    const parts = JOINER.test(w) ? w.split(JOINER) : [w];
    let matched = false;
    if (matches(parts.length > 1 ? parts.join('') : w) || (parts.length > 1 && parts.some(matches))) {
      ranges.push([start, end]);
      matched = true;
    } else if (noSpace.length > 0 && NO_SPACE.test(raw[i]!)) {
      for (const t of noSpace) {
        const at = raw[i]!.indexOf(t);
        if (at >= 0) ranges.push([start + at, start + at + t.length]);
      }
    } else if (
      prev !== null &&
      !prev.matched &&
      isJoinablePair(prev.last, parts[0]!) &&
      matches(prev.last + parts[0]!) &&
      SPACE_GAP.test(text.slice(prev.end, start))
    ) {
      // "می خواهم" written apart, found by the joined term.
      ranges.push([prev.start, prev.end], [start, end]);
      matched = true;
    }
    if (stop === Infinity && ranges.length > 0) stop = ranges[0]![0] + span;
    prev = { last: parts[parts.length - 1]!, start, end, matched };
  }
  return ranges;
}

function isSpace(text: string, i: number): boolean {
  return /\s/.test(text.charAt(i));
}

/** A window of at most maxLength characters around the first word matching a term, cut at word boundaries. */
export function makeSnippet(text: string, matchedTerms: string[], maxLength = 160): Snippet {
  // Newlines become spaces one-for-one, so ranges found in `text` stay valid.
  const flat = text.replace(LINE_BREAKS, ' ');
  const ranges = matchedTerms.length > 0 ? findMatches(flat, matchedTerms, maxLength) : [];
  const n = flat.length;
  if (n <= maxLength) return { text: flat, highlights: ranges };

  const budget = Math.max(1, maxLength - 2);
  const first = ranges[0];
  let start = 0;
  if (first) {
    // Put the match about a third of the way in, so some of what leads to it shows.
    const lead = Math.floor((budget - (first[1] - first[0])) / 3);
    start = Math.max(0, Math.min(first[0] - Math.max(0, lead), n - budget));
    if (start > 0 && !isSpace(flat, start - 1)) {
      let s = start;
      while (s < first[0] && !isSpace(flat, s)) s++;
      if (s < first[0]) start = s + 1;
    }
  }
  let end = Math.min(n, start + budget);
  if (end < n && !isSpace(flat, end)) {
    let e = end;
    const floor = first ? first[1] : start + 1;
    while (e > floor && !isSpace(flat, e - 1)) e--;
    if (e > floor) end = e;
  }
  const window = flat.slice(start, end);
  const body = window.trim();
  const from = start + window.length - window.trimStart().length;
  const before = start > 0 ? ELLIPSIS : '';
  const after = end < n ? ELLIPSIS : '';
  const shift = before.length - from;
  const highlights: [number, number][] = [];
  for (const [s, e] of ranges) {
    if (s >= from && e <= from + body.length) highlights.push([s + shift, e + shift]);
  }
  return { text: before + body + after, highlights };
}
