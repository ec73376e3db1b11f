import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/http-server';
import { solidPng } from '../__fixtures__/png';
import { createImageFetcher } from './feed-images';

const PNG = solidPng(3, 8, 6);
let server: TestServer;
let origin = '';
let sentByEndless = 0;

beforeAll(async () => {
  server = await startTestServer((req, res, test) => {
    if (req.url === '/endless.png') {
      // No content-length, and no end: ~100 MB/s until the client stops reading.
      res.writeHead(200, { 'content-type': 'image/png' });
      test.endless(res, Buffer.alloc(2 * 1024 * 1024, 1), 20, (n) => (sentByEndless += n));
    } else if (req.url === '/announced.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(64 * 1024 * 1024) });
      res.write(PNG);
    } else if (req.url === '/img/photo.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    } else res.writeHead(404).end();
  });
  origin = server.origin;
});
afterAll(() => server.close());

it('stops an endless image download at the size limit', async () => {
  const got = await createImageFetcher({ timeoutMs: 4000 }).get(`${origin}/endless.png`, undefined);
  expect(got).toEqual({ error: 'larger than 16 MB.' });
  // Stopped there, not read on until the timeout.
  await new Promise((r) => setTimeout(r, 200));
  const sent = sentByEndless;
  await new Promise((r) => setTimeout(r, 200));
  expect(sentByEndless).toBe(sent);
}, 10_000);

it('refuses an image whose announced length is over the limit without reading it', async () => {
  const got = await createImageFetcher({ timeoutMs: 4000 }).get(`${origin}/announced.png`, undefined);
  expect(got).toEqual({ error: 'larger than 16 MB.' });
});

it('downloads an image within the limit, each address once', async () => {
  const images = createImageFetcher({ timeoutMs: 4000 });
  const got = await images.get('photo.png', `${origin}/img/`);
  expect(got).toEqual({ key: `${origin}/img/photo.png`, bytes: new Uint8Array(PNG), ext: 'png' });
  expect(images.get(`${origin}/img/photo.png`, undefined)).toBe(images.get('/img/photo.png', origin));
  expect(await images.get(`${origin}/gone.png`, undefined)).toEqual({ error: 'the server answered 404.' });
});
