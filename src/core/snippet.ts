/** Search result snippets: a window of the original text around the first match, with ranges to highlight. */

import { INVISIBLE_CLASS, normalizeText } from './normalize';
import {
  digitGroups,
  getSegmenter,
  HYPHEN_GAP,
  isJoinablePair,
  JOINER,
  JOINER_CLASS,
  JOINER_RUN,
  JOINERS,
  NO_SPACE,
  SPACE_GAP,
  splitRun,
  withoutArticle,
} from './tokenize';

/** Text to show plus [start, end) UTF-16 ranges in it to render as <mark> (via text nodes, never innerHTML). */
export interface Snippet {
  text: string;
  /** In text order, never overlapping. */
  highlights: [number, number][];
}

// Words of the original text, as the tokenizer finds them in its normalised form: the invisible characters
// normalising drops (soft hyphen, ZWJ, RLM...) and harakat stay inside a word, and a run of joiners glues like one.
const WORD_CHAR = `[\\p{L}\\p{M}\\p{N}${INVISIBLE_CLASS}]`;
const WORD = new RegExp(`${WORD_CHAR}+(?:[${JOINER_CLASS}]+${WORD_CHAR}+)*`, 'gu');
const ELLIPSIS = '\u2026';
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Shorter terms only count when they are a whole word: a typed "م" should not light up every word.
const MIN_PREFIX = 3;
const SQUASH = new RegExp(`[\\s${JOINER_CLASS}]+`, 'g');
// Every character of NO_SPACE is in these blocks (Thai to Myanmar, Khmer, CJK and up, astral): a cheap look first.
const MAYBE_NO_SPACE = /[\u0E00-\u109F\u1780-\u17FF\u19E0-\u19FF\u2E80-\uFFFF\uD800-\uDBFF]/;
// A character with the marks that go with it: the unit a run without spaces is normalised by, to map back.
// (Half-width kana sound marks are letters, not marks, but NFKD turns them into marks of the kana before.)
const UNIT = /[\s\S][\p{M}\uFF9E\uFF9F]*/gu;
// A digit, a space or a point between digits: where the index may have joined a number written in digit groups.
const NUMBER_HINT = /\p{Nd}[ ,.\u066C\u00A0\u2000-\u200A\u202F\u205F\u3000\uFE50\uFE52\uFF0C\uFF0E]\p{Nd}/u;
// What normalising turns into an ASCII digit, space, comma or point, one character for one (astral digits stay).
const NUMBER_FOLD = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\uFE50\uFE52\uFF0C\uFF0E]|(?![0-9])\p{Nd}/gu;
const DIGIT_FIRST = /^[0-9]/;
const MARK_AT = /^\p{M}/u;

/**
 * One word of a text, or one segment of a run without spaces: [start, end) in the text, its normalised form, and,
 * for a segment, where its normalised characters come from (to mark a term found inside it).
 */
interface Word {
  start: number;
  end: number;
  norm: string;
  map: OffsetMap | null;
  /** A piece the index holds as bigrams (see splitRun): only terms found inside it are marked, never the piece. */
  whole?: boolean;
}

/** A word of the text as the table keeps it; whether it is a run without spaces is worked out when matching reaches it. */
interface TableWord extends Word {
  raw: string;
  /** Whether it is a run of a script written without spaces (see NO_SPACE). */
  isRun?: boolean;
  /** A run's words (see segmentRun); null when they cannot be mapped back to it. */
  segments?: Word[] | null;
}

/**
 * Offsets of each unit of a run, in the run and in its normalised form, each ending with the total length (null
 * when normalising left the run as it was: offsets are the same in both).
 */
interface OffsetMap {
  raw: number[] | null;
  norm: number[] | null;
  /** Where the segment starts in the normalised run. */
  from: number;
}

/** The words of a text with their normalised forms: what matching needs, worked out once per text. */
interface WordTable {
  words: TableWord[];
  /** The normalised words run together: a term can span words ("می خواهم" -> "میخواهم"). */
  joined: string;
  /** Numbers written in digit groups, each as the one term the index also holds for it ("1,200" -> "1200"); worked out when a term is a number. */
  numbers?: Word[];
}

// Typing "د", "دا", "دان"... ranks mostly the same articles at the top: their texts are worked out once.
const tables = new Map<string, WordTable>();
const TABLES_KEPT = 256;

// Characters of runs without spaces repeat a lot: each is normalised once.
const units = new Map<string, string>();
const UNITS_KEPT = 8192;

function normalizeUnit(u: string): string {
  let v = units.get(u);
  if (v === undefined) {
    v = JOINER.test(u) ? '' : normalizeText(u);
    if (units.size >= UNITS_KEPT) units.clear();
    units.set(u, v);
  }
  return v;
}

/** Normalised offset `at` of a run as an offset in the raw run: a unit's start, or (`up`) the end of the unit it is in. */
function toRaw(map: OffsetMap, at: number, up: boolean): number {
  const { raw, norm } = map;
  if (!raw || !norm) return at;
  let lo = 0;
  let hi = norm.length - 1;
  // The last unit starting at or before `at`.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (norm[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  if (up && norm[lo]! < at) lo++;
  return raw[lo]!;
}

/** A run's normalised form without joiners: what the tokenizer segments. */
const plainOf = (w: TableWord): string => (JOINER.test(w.norm) ? w.norm.replace(JOINERS, '') : w.norm);

/**
 * A run as the words the index made of it (see splitRun): its pieces held as bigrams, whole; the segmenter's words of
 * the others (the same segmenter the tokenizer uses); each mapped back to the run. Null when normalising the run
 * character by character does not give its normalised form (the map would be wrong).
 */
function segmentRun(run: TableWord, seg: Intl.Segmenter | null): Word[] | null {
  const { raw, start } = run;
  const plain = plainOf(run);
  let rawAt: number[] | null = null;
  let normAt: number[] | null = null;
  if (plain !== raw) {
    rawAt = [];
    normAt = [];
    let joined = '';
    UNIT.lastIndex = 0;
    for (let m = UNIT.exec(raw); m !== null; m = UNIT.exec(raw)) {
      rawAt.push(m.index);
      normAt.push(joined.length);
      joined += normalizeUnit(m[0]);
    }
    rawAt.push(raw.length);
    normAt.push(joined.length);
    if (joined !== plain) return null;
  }
  const word = (from: number, norm: string, whole: boolean): Word => {
    const map: OffsetMap = { raw: rawAt, norm: normAt, from };
    return { start: start + toRaw(map, from, false), end: start + toRaw(map, from + norm.length, true), norm, map, whole };
  };
  const out: Word[] = [];
  for (const p of splitRun(plain, seg !== null)) {
    const piece = plain.slice(p.start, p.end);
    if (!p.segmented || !seg) {
      out.push(word(p.start, piece, p.units !== null));
      continue;
    }
    for (const s of seg.segment(piece)) if (s.isWordLike) out.push(word(p.start + s.index, s.segment, false));
  }
  return out;
}

/** Numbers written in digit groups, found as the tokenizer finds them (see digitGroups), at offsets of the text. */
function numbersOf(text: string): Word[] {
  if (!NUMBER_HINT.test(text)) return [];
  const folded = text.replace(NUMBER_FOLD, (c) => {
    const f = c.length === 1 ? normalizeText(c) : c;
    return f.length === 1 ? f : c;
  });
  return digitGroups(folded).map(({ start, end, term }) => ({ start, end, norm: term, map: null }));
}

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
  const words = raw.map((r, i): TableWord => ({ start: starts[i]!, end: starts[i]! + r.length, norm: norm[i] ?? '', map: null, raw: r }));
  const table: WordTable = { words, joined: norm.join('').replace(SQUASH, '') };
  tables.set(text, table);
  if (tables.size > TABLES_KEPT) tables.delete(tables.keys().next().value!);
  return table;
}

/** Ranges sorted by start, overlapping ones merged (ranges that only touch stay apart). */
function sortAndMerge(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of ranges) {
    const last = out[out.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

// Ranges of words matching a term, from the first match up to `span` characters past it, in text order.
function findMatches(text: string, terms: string[], span: number): [number, number][] {
  const table = wordTable(text);
  const { words, joined } = table;
  // Most texts a result carries do not contain its terms at all: one look tells.
  if (!terms.some((t) => joined.includes(t))) return [];
  const numbers = terms.some((t) => DIGIT_FIRST.test(t)) ? (table.numbers ??= numbersOf(text)) : [];
  const exact = new Set(terms);
  const firstChars = new Set(terms.map((t) => t.charAt(0)));
  const prefixes = terms.filter((t) => t.length >= MIN_PREFIX);
  const noSpace = terms.filter((t) => NO_SPACE.test(t));
  const matchesAsIs = (token: string): boolean =>
    firstChars.has(token.charAt(0)) && (exact.has(token) || prefixes.some((p) => token.startsWith(p)));
  // An Arabic word is also indexed without its article ("القرآن" for "قرآن"): the whole word is marked.
  const matches = (token: string): boolean => {
    if (matchesAsIs(token)) return true;
    const bare = token.charCodeAt(0) < 0x600 ? null : withoutArticle(token);
    return bare !== null && matchesAsIs(bare);
  };

  const ranges: [number, number][] = [];
  let stop = Infinity;
  const settleStop = (): void => {
    if (stop === Infinity && ranges.length > 0) stop = Math.min(...ranges.map((r) => r[0])) + span;
  };
  let prev: { last: string; start: number; end: number; matched: boolean } | null = null;
  let n = 0;
  // A number in digit groups, as one word ("1,200,000" for the term "1200000"), in text order with the words.
  const visitNumbers = (before: number): void => {
    for (; n < numbers.length && numbers[n]!.start < before && numbers[n]!.start <= stop; n++) {
      const { start, end, norm } = numbers[n]!;
      if (matches(norm)) ranges.push([start, end]);
      settleStop();
    }
  };

  const visit = ({ start, end, norm: w, map, whole }: Word): void => {
    const parts = JOINER.test(w) ? w.split(JOINER_RUN) : [w];
    // What stands between this word and the one before, when the two may have been indexed joined.
    const gap = prev !== null && !prev.matched && !map ? text.slice(prev.end, start) : '';
    let matched = false;
    if (whole && map) {
      matched = markInside(ranges, w, start, map, noSpace);
    } else if (HYPHEN_GAP.test(gap) && matches(prev!.last + parts[0]!)) {
      // "wi-fi", "covid-19", found by the joined term: marked as one.
      ranges.push([prev!.start, end]);
      matched = true;
    } else if (matches(parts.length > 1 ? parts.join('') : w) || (parts.length > 1 && parts.some(matches))) {
      ranges.push([start, end]);
      matched = true;
    } else if (map) {
      // A segment holding a shorter term ("中国" in "中国人").
      matched = markInside(ranges, w, start, map, noSpace);
    } else if (SPACE_GAP.test(gap) && isJoinablePair(prev!.last, parts[0]!) && matches(prev!.last + parts[0]!)) {
      // "می خواهم" written apart (or with a ZWNJ beside the space), found by the joined term.
      ranges.push([prev!.start, prev!.end], [start, end]);
      matched = true;
    }
    settleStop();
    prev = { last: parts[parts.length - 1]!, start, end, matched };
  };

  for (const word of words) {
    // Scanning stops once the window after the first match is covered.
    if (word.start > stop) break;
    visitNumbers(word.end);
    word.isRun ??= MAYBE_NO_SPACE.test(word.raw) && NO_SPACE.test(word.raw);
    if (!word.isRun) {
      visit(word);
      continue;
    }
    // A run without spaces: any match in it holds a term, so only such a run is segmented.
    prev = null;
    const plain = plainOf(word);
    if (!terms.some((t) => plain.includes(t))) continue;
    if (word.segments === undefined) word.segments = segmentRun(word, getSegmenter());
    if (word.segments) {
      for (const seg of word.segments) if (seg.start <= stop) visit(seg);
    } else {
      // Its normalised form could not be mapped back: the run as one word, and the terms as written in it.
      visit(word);
      for (const t of noSpace) {
        for (let at = word.raw.indexOf(t); at >= 0; at = word.raw.indexOf(t, at + t.length)) {
          ranges.push([word.start + at, word.start + at + t.length]);
        }
      }
      settleStop();
    }
    prev = null;
  }
  visitNumbers(Infinity);
  return sortAndMerge(ranges);
}

/** Marks each place a term without spaces occurs inside a segment (normalised `w`, starting at `start` of the text). */
function markInside(ranges: [number, number][], w: string, start: number, map: OffsetMap, terms: string[]): boolean {
  const base = start - toRaw(map, map.from, false);
  let found = false;
  for (const t of terms) {
    for (let at = w.indexOf(t); at >= 0; at = w.indexOf(t, at + t.length)) {
      ranges.push([base + toRaw(map, map.from + at, false), base + toRaw(map, map.from + at + t.length, true)]);
      found = true;
    }
  }
  return found;
}

function isSpace(text: string, i: number): boolean {
  return /\s/.test(text.charAt(i));
}

let graphemes: Intl.Segmenter | null | undefined;

/** The user-perceived character (grapheme cluster) around offset i: [start, end); a code point where the engine cannot tell. */
function clusterAt(text: string, i: number): [number, number] {
  graphemes ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (graphemes) {
    const s = graphemes.segment(text).containing(i);
    if (s) return [s.index, s.index + s.segment.length];
  }
  const low = (at: number): boolean => (text.charCodeAt(at) & 0xfc00) === 0xdc00;
  const high = (at: number): boolean => (text.charCodeAt(at) & 0xfc00) === 0xd800;
  if (low(i) && high(i - 1)) return [i - 1, i + 1];
  return [i, high(i) && low(i + 1) ? i + 2 : i + 1];
}

/** Offset i moved forward (or, with `back`, backward) to the nearest boundary between user-perceived characters. */
export function snap(text: string, i: number, back: boolean): number {
  if (i <= 0 || i >= text.length || isSpace(text, i)) return i;
  const [s, e] = clusterAt(text, i);
  return s === i ? i : back ? s : e;
}

/**
 * A window of at most maxLength characters around the first word matching a term, cut at word boundaries (in text
 * without spaces, between user-perceived characters). `truncated`: the text is the start of a longer one (its last
 * word may be cut), so the snippet never ends with that word and says the text goes on.
 */
export function makeSnippet(text: string, matchedTerms: string[], maxLength = 160, truncated = false): Snippet {
  // Newlines become spaces one-for-one, so ranges found in `text` stay valid.
  const flat = text.replace(LINE_BREAKS, ' ');
  const ranges: [number, number][] = [];
  for (let [s, e] of matchedTerms.length > 0 ? findMatches(flat, matchedTerms, maxLength) : []) {
    // A word may start with a mark of the character before it ("▪️خبر"): a highlight holds whole clusters.
    if (MARK_AT.test(flat.slice(s, s + 2))) s = snap(flat, s, false);
    if (MARK_AT.test(flat.slice(e, e + 2))) e = snap(flat, e, false);
    const last = ranges[ranges.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else if (e > s) ranges.push([s, e]);
  }
  const n = flat.length;
  if (n <= maxLength && !truncated) return { text: flat, highlights: ranges };

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
      else start = Math.min(snap(flat, start, false), first[0]);
    }
  }
  let end = Math.min(n, start + budget);
  if ((end < n || truncated) && !isSpace(flat, end)) {
    let e = end;
    const floor = first ? first[1] : start + 1;
    while (e > floor && !isSpace(flat, e - 1)) e--;
    if (e > floor) end = e;
    else if (end < n) {
      // No space to end at: between user-perceived characters.
      const back = snap(flat, end, true);
      end = back > start ? back : snap(flat, end, false);
    } else if (n > 0) {
      // The end of a cut text, with no space to go back to: its last character may be cut too.
      const back = clusterAt(flat, n - 1)[0];
      if (back > start) end = back;
    }
  }
  const window = flat.slice(start, end);
  const body = window.trim();
  const from = start + window.length - window.trimStart().length;
  const before = start > 0 ? ELLIPSIS : '';
  const after = end < n || truncated ? ELLIPSIS : '';
  const shift = before.length - from;
  const highlights: [number, number][] = [];
  for (const [s, e] of ranges) {
    if (s >= from && e <= from + body.length) highlights.push([s + shift, e + shift]);
  }
  return { text: before + body + after, highlights };
}
