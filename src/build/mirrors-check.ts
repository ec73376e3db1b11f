/**
 * `npm run mirrors:check`: each mirror's current edition, its signature, its number against the newest, a sample of its
 * packs, and whether it serves the app itself as browsers need (readers open mirrors directly too).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBundle } from '../core/bundle-read';
import { isBundleError } from '../core/errors';
import { serviceWorkerUrl } from '../core/fallbacks';
import { CURRENT_EDITION_FILE, MAX_POINTER_BYTES, parseCurrentEdition } from '../core/mirrors';
import { verifyBundle, verifyPack, type TrustedKey, type VerifiedEdition } from '../core/verify';
import type { PackIndex } from '../core/types';
import { DEV_KEY_FILE } from './keys';
import { readBody } from './importers/feed-images';
import type { SiteConfig } from './site-config';

/** One mirror's state; `app`: what is wrong with how it serves the app to a reader who opens it (checked when it answers). */
export type MirrorState = (
  | { url: string; state: 'current'; edition: number }
  | { url: string; state: 'behind'; edition: number; newest: number }
  | { url: string; state: 'tampered'; reason: string; edition?: number }
  | { url: string; state: 'unreachable'; reason: string }
) & { app?: string[] };

/** How long a mirror may take to answer a request before it counts as unreachable. */
const TIMEOUT_MS = 15_000;
/** Packs checked per mirror: the first, the last and one between. */
const SAMPLE = 3;

class Unreachable extends Error {}

/**
 * The origin the check says it asks from: none an app has. A mirror must let any origin read it (apps are installed from
 * every address), so it answers `*`, or this origin where it names the one that asked.
 */
const CHECK_ORIGIN = 'https://mirrors-check.invalid';

/** Redirects followed within a mirror's own origin (http to https is another origin, and is refused as such). */
const MAX_REDIRECTS = 5;

/**
 * The bytes at `url`: redirects are followed only within its origin (one elsewhere is refused before it is asked, so a
 * hijacked mirror cannot send the check to another host, an internal one included), and the body is read no further
 * than `maxBytes` (a mirror that sends without end costs that much memory, not all of it).
 */
async function fetchBytes(url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const res = await fetchWithin(url, timeoutMs);
  if (!res.ok) {
    void res.body?.cancel().catch(() => undefined);
    throw new Unreachable(`${url}: HTTP ${res.status}`);
  }
  const bytes = await readBody(res, maxBytes).catch(() => Promise.reject(new Unreachable(`${url}: the answer broke off`)));
  if (bytes === undefined) throw new Error(`${url} is larger than ${maxBytes} bytes`);
  // Without it, every app installed from another address is refused the answer, and counts the mirror as blocked.
  const allowed = res.headers.get('access-control-allow-origin');
  if (allowed !== '*' && allowed !== CHECK_ORIGIN) {
    throw new Unreachable(`${url}: sends no "Access-Control-Allow-Origin: *", so apps cannot read it (docs/operations.md)`);
  }
  return bytes;
}

/** The answer for `url`, redirects followed within its origin only (see fetchBytes); its body is the caller's to read or cancel. */
async function fetchWithin(url: string, timeoutMs: number): Promise<Response> {
  const signal = AbortSignal.timeout(timeoutMs);
  let at = url;
  let res: Response;
  for (let hops = 0; ; hops++) {
    try {
      res = await fetch(at, { signal, redirect: 'manual', headers: { origin: CHECK_ORIGIN } });
    } catch (e) {
      throw new Unreachable(`${url}: ${(e as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : 'no connection'}`);
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location === null) break;
    void res.body?.cancel().catch(() => undefined);
    const next = new URL(location, at);
    if (next.origin !== new URL(url).origin) throw new Error(`${url} redirects to another origin (${next.href})`);
    if (hops >= MAX_REDIRECTS) throw new Error(`${url} redirects more than ${MAX_REDIRECTS} times`);
    at = next.href;
  }
  return res;
}

/** The JavaScript MIME types of the HTML standard: a browser runs a module script or a service worker sent as no other. */
const JAVASCRIPT_TYPES = /^(?:(?:text|application)\/(?:x-)?(?:javascript|ecmascript)|text\/(?:javascript1\.[0-5]|jscript|livescript))$/;

/** The essence of a Content-Type header ("text/javascript; charset=utf-8" -> "text/javascript"). */
const essenceOf = (contentType: string | null): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** What index.html loads that a browser refuses when sent as the wrong type: module scripts and style sheets. */
function appFilesOf(html: string): { scripts: string[]; styles: string[] } {
  const attr = (tag: string, name: string): string | undefined =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((v) => v !== undefined);
  const tags = (name: string): string[] => html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];
  return {
    scripts: tags('script')
      .filter((t) => attr(t, 'type')?.toLowerCase() === 'module')
      .flatMap((t) => attr(t, 'src') ?? []),
    styles: tags('link')
      .filter((t) => attr(t, 'rel')?.toLowerCase().split(/\s+/).includes('stylesheet'))
      .flatMap((t) => attr(t, 'href') ?? []),
  };
}

/** One answer of the mirror for checkApp: status 0 when there was none (`type` then says why). */
interface AppAnswer {
  status: number;
  type: string;
  text?: string;
}

async function askApp(url: string, path: string, timeoutMs: number, read = false): Promise<AppAnswer> {
  try {
    const res = await fetchWithin(new URL(path, url).href, timeoutMs);
    const type = essenceOf(res.headers.get('content-type'));
    if (!read || !res.ok) {
      void res.body?.cancel().catch(() => undefined);
      return { status: res.status, type };
    }
    const bytes = await readBody(res, 1024 * 1024);
    return { status: res.status, type, text: bytes ? new TextDecoder().decode(bytes) : '' };
  } catch (e) {
    return { status: 0, type: messageOf(e) };
  }
}

/**
 * How the mirror serves the app to a reader who opens its address: index.html as text/html, the service worker and
 * index.html's module scripts as JavaScript, its style sheets as text/css, and a missing file as 404. One sentence per
 * problem, with what to change on the host.
 */
async function checkApp(url: string, timeoutMs: number): Promise<string[]> {
  const unanswered = (name: string, a: AppAnswer): string =>
    a.status === 0 ? `${name}: ${a.type}` : `${name} answers HTTP ${a.status}: upload all of dist/ to this address.`;
  const page = await askApp(url, './', timeoutMs, true);
  if (page.status !== 200) return [unanswered('index.html', page)];
  const problems: string[] = [];
  if (page.type !== 'text/html') {
    problems.push(`index.html is sent as "${page.type}", not text/html: browsers show it as text. Serve .html files as text/html.`);
  }
  const { scripts, styles } = appFilesOf(page.text ?? '');
  const sw = serviceWorkerUrl([]);
  const missing = `mirrors-check-missing-${Date.now().toString(36)}.js`;
  const files: [path: string, isRight: (type: string) => boolean, wrong: string][] = [
    [
      sw,
      (t) => JAVASCRIPT_TYPES.test(t),
      'not JavaScript: browsers refuse to install it, so the app never works offline. Serve .js files as text/javascript.',
    ],
    ...scripts.map((p): (typeof files)[number] => [
      p,
      (t) => JAVASCRIPT_TYPES.test(t),
      'not JavaScript: browsers refuse to run it, so the app shows a blank page. Serve .js files as text/javascript.',
    ]),
    ...styles.map((p): (typeof files)[number] => [
      p,
      (t) => t === 'text/css',
      'not text/css: browsers ignore it, so the app shows without its layout. Serve .css files as text/css.',
    ]),
  ];
  const [answers, absent] = await Promise.all([
    Promise.all(files.map(([path]) => askApp(url, path, timeoutMs))),
    askApp(url, missing, timeoutMs),
  ]);
  files.forEach(([path, isRight, wrong], i) => {
    const a = answers[i]!;
    const name = path.replace(/^\.\//, '');
    if (a.status !== 200) problems.push(unanswered(name, a));
    else if (!isRight(a.type)) problems.push(`${name} is sent as "${a.type}", ${wrong}`);
  });
  if (absent.status >= 200 && absent.status < 300) {
    problems.push(
      `a missing file (${missing}) answers HTTP ${absent.status}, not 404: the host sends a page for every path, so the app gets that page instead of a file it lacks (an old script after an update, a pack not uploaded yet). Turn off its single-page fallback (nginx: try_files $uri =404).`,
    );
  }
  return problems;
}

/** The packs to check: the first, the last and the middle one. */
function sample(packs: PackIndex['packs']): PackIndex['packs'] {
  const at = [...new Set([0, packs.length - 1, Math.floor(packs.length / 2)])].filter((i) => i >= 0).slice(0, SAMPLE);
  return at.map((i) => packs[i]!);
}

/** Reads and verifies one mirror's current edition and a sample of its packs (no comparison with the others yet). */
async function readMirror(
  url: string,
  keys: TrustedKey[],
  timeoutMs: number,
): Promise<MirrorState | { url: string; edition: VerifiedEdition }> {
  try {
    const pointer = parseCurrentEdition(
      new TextDecoder().decode(await fetchBytes(new URL(CURRENT_EDITION_FILE, url).href, MAX_POINTER_BYTES, timeoutMs)),
    );
    if (!pointer) return { url, state: 'tampered', reason: `${CURRENT_EDITION_FILE} is not a pointer to an edition file` };
    const parsed = parseBundle(await fetchBytes(new URL(pointer.file, url).href, 256 * 1024 * 1024, timeoutMs));
    const verified = await verifyBundle(parsed, { keys });
    const edition = verified.editions[0];
    if (!edition || !parsed.packs) return { url, state: 'tampered', reason: 'the edition file has no manifest or pack index' };
    if (pointer.edition !== edition.manifest.edition) {
      const reason = `${CURRENT_EDITION_FILE} names edition ${pointer.edition}, but the file it points to is edition ${edition.manifest.edition}`;
      return { url, state: 'tampered', edition: edition.manifest.edition, reason };
    }
    for (const pack of sample(parsed.packs.packs)) {
      try {
        await verifyPack(parseBundle(await fetchBytes(new URL(pack.url, url).href, 64 * 1024 * 1024, timeoutMs)), edition);
      } catch (e) {
        return { url, state: 'tampered', edition: edition.manifest.edition, reason: `${pack.url}: ${messageOf(e)}` };
      }
    }
    return { url, edition };
  } catch (e) {
    if (e instanceof Unreachable) return { url, state: 'unreachable', reason: e.message };
    return { url, state: 'tampered', reason: messageOf(e) };
  }
}

function messageOf(e: unknown): string {
  return isBundleError(e) || e instanceof Error ? e.message : String(e);
}

/**
 * Checks every mirror (in parallel): `tampered` when anything fails its signature or hash, `unreachable` when it does not
 * answer, else `current` or `behind` the newest verified edition found at any of them (or `newest`, e.g. the local build).
 */
export async function checkMirrors(
  urls: string[],
  keys: TrustedKey[],
  { newest = -1, timeout = TIMEOUT_MS }: { newest?: number; timeout?: number } = {},
): Promise<MirrorState[]> {
  const read = await Promise.all(
    urls.map(async (url) => {
      const r = await readMirror(url, keys, timeout);
      // A mirror that does not answer has no app to check either (the reason is said once).
      return 'state' in r && r.state === 'unreachable' ? r : { ...r, app: await checkApp(url, timeout) };
    }),
  );
  const top = Math.max(newest, ...read.map((r) => ('edition' in r && typeof r.edition === 'object' ? r.edition.manifest.edition : -1)));
  return read.map((r): MirrorState => {
    if (!('edition' in r) || typeof r.edition !== 'object') return r as MirrorState;
    const n = r.edition.manifest.edition;
    const app = 'app' in r ? { app: r.app } : {};
    return n >= top
      ? { url: r.url, state: 'current', edition: n, ...app }
      : { url: r.url, state: 'behind', edition: n, newest: top, ...app };
  });
}

/** One line for a person, and one more for each problem with how it serves the app. */
export function describeMirror(m: MirrorState): string {
  return [describeState(m), ...(m.app ?? []).map((p) => `${m.url}  APP BROKEN: ${p}`)].join('\n');
}

function describeState(m: MirrorState): string {
  if (m.state === 'current') return `${m.url}  current (edition ${m.edition})`;
  if (m.state === 'behind') return `${m.url}  behind: edition ${m.edition}, the newest is ${m.newest}`;
  if (m.state === 'tampered') return `${m.url}  TAMPERED: ${m.reason}`;
  return `${m.url}  UNREACHABLE: ${m.reason}`;
}

/** The keys an edition of this site may be signed with: pinned and announced in the config, and the development key when OFFLINE_READER_DEV_KEY is set. */
export async function siteKeys(root: string, site: SiteConfig, env: NodeJS.ProcessEnv): Promise<TrustedKey[]> {
  const keys = [...site.keys, ...site.announceKeys];
  if (env.OFFLINE_READER_DEV_KEY === '1') {
    const dev = JSON.parse(await readFile(join(root, DEV_KEY_FILE), 'utf8').catch(() => '{}')) as { publicKey?: string };
    if (dev.publicKey) keys.push(dev.publicKey);
  }
  return keys.map((publicKey) => ({ publicKey, publisherId: site.publisher.id }));
}

/** The edition number of the local build (dist/), if there is one: a mirror behind it is behind. */
export async function localEdition(dist: string): Promise<number> {
  const pointer = parseCurrentEdition(await readFile(join(dist, CURRENT_EDITION_FILE), 'utf8').catch(() => ''));
  return pointer?.edition ?? -1;
}

/** The command: checks the URLs given, or the configured mirrors; returns the exit code (1 when any is tampered, unreachable or serves the app wrongly). */
export async function main(argv: string[], root = process.cwd(), env = process.env): Promise<number> {
  const { loadSiteConfig } = await import('./site-config');
  const { mirrorUrlProblem, normalizeMirrorUrl } = await import('../core/mirrors');
  const site = loadSiteConfig(join(root, env.OFFLINE_READER_SITE_CONFIG ?? 'site.config.yml'));
  const urls = argv.length > 0 ? argv.map(normalizeMirrorUrl) : site.mirrors;
  for (const url of urls) {
    const problem = mirrorUrlProblem(url);
    if (problem) {
      console.error(`${url} ${problem}`);
      return 2;
    }
  }
  if (urls.length === 0) {
    console.log('No mirrors to check: list them under mirrors: in site.config.yml, or name them: npm run mirrors:check -- https://…/');
    return 0;
  }
  const results = await checkMirrors(urls, await siteKeys(root, site, env), { newest: await localEdition(join(root, 'dist')) });
  for (const r of results) console.log(describeMirror(r));
  return results.some((r) => r.state === 'tampered' || r.state === 'unreachable' || (r.app ?? []).length > 0) ? 1 : 0;
}
