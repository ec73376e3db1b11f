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
