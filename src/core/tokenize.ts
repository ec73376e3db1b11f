/** Splits text into normalised search terms: Persian ZWNJ/particle variants, numbers with digit groups joined, and bigrams or segmenter words for scripts without spaces. */

import { normalizeText } from './normalize';

/** Alternatives for one query word: any one alternative matches, and it needs all of its terms. */
export type QueryGroup = string[][];

/** Characters that glue parts of one word, as the inside of a RegExp character class: ZWNJ, apostrophes, and Hebrew geresh and gershayim ("צה״ל"). */
export const JOINER_CLASS = "\\u200C'\\u2019\\u05F3\\u05F4";
// A word: letters, marks and digits, optionally glued by joiners ("می‌خواهم", "don't"); a doubled ZWNJ, common in
// hand-typed Persian ("کتاب‌‌ها"), glues like one.
const WORD = new RegExp(`[\\p{L}\\p{M}\\p{N}]+(?:[${JOINER_CLASS}]+[\\p{L}\\p{M}\\p{N}]+)*`, 'gu');
/** Characters that glue parts of one word (see JOINER_CLASS). */
export const JOINER = new RegExp(`[${JOINER_CLASS}]`);
/** Where a word that contains a JOINER splits into its parts (a run of joiners is one split). */
export const JOINER_RUN = new RegExp(`[${JOINER_CLASS}]+`);
/** Every joiner of a text (see JOINER); a run without spaces is segmented with them taken out. */
export const JOINERS = new RegExp(`[${JOINER_CLASS}]`, 'g');
// Han and Kana, always indexed as bigrams; the prolonged sound mark (ー) is in no script of its own but goes with them.
const HAN_KANA = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}';
// Scripts a segmenter splits into words by dictionary; bigrams of clusters where the engine has none.
const SEA_SCRIPTS = '\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';
/** Matches a character of a script written without spaces between words. */
export const NO_SPACE = new RegExp(`[${HAN_KANA}${SEA_SCRIPTS}]`, 'u');
const CJK = new RegExp(`[${HAN_KANA}\\u30FC]`, 'u');
const SEA = new RegExp(`[${SEA_SCRIPTS}]`, 'u');
const PIECE = new RegExp(`([${HAN_KANA}\\u30FC]+)|[${SEA_SCRIPTS}]+`, 'gu');
// A cluster: a character with its marks; a virama or coeng (Myanmar, Khmer) also takes the consonant it stacks.
const CLUSTER = /[^](?:[\u1039\u17D2][^]|\p{M})*/gu;
/** What may stand between a Persian particle or suffix and its word written apart: spaces, and a ZWNJ typed next to one ("می‌ خواهم"). */
export const SPACE_GAP = /^[\s\u200C]+$/;
// Longer "words" are base64, URLs and the like: nobody searches for them and they bloat the index.
const MAX_TERM = 64;

// A number written in digit groups: "1,200,000", "1.200.000", "۱٬۲۰۰٬۰۰۰" (digits are ASCII once normalised), and
// "1 200 000", whether typed with a plain space or a no-break or thin one (NFKD makes them all plain). The same
// separator throughout, groups of exactly three digits, and not followed by that separator and another digit (so
// "192.168.1.1" and "1.200.5" are no number). A point before exactly three digits ("1.200") reads as a group
// separator: the parts stay terms too, so a reader who meant 1.2 loses nothing. Dates ("2024-03-01") and decimals
// ("3.5", "3.14159") are left alone. A Swiss "1'200" is one word already (see WORD), indexed joined like any other.
// A character of a word written with spaces: none may touch a number (a Chinese or Thai one may: "共1,200人").
const SPACED_WORD_CHAR = `(?![${HAN_KANA}\\u30FC${SEA_SCRIPTS}])[\\p{L}\\p{M}\\p{N}${JOINER_CLASS}]`;
const DIGIT_GROUPS = new RegExp(`[1-9][0-9]{0,2}([,.\\u066C ])[0-9]{3}(?:\\1[0-9]{3})*(?!\\1[0-9]|${SPACED_WORD_CHAR})`, 'gu');
const MAYBE_DIGIT_GROUPS = /[0-9][,.\u066C ][0-9]{3}/;
// Checked on the characters before a number, as Safari 14 has no lookbehind.
const SPACED_WORD_CHAR_BEFORE = new RegExp(`${SPACED_WORD_CHAR}$`, 'u');
const DIGIT = /[0-9]/;

/** A number written in digit groups: [start, end) in the text it was found in, and its digits run together. */
export interface GroupedNumber {
  start: number;
  end: number;
  term: string;
}

/**
 * Numbers written in digit groups in a normalised text (or one whose digits and spaces are folded one for one),
 * which the index also holds joined ("1,200,000" -> "1200000") so that they are found however they are typed.
 */
export function digitGroups(norm: string): GroupedNumber[] {
  if (!MAYBE_DIGIT_GROUPS.test(norm)) return [];
  const out: GroupedNumber[] = [];
  for (const m of norm.matchAll(DIGIT_GROUPS)) {
    const start = m.index ?? 0;
    if (SPACED_WORD_CHAR_BEFORE.test(norm.slice(Math.max(0, start - 2), start))) continue;
    // The tail of a longer number ("500.000" of "0.500.000"); one after another number ("1,200 2,000") is fine.
    if (norm.charAt(start - 1) === m[1] && DIGIT.test(norm.charAt(start - 2))) continue;
    out.push({ start, end: start + m[0].length, term: m[0].split(m[1]!).join('') });
  }
  return out;
}

// Persian particles and suffixes that are written joined, with ZWNJ, or with a space: the
// spaced form also gets the joined term so a reader finds it whichever way they type it.
const PREFIXES = new Set(['می', 'نمی', 'بی'].map(normalizeText));
const SUFFIXES = new Set(['ها', 'های', 'هایی', 'تر', 'ترین', 'ای', 'ام', 'ات', 'اش', 'مان', 'تان', 'شان', 'ی'].map(normalizeText));

// The Arabic article before at least three letters (القرآن), or after و ب ف ک (ل + ال is written لل) before at least
// four: a Persian word that only looks so (والدین, بالگرد, کالسکه) must not be found by دین, گرد or سکه.
const ARTICLE = /^(?:\u0627\u0644(?=[^]{3})|(?:[\u0648\u0628\u0641\u06A9]\u0627\u0644|\u0644\u0644)(?=[^]{4}))/;

/**
 * A normalised Arabic word without its article and the particle before it ("بالعربیه" -> "عربیه"), which the index also
 * holds, so a query without it finds it; null when the word has none. (A Persian word such as "الهام" also gets the
 * shorter form "هام": an extra term costs a little precision, never a match.)
 */
export function withoutArticle(w: string): string | null {
  const m = ARTICLE.exec(w);
  return m ? w.slice(m[0].length) : null;
}

// A hyphen (or Unicode hyphen, non-breaking hyphen) alone between two words: "covid-19", "wi-fi" are also indexed joined.
export const HYPHEN_GAP = /^[-\u2010\u2011]$/;
// At most this many distinct words of a query are looked for: a pasted paragraph cannot take seconds.
const MAX_QUERY_WORDS = 32;
// A number range ("10-20", "2020-2024") is not a hyphenated word.
const NUMBER = /^[0-9]+$/;

let segmenter: Intl.Segmenter | null | undefined;

/** The word segmenter the index uses for scripts without spaces (null where the engine has none). */
export function getSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;
  }
  return segmenter;
}

/** Overlapping pairs of units (a lone unit stays itself). */
function bigrams(units: readonly string[]): string[] {
  if (units.length < 2) return units.slice();
  const out: string[] = [];
  for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + units[i + 1]!);
  return out;
}

/** Overlapping two-character terms for a Han/Kana run (a lone character stays itself). */
export function cjkBigrams(run: string): string[] {
  return bigrams([...run]);
}

/** A piece of a run without spaces, as the index takes it (see splitRun). */
export interface RunPiece {
  start: number;
  end: number;
  /** Indexed as overlapping pairs of these units; null when it is indexed as words. */
  units: string[] | null;
  /** Its words are the segmenter's (a Thai, Lao, Khmer or Myanmar piece where the engine has one); else it is one word. */
  segmented: boolean;
}

/**
 * The pieces of a normalised run without joiners. Han and Kana are indexed as bigrams of characters in every engine,
 * like Lucene's CJKAnalyzer, so a word inside a longer dictionary word ("学生" in "大学生") is found; Thai, Lao,
 * Khmer and Myanmar as the segmenter's words, or bigrams of clusters where there is no segmenter; anything else
 * (Latin, digits) as one word.
 */
export function splitRun(plain: string, hasSegmenter: boolean): RunPiece[] {
  const out: RunPiece[] = [];
  let last = 0;
  for (const m of plain.matchAll(PIECE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (start > last) out.push({ start: last, end: start, units: null, segmented: false });
    if (m[1] !== undefined) out.push({ start, end, units: [...m[0]], segmented: false });
    else if (hasSegmenter) out.push({ start, end, units: null, segmented: true });
    else out.push({ start, end, units: m[0].match(CLUSTER) ?? [], segmented: false });
    last = end;
  }
  if (last < plain.length) out.push({ start: last, end: plain.length, units: null, segmented: false });
  return out;
}

/** Whether an index term is a bigram, or a run's last unit, of a piece indexed as bigrams (see splitRun). */
export function isBigramTerm(term: string): boolean {
  return CJK.test(term) || (SEA.test(term) && getSegmenter() === null);
}

/** The words of a piece that is not indexed as bigrams. */
function pieceWords(piece: string, p: RunPiece, seg: Intl.Segmenter | null): string[] {
  if (!p.segmented || !seg) return [piece];
  const out: string[] = [];
  for (const s of seg.segment(piece)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/**
 * Index terms of a run in a script written without spaces: bigrams and the last unit of a Han/Kana piece (so a
 * one-character query, matched as a prefix, finds any character), segmenter words or cluster bigrams of the rest.
 */
export function segmentNoSpace(word: string, seg: Intl.Segmenter | null = getSegmenter()): string[] {
  const plain = word.replace(JOINERS, '');
  const out: string[] = [];
  for (const p of splitRun(plain, seg !== null)) {
    const piece = plain.slice(p.start, p.end);
    if (!p.units) out.push(...pieceWords(piece, p, seg));
    else if (p.units.length < 2) out.push(...p.units);
    else out.push(...bigrams(p.units), p.units[p.units.length - 1]!);
  }
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

/** Pushes a word, and the word without its Arabic article when it has one. */
function pushWord(out: string[], w: string): void {
  push(out, w);
  const bare = w.charCodeAt(0) < 0x600 ? null : withoutArticle(w);
  if (bare !== null) push(out, bare);
}

/** Normalised index terms of a text, including joined and split variants of Persian compounds and joined digit groups. */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  const mixed = NO_SPACE.test(norm);
  const numbers = digitGroups(norm);
  let n = 0;
  let prev: string | null = null;
  let prevEnd = 0;
  // Whether `prev` follows a hyphen: only a pair of words is joined, never "state-of-the-art".
  let prevHyphen = false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(norm); m !== null; m = WORD.exec(norm)) {
    const w = m[0];
    const end = m.index + w.length;
    // A number's parts stay terms too ("200" still finds "1,200,000"), as they were before it was joined.
    while (n < numbers.length && numbers[n]!.start < end) push(out, numbers[n++]!.term);
    if (mixed && NO_SPACE.test(w)) {
      for (const s of segmentNoSpace(w)) push(out, s);
      prev = null;
      continue;
    }
    let first = w;
    let last = w;
    if (JOINER.test(w)) {
      const parts = w.split(JOINER_RUN);
      pushWord(out, parts.join(''));
      for (const p of parts) push(out, p);
      first = parts[0]!;
      last = parts[parts.length - 1]!;
    } else {
      pushWord(out, w);
    }
    const hyphen = prev !== null && m.index === prevEnd + 1 && HYPHEN_GAP.test(norm.charAt(prevEnd));
    if (prev !== null && isJoinablePair(prev, first) && SPACE_GAP.test(norm.slice(prevEnd, m.index))) {
      push(out, prev + first);
    } else if (prev !== null && hyphen && !prevHyphen && !HYPHEN_GAP.test(norm.charAt(end)) && !(NUMBER.test(prev) && NUMBER.test(first))) {
      push(out, prev + first);
    }
    prevHyphen = hyphen;
    prev = last;
    prevEnd = end;
  }
  return out;
}

interface QueryWord {
  parts: string[];
  spaceBefore: boolean;
  /** A word matched as it is, never joined with its neighbour: a number in digit groups, or a piece indexed as bigrams. */
  group?: QueryGroup;
  /** For a piece indexed as bigrams: the piece itself (see bigramRuns). */
  run?: string;
}

/** The words of a query as tokenizeQuery groups them, with what a snippet marks for its bigram pieces. */
function queryWords(text: string): QueryWord[] {
  const norm = normalizeText(text);
  const numbers = digitGroups(norm);
  let n = 0;
  let pushed = -1;
  const words: QueryWord[] = [];
  let prevEnd = -1;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(norm); m !== null; m = WORD.exec(norm)) {
    const w = m[0];
    const end = m.index + w.length;
    const spaceBefore = prevEnd >= 0 && SPACE_GAP.test(norm.slice(prevEnd, m.index));
    prevEnd = end;
    while (n < numbers.length && numbers[n]!.end <= m.index) n++;
    const number = numbers[n];
    if (number && m.index >= number.start && end <= number.end) {
      // A number typed in digit groups is looked for joined, as the index holds every such number.
      if (pushed !== n) words.push({ parts: [], spaceBefore, group: [[number.term]] });
      pushed = n;
      continue;
    }
    if (!NO_SPACE.test(w)) {
      words.push({ parts: w.split(JOINER_RUN), spaceBefore });
      continue;
    }
    const plain = w.replace(JOINERS, '');
    const seg = getSegmenter();
    for (const p of splitRun(plain, seg !== null)) {
      const piece = plain.slice(p.start, p.end);
      if (p.units) {
        // Every bigram of the piece is needed (AND within the word); a lone unit is matched as a prefix.
        words.push({ parts: [], spaceBefore: false, group: [bigrams(p.units)], run: piece });
      } else {
        for (const s of pieceWords(piece, p, seg)) words.push({ parts: [s], spaceBefore: false });
      }
    }
  }
  return words;
}

/** A query as groups that must all match (see QueryGroup), so "می خواهم" also finds "می‌خواهم" and "میخواهم". */
export function tokenizeQuery(text: string): QueryGroup[] {
  const words = queryWords(text);
  const groups: QueryGroup[] = [];
  for (let i = 0; i < words.length; i++) {
    const { parts, group } = words[i]!;
    const next = words[i + 1];
    if (group) {
      groups.push(group);
    } else if (parts.length === 1 && next?.spaceBefore && next.parts.length === 1 && isJoinablePair(parts[0]!, next.parts[0]!)) {
      groups.push([[parts[0]!, next.parts[0]!], [parts[0]! + next.parts[0]!]]);
      i++;
    } else if (parts.length > 1) {
      groups.push([[parts.join('')], parts]);
    } else {
      groups.push([parts]);
    }
  }
  const seen = new Set<string>();
  return groups
    .map((g) => g.map((alt) => alt.filter((t) => t.length <= MAX_TERM)).filter((alt) => alt.length > 0))
    .filter((g) => {
      const key = JSON.stringify(g);
      const fresh = g.length > 0 && !seen.has(key);
      seen.add(key);
      return fresh;
    })
    .slice(0, MAX_QUERY_WORDS);
}

/**
 * The pieces of a query the index holds as bigrams, whole and normalised: what a snippet marks for them. The bigrams
 * themselves would mark too much: "大学" and "学生" standing apart for the query "大学生", and a character too many
 * where "学" matched "学生" as a prefix.
 */
export function bigramRuns(text: string): string[] {
  const out: string[] = [];
  for (const w of queryWords(text)) if (w.run !== undefined && !out.includes(w.run)) out.push(w.run);
  return out.slice(0, MAX_QUERY_WORDS);
}
