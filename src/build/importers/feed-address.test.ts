import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../__fixtures__/http-server';
import { solidPng } from '../__fixtures__/png';
import { importOptions, runImport } from './cli';

// A name can answer a lookup made apart from the download with a private address (one answer among several, or DNS
// rebinding: a different answer each time). The importer once took the allowance from such a lookup (`hostKind`);
// here it says "private", while the feed's bytes come from this computer: only the address the download connected
// to may decide which of the publisher's addresses its pictures may come from.
vi.mock('./private-address', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./private-address')>()),
  hostKind: () => Promise.resolve('private'),
}));

const PNG = solidPng(3, 8, 6);
let server: TestServer;
let origin = '';
const served: string[] = [];

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/old-feed.xml') res.writeHead(301, { location: '/feed.xml' }).end();
    else if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
        `<rss version="2.0"><channel><title>Blog</title><item><guid>https://example.org/?p=1</guid><title>Post</title>
<pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate><description>&lt;p&gt;Text.&lt;/p&gt;&lt;img src="${origin}/img/photo.png" alt="here"&gt;&lt;img src="http://10.255.255.1:9/admin.png" alt="router"&gt;&lt;img src="http://169.254.169.254/latest/meta-data/x.png" alt="metadata"&gt;</description>
</item></channel></rss>`,
      );
    } else if (req.url === '/img/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else res.writeHead(404).end();
  });
  origin = server.origin;
});
afterAll(() => server.close());

it('lets a feed name pictures only at the kind of address its own bytes came from, whatever its name resolves to', async () => {
  const out = mkdtempSync(join(tmpdir(), 'or-feed-address-'));
  served.length = 0;
  // The typed address redirects: the feed's bytes, and so its allowance, come from the last hop (this computer).
  const summary = await runImport('feed', [`${origin}/old-feed.xml`], importOptions(out));
  expect(summary.filter((l) => l.startsWith('warning:'))).toEqual([
    expect.stringMatching(
      /: image http:\/\/10\.255\.255\.1:9\/admin\.png dropped: refused: its address 10\.255\.255\.1 is on a private network,/,
    ),
    expect.stringMatching(/: image http:\/\/169\.254\.169\.254\/latest\/meta-data\/x\.png dropped: refused: .* is on the local link/),
  ]);
  // The picture on the feed's own server (this computer) is still carried.
  expect(served).toEqual(['/old-feed.xml', '/feed.xml', '/img/photo.png']);
  const [folder] = readdirSync(out);
  expect(readdirSync(join(out, folder!)).sort()).toEqual(['image-1.png', 'index.md']);
});
