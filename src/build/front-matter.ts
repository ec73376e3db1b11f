/** Article front matter: split from the Markdown, read strictly, normalised into manifest metadata. */
import { directionOf } from '../core/direction';
import type { Dir } from '../core/types';
import { hasVisible, invisibleNames } from './invisible';
import { canonicalLang, langHint } from './lang';
import { isMapping, parseYaml } from './yaml';

/** What the front matter says about an article (the rest of ArticleMeta comes from the body). */
export interface FrontMatter {
  title: string;
  /** 'YYYY-MM-DD' or a full ISO date-time in UTC. */
  date: string;
  updated?: string;
  /** Seconds since epoch of `updated`, else of `date` (never below 0). */
  version: number;
  lang: string;
  dir: Dir;
  summary?: string;
  author?: string;
  tags: string[];
}

/** Front matter and the Markdown after it; `bodyLine` is the body's first line number in the file. */
export interface SplitArticle {
  yaml: string | undefined;
  body: string;
  bodyLine: number;
  /** The file starts a front matter block that no `---` line ends (then `yaml` is undefined and `body` is the whole text). */
  unclosed?: true;
}

// `imported` is the importers' record of where a file came from (src/build/importers/article-writer.ts).
const KNOWN = new Set(['title', 'date', 'updated', 'lang', 'dir', 'summary', 'author', 'tags', 'imported']);
// Fields that are text as written: YAML would read `title: 1.10` as the number 1.1 and `007` as 7.
const TEXT_FIELDS = ['title', 'summary', 'author', 'tags'];
/** The earliest year an article's date may have, from front matter or an importer: anything before is a typo or another calendar (a Solar Hijri 1403 is 2024). */
export const FIRST_YEAR = 1900;
const DAY_MS = 86_400_000;
// The limits the manifest enforces (core/manifest.ts), checked here so the file gets the blame.
const LIMIT = { title: 1000, summary: 4000, author: 300, tag: 100, tags: 64 };
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Cut the leading `---` YAML block (if any) from an article's text; line endings become \n. */
export function splitFrontMatter(text: string): SplitArticle {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^---[ \t]*\n/.test(src)) return { yaml: undefined, body: src, bodyLine: 1 };
  const lines = src.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[i]!)) {
      return { yaml: lines.slice(1, i).join('\n'), body: lines.slice(i + 1).join('\n'), bodyLine: i + 2 };
    }
  }
  // No closing line: reading the rest as YAML would take the Markdown for front matter and publish an empty article.
  return { yaml: undefined, body: src, bodyLine: 1, unclosed: true };
}

/** The reason given for a file whose front matter has no end. */
export const UNCLOSED_FRONT_MATTER =
  'front matter has no closing --- line: end the front matter block with a line of three dashes before the text.';

/** Read front matter YAML into metadata; throws an Error whose message is the reason (one sentence); `warn` gets lesser issues. */
export function readFrontMatter(
  yaml: string | undefined,
  defaults: { lang: string },
  warn: (reason: string) => void = () => {},
): FrontMatter {
  if (yaml === undefined) throw new Error('no front matter: start the file with a --- block holding at least title and date.');
  let raw: unknown;
  try {
    raw = parseYaml(yaml, 1, TEXT_FIELDS);
  } catch (e) {
    throw new Error(`broken front matter: ${(e as Error).message}`);
  }
  if (!isMapping(raw)) throw new Error('the front matter must be a YAML mapping (title: ..., date: ...).');
  for (const key of Object.keys(raw)) if (!KNOWN.has(key)) warn(`unknown front matter field "${key}" is ignored.`);

  const title = text(raw.title, 'title', LIMIT.title);
  if (title === undefined) throw new Error('missing title in the front matter.');
  if (raw.date === undefined || raw.date === null || raw.date === '') throw new Error('missing date in the front matter.');
  const date = normalizeDate(raw.date);
  if (date === undefined) throw new Error(`date "${shown(raw.date)}" is not a date like 2024-05-01 or 2024-05-01T09:30:00Z.`);
  checkYear('date', raw.date, date);
  let updated: string | undefined;
  if (raw.updated !== undefined && raw.updated !== null) {
    updated = normalizeDate(raw.updated);
    if (updated === undefined) throw new Error(`updated "${shown(raw.updated)}" is not a date like 2024-05-01 or 2024-05-01T09:30:00Z.`);
    checkYear('updated', raw.updated, updated);
    if (dateValue(updated) < dateValue(date)) {
      throw new Error(
        `updated "${shown(raw.updated)}" is earlier than date "${shown(raw.date)}": updated is when the article was last corrected, ` +
          'and an earlier one gives it a lower version, so readers who have it never get the correction.',
      );
    }
  }

  let lang = defaults.lang;
  if (raw.lang !== undefined && raw.lang !== null) {
    const canonical = typeof raw.lang === 'string' ? canonicalLang(raw.lang) : undefined;
    if (canonical === undefined) {
      const hint = langHint(raw.lang);
      throw new Error(
        `lang "${shown(raw.lang)}" is not a BCP 47 language tag such as fa, en or ku-Arab${hint === undefined ? '.' : `: ${hint}`}`,
      );
    }
    lang = canonical;
  }
  let dir = directionOf(lang);
  if (raw.dir !== undefined && raw.dir !== null) {
    if (raw.dir !== 'rtl' && raw.dir !== 'ltr') throw new Error(`dir must be "rtl" or "ltr", not "${shown(raw.dir)}".`);
    dir = raw.dir;
  }

  const fm: FrontMatter = { title, date, version: versionOf(updated ?? date), lang, dir, tags: readTags(raw.tags) };
  if (updated !== undefined) fm.updated = updated;
  const summary = text(raw.summary, 'summary', LIMIT.summary);
  if (summary !== undefined) fm.summary = summary;
  const author = text(raw.author, 'author', LIMIT.author);
  if (author !== undefined) fm.author = author;
  return fm;
}

/** A YAML date value or ISO string as 'YYYY-MM-DD' (date only) or a full UTC ISO date-time; undefined if it is not a real date. */
export function normalizeDate(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  const d = DATE_ONLY.exec(s);
  if (d) return isCalendarDate(+d[1]!, +d[2]!, +d[3]!) ? s : undefined;
  const t = DATE_TIME.exec(s);
  if (!t) return undefined;
  const [, y, mo, day, h, mi, sec = '00', frac = '', zone = 'Z'] = t;
  if (!isCalendarDate(+y!, +mo!, +day!) || +h! > 23 || +mi! > 59 || +sec > 59) return undefined;
  // A time without a zone is read as UTC, so a build gives the same result on every machine.
  const tz =
    zone.toUpperCase() === 'Z'
      ? 'Z'
      : zone.length === 3
        ? `${zone}:00`
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${day}T${h}:${mi}:${sec}${frac.slice(0, 4)}${tz}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Milliseconds since epoch of a normalised date (date-only means midnight UTC). */
export function dateValue(date: string): number {
  return Date.parse(date);
}

/** Refuse a year before FIRST_YEAR: most likely a Solar Hijri date (1403-01-15), which is also a valid Gregorian one. */
function checkYear(field: string, raw: unknown, date: string): void {
  const year = Number(date.slice(0, 4));
  if (year >= FIRST_YEAR) return;
  // Solar Hijri years now in use are around 1400 (and lunar Hijri ones around 1445).
  if (year < 1300 || year >= 1500)
    throw new Error(`${field} "${shown(raw)}" is before ${FIRST_YEAR}: write the Gregorian date of the article.`);
  const d = DATE_ONLY.exec(String(raw).trim().slice(0, 10));
  const gregorian = d && year <= 1420 ? solarHijriToGregorian(+d[1]!, +d[2]!, +d[3]!) : undefined;
  throw new Error(
    `${field} "${shown(raw)}" is before ${FIRST_YEAR}: it looks like a Solar Hijri (Persian calendar) date; write the Gregorian date` +
      (gregorian === undefined ? ' instead.' : ` instead (as a Solar Hijri date, ${d![0]} is ${gregorian}).`),
  );
}

/** The Gregorian 'YYYY-MM-DD' of a Solar Hijri date, from the platform's Persian calendar; undefined if it has none. */
export function solarHijriToGregorian(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    if (format.resolvedOptions().calendar !== 'persian') return undefined;
  } catch {
    return undefined;
  }
  // Farvardin 1 falls on March 20 or 21 of year + 621; the first six months have 31 days, the next five 30.
  const guess = Date.UTC(y + 621, 2, 20) + ((m <= 6 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d - 1) * DAY_MS;
  for (const delta of [0, 1, -1, 2, -2]) {
    const t = new Date(guess + delta * DAY_MS);
    const parts = format.formatToParts(t);
    const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    if (part('year') === y && part('month') === m && part('day') === d) return t.toISOString().slice(0, 10);
  }
  return undefined;
}

function versionOf(date: string): number {
  return Math.max(0, Math.floor(dateValue(date) / 1000));
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function text(v: unknown, field: string, max: number): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
  if (typeof v !== 'string') throw new Error(`${field} must be text.`);
  const s = v.trim();
  if (s.length > max) throw new Error(`${field} is longer than ${max} characters.`);
  if (s !== '' && !hasVisible(s)) {
    throw new Error(`${field} holds only invisible characters (${invisibleNames(s).join(', ')}): write it in visible letters.`);
  }
  return s === '' ? undefined : s;
}

function readTags(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  // One string may list several tags: "news, phones" (Latin or Arabic comma).
  const items = typeof v === 'string' ? v.split(/[,،]/) : Array.isArray(v) ? v : undefined;
  if (items === undefined) throw new Error('tags must be a list of words or one string such as "news, phones".');
  const out: string[] = [];
  for (const item of items) {
    const tag = text(item, 'each tag', LIMIT.tag);
    if (tag !== undefined && !out.includes(tag)) out.push(tag);
  }
  if (out.length > LIMIT.tags) throw new Error(`an article may have at most ${LIMIT.tags} tags.`);
  return out;
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
