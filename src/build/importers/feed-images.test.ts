import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/http-server';
import { solidPng } from '../__fixtures__/png';
import { createImageFetcher, openUrl } from './feed-images';

const PNG = solidPng(3, 8, 6);
let server: TestServer;
let origin = '';
let sentByEndless = 0;
let announcedClosed = false;
const requested: string[] = [];

beforeAll(async () => {
  server = await startTestServer((req, res, test) => {
    requested.push(req.url ?? '');
    const hop = /^\/hop\?to=(.*)$/.exec(req.url ?? '');
    if (hop) res.writeHead(302, { location: decodeURIComponent(hop[1]!) }).end();
    else if (req.url === '/loop') res.writeHead(301, { location: '/loop' }).end();
    else if (req.url === '/endless.png') {
      // No content-length, and no end: ~100 MB/s until the client stops reading.
      res.writeHead(200, { 'content-type': 'image/png' });
      test.endless(res, Buffer.alloc(2 * 1024 * 1024, 1), 20, (n) => (sentByEndless += n));
    } else if (req.url === '/announced.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(64 * 1024 * 1024) });
      res.on('close', () => (announcedClosed = true));
      res.write(PNG);
    } else if (req.url === '/img/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    } else res.writeHead(404).end();
  });
  origin = server.origin;
});
afterAll(() => server.close());

it('stops an endless image download at the size limit', async () => {
  const got = await createImageFetcher({ timeoutMs: 4000, allow: 'loopback' }).get(`${origin}/endless.png`, undefined);
  expect(got).toEqual({ error: 'larger than 16 MB.' });
  // Stopped there, not read on until the timeout.
  await new Promise((r) => setTimeout(r, 200));
  const sent = sentByEndless;
  await new Promise((r) => setTimeout(r, 200));
  expect(sentByEndless).toBe(sent);
}, 10_000);

it('refuses an image whose announced length is over the limit without reading it', async () => {
  announcedClosed = false;
  const got = await createImageFetcher({ timeoutMs: 4000, allow: 'loopback' }).get(`${origin}/announced.png`, undefined);
  expect(got).toEqual({ error: 'larger than 16 MB.' });
  // And the connection is closed there, not left open until the server gives up.
  await expect.poll(() => announcedClosed, { timeout: 1000 }).toBe(true);
});

it('says which address an answer came from, after its redirects', async () => {
  const opened = await openUrl(new URL(`${origin}/hop?to=${encodeURIComponent(`${origin}/img/photo.png`)}`), {
    signal: AbortSignal.timeout(4000),
    allow: 'all',
    accept: '*/*',
  });
  if ('error' in opened) throw new Error(opened.error);
  opened.res.destroy();
  expect(opened.address).toBe('127.0.0.1');
  expect(opened.res.statusCode).toBe(200);
});

it('downloads an image within the limit, each address once', async () => {
  const images = createImageFetcher({ timeoutMs: 4000, allow: 'loopback' });
  const got = await images.get('photo.png', `${origin}/img/`);
  expect(got).toEqual({ key: `${origin}/img/photo.png`, bytes: new Uint8Array(PNG), ext: 'png' });
  expect(images.get(`${origin}/img/photo.png`, undefined)).toBe(images.get('/img/photo.png', origin));
  expect(await images.get(`${origin}/gone.png`, undefined)).toEqual({ error: 'the server answered 404.' });
});

describe("pictures on the publisher's own machine or network", () => {
  const hop = (to: string): string => `${origin}/hop?to=${encodeURIComponent(to)}`;

  it('refuses them, by address or by a name that resolves there, before sending anything', async () => {
    const images = createImageFetcher({ timeoutMs: 4000, allow: 'none' });
    const port = new URL(origin).port;
    requested.length = 0;
    for (const src of [
      `${origin}/img/photo.png`,
      `http://localhost:${port}/img/photo.png`,
      `http://[::ffff:127.0.0.1]:${port}/img/photo.png`,
    ]) {
      const got = await images.get(src, undefined);
      expect([src, got]).toEqual([
        src,
        {
          error: expect.stringMatching(
            /^refused: its address (127\.0\.0\.1|::1|::ffff:7f00:1) is on this computer, not on the internet\..*--allow-private-addresses\.$/,
          ),
        },
      ]);
    }
    expect(await images.get('http://169.254.169.254/latest/meta-data/', undefined)).toEqual({
      error: expect.stringMatching(/^refused: its address 169\.254\.169\.254 is on the local link/),
    });
    expect(requested).toEqual([]);
  });

  it('follows redirects by hand, refusing one that leads there, and stops a loop', async () => {
    // A feed from this computer (as in these tests) may name pictures here: 'loopback'.
    const images = createImageFetcher({ timeoutMs: 4000, allow: 'loopback' });
    expect(await images.get(hop(`${origin}/img/photo.png`), undefined)).toEqual({
      key: hop(`${origin}/img/photo.png`),
      bytes: new Uint8Array(PNG),
      ext: 'png',
    });
    for (const [to, where] of [
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is on the local link'],
      ['http://[fd00::1]/router.png', 'fd00::1 is on a private network'],
      ['http://10.0.0.1/admin', '10.0.0.1 is on a private network'],
    ]) {
      expect(await images.get(hop(to!), undefined)).toEqual({
        error: expect.stringContaining(`refused: it redirects to ${to}, and its address ${where}`),
      });
    }
    expect(await images.get(`${origin}/loop`, undefined)).toEqual({ error: 'it redirects more than 5 times.' });
    expect(await images.get(hop('javascript:alert(1)'), undefined)).toEqual({
      error: 'it redirects to "javascript:alert(1)", which is not an http(s) address.',
    });
  });

  it('allows them all with --allow-private-addresses', async () => {
    const images = createImageFetcher({ timeoutMs: 4000, allow: 'all' });
    expect(await images.get(`${origin}/img/photo.png`, undefined)).toMatchObject({ ext: 'png' });
    expect(await images.get(`http://localhost:${new URL(origin).port}/img/photo.png`, undefined)).toMatchObject({ ext: 'png' });
  });
});

it('asks for nothing when a picture names no address: the page it is on is no picture', async () => {
  const images = createImageFetcher({ timeoutMs: 4000, allow: 'loopback' });
  const before = requested.length;
  for (const src of ['', '  ', '#top']) expect(await images.get(src, `${origin}/post/1`)).toEqual({ error: 'it names no address.' });
  expect(requested.length).toBe(before);
});
