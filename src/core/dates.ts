/** Dates and numbers for the interface language: Solar Hijri with Persian digits in Persian, Gregorian in English. */

/** The interface languages. */
export type UiLang = 'fa' | 'en';

const LOCALES: Record<UiLang, string> = { fa: 'fa-IR-u-ca-persian-nu-arabext', en: 'en-GB' };
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Formatters are costly to build and a library list formats thousands of dates.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<UiLang, Intl.NumberFormat>();

function dateFormat(lang: UiLang, utc: boolean): Intl.DateTimeFormat {
  const key = `${lang}/${utc ? 'utc' : 'local'}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(utc ? { timeZone: 'UTC' } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** The date an ISO string names; a date-only string is that day at 00:00 UTC. Null when not a date. */
export function parseIsoDate(iso: string): { date: Date; dateOnly: boolean } | null {
  const m = DATE_ONLY.exec(iso.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    // Date.UTC rolls 2026-02-31 over into March: refuse it instead.
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return { date, dateOnly: true };
  }
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : { date: new Date(t), dateOnly: false };
}

const times = new Map<string, number>();

/**
 * The moment `iso` names, to put dates in order (one with a zone offset, "2026-03-21T01:00:00+03:30", sorts by its
 * moment, not its text); not a date (parseIsoDate's rule), older than any. Kept per string: a sort of 10,000 rows
 * compares each many times.
 */
export function timeOfDate(iso: string): number {
  let t = times.get(iso);
  if (t === undefined) times.set(iso, (t = parseIsoDate(iso)?.date.getTime() ?? -Infinity));
  return t;
}

/** Newer first by the moments `a` and `b` name (timeOfDate), 0 for the same one: the library's list and a reader file. */
export function newerFirst(a: string, b: string): number {
  return laterFirst(timeOfDate(a), timeOfDate(b));
}

/** Later first by two moments (ms, -Infinity for none), 0 for the same one. */
export function laterFirst(ta: number, tb: number): number {
  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

/**
 * A date for people: "۱ فروردین ۱۴۰۵" (fa) or "21 March 2026" (en). A date-only string never shifts
 * by a day whatever the time zone; a date-time shows the reader's local date. Unparseable input is
 * returned as it is.
 */
export function formatDate(iso: string, uiLang: UiLang): string {
  const parsed = parseIsoDate(iso);
  if (!parsed) return iso;
  return dateFormat(uiLang, parsed.dateOnly).format(parsed.date);
}

/** A number with the interface's digits and grouping: "۱٬۲۳۴" (fa) or "1,234" (en). */
export function formatNumber(n: number, uiLang: UiLang): string {
  let f = numberFormats.get(uiLang);
  if (!f) {
    f = new Intl.NumberFormat(uiLang === 'fa' ? 'fa-IR-u-nu-arabext' : 'en-GB');
    numberFormats.set(uiLang, f);
  }
  return f.format(n);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

// Ages are counted in elapsed blocks (24 hours, 30 days, 12 months), so only numbers say them right: "auto" would
// call 30 hours across two midnights "yesterday", beside a date two days back. Zero alone reads better as words.
function relativeFormat(uiLang: UiLang, numeric: 'always' | 'auto'): Intl.RelativeTimeFormat {
  const key = `${uiLang}/${numeric}`;
  let f = relativeFormats.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(uiLang === 'fa' ? 'fa-IR-u-nu-arabext' : 'en-GB', { numeric });
    relativeFormats.set(key, f);
  }
  return f;
}

/** How far ahead of `now` a date may be and still read "this minute": a clock a little behind the publisher's. */
const AHEAD_MS = 24 * 60 * 60_000;

/**
 * How long ago `iso` was, for people: "3 days ago", "1 day ago" (en) or "۳ روز پیش" (fa); never a time to come. Up to
 * a day ahead of `now` it is "this minute"; further ahead, undefined: the device's clock is behind, and no age is
 * right. Unparseable input is returned as it is.
 */
export function formatAgo(iso: string, now: number, uiLang: UiLang): string | undefined {
  const parsed = parseIsoDate(iso);
  if (!parsed) return iso;
  const ahead = parsed.date.getTime() - now;
  if (ahead > AHEAD_MS) return undefined;
  const seconds = Math.min(0, Math.round(ahead / 1000));
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) >= size) {
      value = Math.trunc(value / size);
    } else if (unit === 'second') {
      return relativeFormat(uiLang, 'auto').format(0, 'minute');
    } else {
      return relativeFormat(uiLang, 'always').format(value, unit);
    }
  }
  return relativeFormat(uiLang, 'always').format(value, 'year');
}

/**
 * Builds the formatters the interface uses, so the browser's locale data (ICU) is loaded: it is loaded once per
 * process, so a worker calling this at its start spares the page's main thread that first use (30-50 ms on a laptop,
 * four times that on a cheap phone) when the library's first dates are shown.
 */
export function warmFormatters(): void {
  for (const lang of ['fa', 'en'] as const) {
    formatDate('2000-01-01', lang);
    formatDate('2000-01-01T00:00:00Z', lang);
    formatNumber(1, lang);
  }
  'a'.localeCompare('b');
}
