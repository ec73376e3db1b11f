// Tests the static server: sub-path, MIME types, compression, ETags, caching headers and outage modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cacheControlFor, normalizeBase, pickEncoding, startServer } from './serve.mjs';

/** Raw HTTP GET (fetch would decompress and hide headers we assert on). */
function get(url, headers = {}, timeout = 2000, method = 'GET') {
  return new Promise((ok, fail) => {
    const req = request(url, { headers, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(timeout, () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}

const sha = 'a'.repeat(64);
let dir;
let server;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
  await mkdir(join(dir, 'assets'));
  await mkdir(join(dir, 'content'));
  await mkdir(join(dir, 'media'));
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'index.html'), `<!doctype html><title>x</title>${'<p>hello</p>'.repeat(200)}`);
  await writeFile(join(dir, 'assets', 'index-AbCd12_-.js'), `console.log(${JSON.stringify('x'.repeat(5000))})`);
  await writeFile(join(dir, 'content', 'pack-0123abcd.html'), 'pack');
  await writeFile(join(dir, `media/${sha}.png`), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"x"}');
  await writeFile(join(dir, 'font.woff2'), Buffer.alloc(10));
  await writeFile(join(dir, 'sub', 'index.html'), 'sub');
  server = await startServer({ dir, base: '/some/deep/path/' });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pure helpers', () => {
  it('prefers brotli, then gzip, honouring q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('*')).toBe('br');
  });
  it('normalises the base path', () => {
    expect(normalizeBase('a/b')).toBe('/a/b/');
    expect(normalizeBase('/')).toBe('/');
    expect(normalizeBase('//a//')).toBe('/a/');
  });
  it('marks only content-hashed names immutable', () => {
    expect(cacheControlFor('assets/index-AbCd12_-.js')).toMatch(/immutable/);
    expect(cacheControlFor('content/edition-0123abcd.html')).toMatch(/immutable/);
    expect(cacheControlFor(`media/${sha}.jpg`)).toMatch(/immutable/);
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('sw.js')).toBe('no-cache');
    expect(cacheControlFor('manifest.webmanifest')).toBe('no-cache');
    expect(cacheControlFor('media/short.png')).toBe('no-cache');
  });
});

describe('startServer', () => {
  it('serves the app under its base and nothing else', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/some\/deep\/path\/$/);
    const res = await get(server.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toContain('<title>x</title>');
    const origin = new URL(server.url).origin;
    expect((await get(`${origin}/index.html`)).status).toBe(404);
    expect((await get(`${origin}/some/deep/`)).status).toBe(404);
    expect((await get(`${origin}/some/deep/pathX/index.html`)).status).toBe(404);
  });

  it('redirects the base and folders without a trailing slash', async () => {
    const origin = new URL(server.url).origin;
    const base = await get(`${origin}/some/deep/path`);
    expect(base.status).toBe(301);
    expect(base.headers.location).toBe('/some/deep/path/');
    const sub = await get(`${server.url}sub`);
    expect(sub.status).toBe(301);
    expect(sub.headers.location).toBe('/some/deep/path/sub/');
    expect((await get(`${server.url}sub/`)).body.toString()).toBe('sub');
  });

  it('redirects a base in another script without its trailing slash (percent-encoded, as a header must be)', async () => {
    const persian = await startServer({ dir, base: '/خبر/' });
    try {
      const origin = new URL(persian.url).origin;
      const base = await get(`${origin}${encodeURI('/خبر')}?x=1`);
      expect(base.status).toBe(301);
      expect(base.headers.location).toBe(`${encodeURI('/خبر/')}?x=1`);
      expect((await get(`${origin}${base.headers.location}`)).status).toBe(200);
    } finally {
      await persian.close();
    }
  });

  it('refuses to leave the served folder', async () => {
    const origin = new URL(server.url).origin;
    expect((await get(`${server.url}..%2f..%2f..%2fetc/passwd`)).status).toBe(404);
    expect((await get(`${origin}/some/deep/path/%2e%2e/%2e%2e/x`)).status).toBe(404);
    expect((await get(`${server.url}%00`)).status).toBe(400);
  });

  it('sends MIME types and immutable caching for hashed files', async () => {
    const js = await get(`${server.url}assets/index-AbCd12_-.js`);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const png = await get(`${server.url}media/${sha}.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toMatch(/immutable/);
    const manifest = await get(`${server.url}manifest.webmanifest`);
    expect(manifest.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    const font = await get(`${server.url}font.woff2`, { 'Accept-Encoding': 'br' });
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['content-encoding']).toBeUndefined();
  });

  it('compresses text with brotli or gzip by Accept-Encoding', async () => {
    const plain = await get(server.url);
    const br = await get(server.url, { 'Accept-Encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 5);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await get(server.url, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(server.url, { 'Accept-Encoding': 'br' });
    const again = await get(server.url, { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const changed = await get(server.url, { 'Accept-Encoding': 'br', 'If-None-Match': '"other"' });
    expect(changed.status).toBe(200);
  });

  it('hangs without answering, drops connections when down, then recovers', async () => {
    server.setMode('hang');
    await expect(get(server.url, {}, 300)).rejects.toThrow('timeout');
    server.setMode('down');
    await expect(get(server.url, {}, 2000)).rejects.toThrow(/socket hang up|ECONNRESET/);
    server.setMode('normal');
    expect((await get(server.url)).status).toBe(200);
    expect(() => server.setMode('nope')).toThrow();
  });

  it('sends no CORS headers unless asked', async () => {
    const res = await get(server.url, { Origin: 'https://app.example' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('--cors (a mirror that apps installed elsewhere may read)', () => {
  let mirror;
  beforeAll(async () => {
    mirror = await startServer({ dir, base: '/m/', cors: true });
  });
  afterAll(async () => {
    await mirror?.close();
  });

  it('lets any origin read every answer: files, 304s, errors, and a preflight', async () => {
    const file = await get(`${mirror.url}content/pack-0123abcd.html`, { Origin: 'https://app.example' });
    expect(file.status).toBe(200);
    expect(file.headers['access-control-allow-origin']).toBe('*');
    const again = await get(`${mirror.url}content/pack-0123abcd.html`, { 'If-None-Match': file.headers.etag });
    expect(again.status).toBe(304);
    expect(again.headers['access-control-allow-origin']).toBe('*');
    expect((await get(`${mirror.url}nope.json`)).headers['access-control-allow-origin']).toBe('*');
    const preflight = await get(mirror.url, { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' }, 2000, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD');
    expect((await get(mirror.url, {}, 2000, 'POST')).status).toBe(405);
  });

  it('is a command-line option', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [fileURLToPath(new URL('./serve.mjs', import.meta.url)), '--dir', dir, '--port', '0', '--cors']);
    try {
      const url = await new Promise((ok, fail) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          const m = /at (http:\/\/\S+)/.exec(out);
          if (m) ok(m[1]);
        });
        child.on('exit', () => fail(new Error(`the server stopped: ${out}`)));
      });
      expect((await get(url)).headers['access-control-allow-origin']).toBe('*');
    } finally {
      child.kill();
    }
  });
});
