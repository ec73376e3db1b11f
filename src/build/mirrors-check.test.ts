import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { article, makeRoot, writeFile } from './__fixtures__/library';
import { buildContent } from './content';
import { checkMirrors, describeMirror } from './mirrors-check';
import { utf8Decode, utf8Encode } from '../core/bytes';

/** One edition of the same little site, built in memory with the development key and written to a folder. */
const { root } = makeRoot();

async function edition(n: number, text: string): Promise<{ dir: string; keys: string[] }> {
  const articles = await mkdtemp(join(tmpdir(), 'or-articles-'));
  writeFile(articles, 'a.md', article('title: A\ndate: 2024-01-01', `${text}\n`));
  writeFile(articles, 'b.md', article('title: B\ndate: 2024-02-01', 'Another article.\n'));
  const { files, report } = await buildContent({
    root,
    articlesDir: articles,
    env: { OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_EDITION: String(n) },
    readerTemplate: false,
    log: () => {},
    warn: () => {},
  });
  const dir = await mkdtemp(join(tmpdir(), 'or-mirror-'));
  for (const [name, bytes] of [...files, ...APP_FILES]) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, keys: report.keys };
}

/** The app's own files as a build writes them (only what the check reads). */
const APP_FILES: [string, string | Uint8Array][] = [
  [
    'index.html',
    '<!doctype html><title>x</title><script type="module" crossorigin src="./assets/index-A1.js"></script>\n<link rel="stylesheet" crossorigin href="./assets/index-B2.css"><script nomodule src="./old-browser.js"></script>',
  ],
  ['assets/index-A1.js', 'console.log(1)'],
  ['assets/index-B2.css', 'body{}'],
  ['sw.js', 'self.addEventListener("fetch", () => {})'],
];

const servers: RunningServer[] = [];
let keys: { publicKey: string }[];
/** The newest edition's files, copied for the mirrors that serve them wrongly. */
let newerDir: string;
let urls: { current: string; behind: string; tampered: string; down: string };

beforeAll(async () => {
  const older = await edition(1000, 'The first words.');
  const newer = await edition(2000, 'The second words.');
  const tampered = await edition(2000, 'The second words.');
  // One letter of an article changed in every pack that carries it (same length: every stated size still holds).
  const { readdirSync, readFileSync } = await import('node:fs');
  for (const name of readdirSync(join(tampered.dir, 'content'))) {
    const file = join(tampered.dir, 'content', name);
    const text = utf8Decode(readFileSync(file));
    if (name.startsWith('pack-') && text.includes('second words'))
      writeFileSync(file, utf8Encode(text.replace('second words', 'secOnd words')));
  }
  keys = newer.keys.map((publicKey) => ({ publicKey }));
  newerDir = newer.dir;
  const serve = async (dir: string) => {
    const s = await startServer({ dir, base: '/m/', cors: true });
    servers.push(s);
    return s;
  };
  const down = await serve(newer.dir);
  down.setMode('down');
  urls = {
    current: (await serve(newer.dir)).url,
    behind: (await serve(older.dir)).url,
    tampered: (await serve(tampered.dir)).url,
    down: down.url,
  };
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('mirrors:check', () => {
  it('tells current, behind, tampered and unreachable mirrors apart', async () => {
    const results = await checkMirrors([urls.current, urls.behind, urls.tampered, urls.down], keys, { timeout: 3000 });
    expect(results.map((r) => r.state)).toEqual(['current', 'behind', 'tampered', 'unreachable']);
    expect(describeMirror(results[0]!)).toBe(`${urls.current}  current (edition 2000)`);
    expect(describeMirror(results[1]!)).toBe(`${urls.behind}  behind: edition 1000, the newest is 2000`);
    expect(describeMirror(results[2]!)).toMatch(/TAMPERED: content\/pack-.*changed after it was signed/);
    expect(describeMirror(results[3]!)).toMatch(/UNREACHABLE: .*edition\.json: no (connection|answer in 3 s)/);
  }, 30_000);

  it('refuses an edition signed by a key it does not trust, and counts a local build as the newest', async () => {
    const stranger = [{ publicKey: 'A'.repeat(43) }];
    expect((await checkMirrors([urls.current], stranger))[0]).toMatchObject({
      state: 'tampered',
      reason: expect.stringMatching(/key this app does not know/),
    });
    expect((await checkMirrors([urls.current], keys, { newest: 3000 }))[0]).toMatchObject({ state: 'behind', edition: 2000, newest: 3000 });
  }, 30_000);

  it('counts a mirror apps cannot read (no Access-Control-Allow-Origin) as unreachable, not current', async () => {
    const { cpSync } = await import('node:fs');
    const dir = await mkdtemp(join(tmpdir(), 'mirror-nocors-'));
    cpSync(newerDir, dir, { recursive: true });
    const plain = await startServer({ dir, base: '/m/', cors: false });
    servers.push(plain);
    const [state] = await checkMirrors([plain.url], keys, { timeout: 3000 });
    expect(state).toMatchObject({ state: 'unreachable', reason: expect.stringMatching(/Access-Control-Allow-Origin/) });
  }, 30_000);

  it('calls a mirror whose edition.json names another edition than its file holds tampered (apps order and report it by the claim)', async () => {
    const { cpSync, readFileSync } = await import('node:fs');
    const dir = await mkdtemp(join(tmpdir(), 'mirror-pointer-'));
    cpSync(newerDir, dir, { recursive: true });
    const pointer = JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as { edition: number };
    writeFileSync(join(dir, 'edition.json'), JSON.stringify({ ...pointer, edition: pointer.edition + 5 }));
    const lying = await startServer({ dir, base: '/m/', cors: true });
    servers.push(lying);
    const [state] = await checkMirrors([lying.url], keys, { timeout: 3000 });
    expect(state).toMatchObject({
      state: 'tampered',
      reason: 'edition.json names edition 2005, but the file it points to is edition 2000',
    });
  }, 30_000);

  it('reports a mirror that serves the app wrongly to a reader who opens it, saying what to change on the host', async () => {
    const upstream = await startServer({ dir: newerDir, base: '/m/', cors: true });
    servers.push(upstream);
    // The host's mistakes: .js as text/plain or HTML, .css as text/plain, index.html for every missing path.
    const proxy = createServer((req, res) => {
      const up = request(new URL(req.url ?? '/', upstream.url).href, (r) => {
        const headers = { ...r.headers };
        if (req.url?.endsWith('/sw.js')) headers['content-type'] = 'text/plain';
        if (req.url?.endsWith('.js') && !req.url.endsWith('/sw.js')) headers['content-type'] = 'text/html';
        if (req.url?.endsWith('.css')) headers['content-type'] = 'text/plain; charset=utf-8';
        if (r.statusCode === 404) {
          r.resume();
          res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' }).end('<!doctype html>');
          return;
        }
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      });
      up.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/m/`;
      const [state] = await checkMirrors([url], keys, { timeout: 3000 });
      // Its edition is fine: the app is what a reader opening it would find broken.
      expect(state).toMatchObject({ state: 'current', edition: 2000 });
      expect(describeMirror(state!).split('\n')).toEqual([
        `${url}  current (edition 2000)`,
        `${url}  APP BROKEN: sw.js is sent as "text/plain", not JavaScript: browsers refuse to install it, so the app never works offline. Serve .js files as text/javascript.`,
        `${url}  APP BROKEN: assets/index-A1.js is sent as "text/html", not JavaScript: browsers refuse to run it, so the app shows a blank page. Serve .js files as text/javascript.`,
        `${url}  APP BROKEN: assets/index-B2.css is sent as "text/plain", not text/css: browsers ignore it, so the app shows without its layout. Serve .css files as text/css.`,
        expect.stringMatching(
          new RegExp(
            `^${url}  APP BROKEN: a missing file \\(mirrors-check-missing-\\w+\\.js\\) answers HTTP 200, not 404: .*Turn off its single-page fallback`,
          ),
        ),
      ]);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  }, 30_000);

  it('reports a mirror that carries the content but not the app', async () => {
    const { cpSync, rmSync } = await import('node:fs');
    const dir = await mkdtemp(join(tmpdir(), 'mirror-noapp-'));
    cpSync(newerDir, dir, { recursive: true });
    rmSync(join(dir, 'index.html'));
    const bare = await startServer({ dir, base: '/m/', cors: true });
    servers.push(bare);
    const [state] = await checkMirrors([bare.url], keys, { timeout: 3000 });
    expect(state).toMatchObject({ state: 'current', app: ['index.html answers HTTP 404: upload all of dist/ to this address.'] });
    // A mirror that serves the app right has nothing to add.
    expect((await checkMirrors([urls.current], keys, { timeout: 3000 }))[0]).toMatchObject({ state: 'current', app: [] });
  }, 30_000);

  it('follows no redirect to another host, and reads no more of an answer than it needs', async () => {
    const asked: string[] = [];
    const listen = (handler: Parameters<typeof createServer>[1]): Promise<Server> =>
      new Promise((resolve) => {
        const server = createServer(handler);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    const origin = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const elsewhere = await listen((req, res) => {
      asked.push(req.url ?? '');
      res.end('{}');
    });
    let sent = 0;
    const hostile = await listen((req, res) => {
      if (req.url === '/redirects/edition.json') res.writeHead(302, { location: `${origin(elsewhere)}/edition.json` }).end();
      else if (req.url === '/same/edition.json') res.writeHead(301, { location: '/endless/edition.json' }).end();
      else if (req.url === '/endless/edition.json') {
        // Without end, as fast as it can.
        res.writeHead(200, { 'content-type': 'application/json' });
        const more = (): void => {
          while (res.write('x'.repeat(64 * 1024))) sent += 64 * 1024;
          sent += 64 * 1024;
          res.once('drain', more);
        };
        more();
        res.on('close', () => res.removeAllListeners('drain'));
      } else res.writeHead(404).end();
    });
    try {
      const base = origin(hostile);
      const [redirected, endless] = await checkMirrors([`${base}/redirects/`, `${base}/same/`], keys, { timeout: 5000 });
      expect(redirected).toMatchObject({ state: 'tampered', reason: expect.stringMatching(/redirects to another origin/) });
      expect(asked).toEqual([]);
      // A redirect within the mirror's origin is followed; the endless answer is stopped past the pointer's limit.
      expect(endless).toMatchObject({
        state: 'tampered',
        reason: expect.stringMatching(/\/same\/edition\.json is larger than 4096 bytes$/),
      });
      expect(sent).toBeLessThan(16 * 1024 * 1024);
    } finally {
      hostile.closeAllConnections();
      elsewhere.closeAllConnections();
      hostile.close();
      elsewhere.close();
    }
  }, 30_000);
});
