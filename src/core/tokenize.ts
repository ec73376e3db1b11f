/** Splits text into normalised search terms, with Persian ZWNJ/particle variants and word segmentation for scripts without spaces. */

import { normalizeText } from './normalize';

/** Alternatives for one query word: any one alternative matches, and it needs all of its terms. */
export type QueryGroup = string[][];

// A word: letters, marks and digits, optionally glued by ZWNJ or an apostrophe ("می‌خواهم", "don't"); a doubled
// ZWNJ, common in hand-typed Persian ("کتاب‌‌ها"), glues like one.
const WORD = /[\p{L}\p{M}\p{N}]+(?:[\u200C'\u2019]+[\p{L}\p{M}\p{N}]+)*/gu;
/** Characters that glue parts of one word (ZWNJ, apostrophes). */
export const JOINER = /[\u200C'\u2019]/;
/** Where a word that contains a JOINER splits into its parts (a run of joiners is one split). */
export const JOINER_RUN = /[\u200C'\u2019]+/;
/** Every joiner of a text (see JOINER); a run without spaces is segmented with them taken out. */
export const JOINERS = /[\u200C'\u2019]/g;
/** Matches a character of a script written without spaces between words. */
export const NO_SPACE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30FC]+/gu;
/** What may stand between a Persian particle or suffix and its word written apart: spaces, and a ZWNJ typed next to one ("می‌ خواهم"). */
export const SPACE_GAP = /^[\s\u200C]+$/;
// Longer "words" are base64, URLs and the like: nobody searches for them and they bloat the index.
const MAX_TERM = 64;

// Persian particles and suffixes that are written joined, with ZWNJ, or with a space: the
// spaced form also gets the joined term so a reader finds it whichever way they type it.
const PREFIXES = new Set(['می', 'نمی', 'بی'].map(normalizeText));
const SUFFIXES = new Set(['ها', 'های', 'هایی', 'تر', 'ترین', 'ای', 'ام', 'ات', 'اش', 'مان', 'تان', 'شان', 'ی'].map(normalizeText));

let segmenter: Intl.Segmenter | null | undefined;

/** The word segmenter the index uses for scripts without spaces (null where the engine has none). */
export function getSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** Overlapping two-character terms for a Han/Kana run (a lone character stays itself). */
export function cjkBigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Words of a run in a script written without spaces; bigrams for Han/Kana when no segmenter is given. */
export function segmentNoSpace(word: string, seg: Intl.Segmenter | null = getSegmenter()): string[] {
  const plain = word.replace(JOINERS, '');
  if (seg) {
    const out: string[] = [];
    for (const s of seg.segment(plain)) if (s.isWordLike) out.push(s.segment);
    return out;
  }
  const out: string[] = [];
  let last = 0;
  for (const m of plain.matchAll(CJK_RUN)) {
    if (m.index > last) out.push(plain.slice(last, m.index));
    out.push(...cjkBigrams(m[0]));
    last = m.index + m[0].length;
  }
  if (last < plain.length) out.push(plain.slice(last));
  return out;
}

/** Whether two normalised words written apart are also indexed joined (a Persian particle or suffix). */
export function isJoinablePair(first: string, second: string): boolean {
  // Length first: most words are longer than any particle, and Set lookups hash the string.
  return (first.length <= 3 && PREFIXES.has(first)) || (second.length <= 4 && SUFFIXES.has(second));
}

function push(out: string[], term: string): void {
  if (term.length <= MAX_TERM) out.push(term);
}

/** Normalised index terms of a text, including joined and split variants of Persian compounds. */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  const mixed = NO_SPACE.test(norm);
  let prev: string | null = null;
  let prevEnd = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(norm); m !== null; m = WORD.exec(norm)) {
    const w = m[0];
    const end = m.index + w.length;
    if (mixed && NO_SPACE.test(w)) {
      for (const s of segmentNoSpace(w)) push(out, s);
      prev = null;
      continue;
    }
    let first = w;
    let last = w;
    if (JOINER.test(w)) {
      const parts = w.split(JOINER_RUN);
      push(out, parts.join(''));
      for (const p of parts) push(out, p);
      first = parts[0]!;
      last = parts[parts.length - 1]!;
    } else {
      push(out, w);
    }
    if (prev !== null && isJoinablePair(prev, first) && SPACE_GAP.test(norm.slice(prevEnd, m.index))) {
      push(out, prev + first);
    }
    prev = last;
    prevEnd = end;
  }
  return out;
}

interface QueryWord {
  parts: string[];
  spaceBefore: boolean;
}

/** A query as groups that must all match (see QueryGroup), so "می خواهم" also finds "می‌خواهم" and "میخواهم". */
export function tokenizeQuery(text: string): QueryGroup[] {
  const norm = normalizeText(text);
  const words: QueryWord[] = [];
  let prevEnd = -1;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(norm); m !== null; m = WORD.exec(norm)) {
    const w = m[0];
    const spaceBefore = prevEnd >= 0 && SPACE_GAP.test(norm.slice(prevEnd, m.index));
    prevEnd = m.index + w.length;
    if (NO_SPACE.test(w)) {
      for (const s of segmentNoSpace(w)) words.push({ parts: [s], spaceBefore: false });
    } else {
      words.push({ parts: w.split(JOINER_RUN), spaceBefore });
    }
  }
  const groups: QueryGroup[] = [];
  for (let i = 0; i < words.length; i++) {
    const { parts } = words[i]!;
    const next = words[i + 1];
    if (parts.length === 1 && next?.spaceBefore && next.parts.length === 1 && isJoinablePair(parts[0]!, next.parts[0]!)) {
      groups.push([[parts[0]!, next.parts[0]!], [parts[0]! + next.parts[0]!]]);
      i++;
    } else if (parts.length > 1) {
      groups.push([[parts.join('')], parts]);
    } else {
      groups.push([parts]);
    }
  }
  return groups
    .map((g) => g.map((alt) => alt.filter((t) => t.length <= MAX_TERM)).filter((alt) => alt.length > 0))
    .filter((g) => g.length > 0);
}
