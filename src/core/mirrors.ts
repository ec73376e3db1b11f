/** Mirror addresses: what makes a base URL a valid place to fetch editions from, and its one normal form. */

/** Most mirrors one manifest (or site config) may list. */
export const MAX_MIRRORS = 32;
/** Longest mirror URL. */
const MAX_MIRROR_LENGTH = 2000;

/** Plain http is allowed only on this machine (tests, a local preview): anywhere else the bytes could be read and blocked by anyone on the path. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why `url` is not a mirror base URL (in English, for the build's message), or undefined when it is one: an absolute
 * https:// URL (http:// only on loopback), no user name, password, query or fragment, ending in '/'.
 */
export function mirrorUrlProblem(url: string): string | undefined {
  if (url.length > MAX_MIRROR_LENGTH) return `is longer than ${MAX_MIRROR_LENGTH} characters.`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not an absolute URL (it must start with https://).';
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname)))
    return 'must start with https:// (plain http:// is allowed only for 127.0.0.1 or localhost, in tests).';
  if (u.username || u.password) return 'must not hold a user name or password.';
  if (u.search || url.includes('?')) return 'must not have a query (?...).';
  if (u.hash || url.includes('#')) return 'must not have a fragment (#...).';
  if (u.href !== url) return `is not written in its normal form (${u.href}).`;
  if (!url.endsWith('/')) return 'must end with "/" (it is the folder the app is deployed in).';
  return undefined;
}

/** A mirror URL as a person may write it (no trailing '/', upper-case host...) in its normal form; unchanged when it cannot be parsed. */
export function normalizeMirrorUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
  } catch {
    return url;
  }
}

/** The origin of a valid mirror URL. */
export function mirrorOrigin(url: string): string {
  return new URL(url).origin;
}

/**
 * The one unhashed content file of a deployment, beside index.html and revalidated on every check: it names the
 * deployment's current edition file, so an app can find the current edition at any mirror. Not signed: it is only a
 * hint (a lying pointer can withhold, which any mirror can; it cannot make the app accept what the signature refuses).
 */
export const CURRENT_EDITION_FILE = 'edition.json';
const CURRENT_FORMAT = 'offline-reader/current';
/** Largest pointer file read. */
export const MAX_POINTER_BYTES = 4096;
const EDITION_FILE = /^content\/edition-[0-9a-f]{8,64}\.html$/;

/** What the pointer says: the edition number (a hint, checked against the signed manifest) and the edition file, relative to the mirror's base. */
export interface CurrentEdition {
  edition: number;
  file: string;
}

/** The pointer file's text. */
export function writeCurrentEdition(current: CurrentEdition): string {
  return `${JSON.stringify({ format: CURRENT_FORMAT, edition: current.edition, file: current.file })}\n`;
}

/** The pointer read from text, or undefined when it is not one (an HTML error page, a captive portal, anything else). */
export function parseCurrentEdition(text: string): CurrentEdition | undefined {
  if (text.length > MAX_POINTER_BYTES) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { format, edition, file } = raw as Record<string, unknown>;
  if (format !== CURRENT_FORMAT || typeof edition !== 'number' || !Number.isSafeInteger(edition) || edition < 0) return undefined;
  if (typeof file !== 'string' || !EDITION_FILE.test(file)) return undefined;
  return { edition, file };
}
