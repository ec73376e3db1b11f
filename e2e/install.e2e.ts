// Foundation: the web app manifest and icons make the app installable (Android "Install app", iOS "Add to Home Screen").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, type Session } from './helpers/browser';
import { DIST_SAMPLES } from './helpers/paths';

interface Icon {
  src: string;
  sizes?: string;
  type?: string;
  purpose?: string;
}

let server: RunningServer;
let session: Session;

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES, base: '/some/deep/path/' });
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1'), 'a PNG file').toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('web app manifest', () => {
  it('is linked, parses, and has what installing needs', async () => {
    const { page } = session;
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href, 'a <link rel="manifest">').toBeTruthy();
    const manifestUrl = new URL(href as string, page.url()).href;
    const res = await fetch(manifestUrl);
    expect(res.status).toBe(200);
    const m = (await res.json()) as Record<string, unknown> & { icons: Icon[] };

    for (const field of ['name', 'short_name', 'description', 'lang', 'dir', 'start_url', 'scope', 'theme_color', 'background_color']) {
      expect(m[field], field).toBeTypeOf('string');
      expect((m[field] as string).length, field).toBeGreaterThan(0);
    }
    expect(m.display).toBe('standalone');
    expect(['ltr', 'rtl', 'auto']).toContain(m.dir);
    for (const field of ['start_url', 'scope'] as const) {
      expect(m[field] as string, `${field} is relative`).not.toMatch(/^(\/|[a-z][a-z0-9+.-]*:)/i);
      // Relative to the manifest, it must land inside the sub-path the app is served from.
      expect(new URL(m[field] as string, manifestUrl).href.startsWith(server.url), `${field} stays under the app's path`).toBe(true);
    }

    const has = (size: string, purpose: string): Icon | undefined =>
      m.icons.find(
        (i) => i.type === 'image/png' && i.sizes?.split(' ').includes(size) && (i.purpose ?? 'any').split(' ').includes(purpose),
      );
    for (const [size, purpose] of [
      ['192x192', 'any'],
      ['512x512', 'any'],
      ['192x192', 'maskable'],
      ['512x512', 'maskable'],
    ] as const) {
      const icon = has(size, purpose);
      expect(icon, `a ${purpose} ${size} PNG icon`).toBeDefined();
      const img = await fetch(new URL(icon!.src, manifestUrl));
      expect(img.status, icon!.src).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/png');
      const [w, h] = pngSize(Buffer.from(await img.arrayBuffer()));
      expect(`${w}x${h}`, icon!.src).toBe(size);
    }
    const svg = m.icons.find((i) => i.type === 'image/svg+xml' || i.src.endsWith('.svg'));
    expect(svg, 'an SVG icon').toBeDefined();
    const svgRes = await fetch(new URL(svg!.src, manifestUrl));
    expect(svgRes.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svgRes.text()).toMatch(/<svg[\s>]/);
  });

  it('links an opaque 180x180 apple-touch-icon', async () => {
    const { page } = session;
    const href = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect(href, 'a <link rel="apple-touch-icon">').toBeTruthy();
    const res = await fetch(new URL(href as string, page.url()));
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(pngSize(bytes)).toEqual([180, 180]);
    // iOS shows transparency as black: no alpha channel (colour types 4 and 6) and no tRNS chunk.
    expect([0, 2, 3], 'PNG colour type without alpha').toContain(bytes[25]);
    expect(bytes.includes('tRNS'), 'no transparency chunk').toBe(false);
  });
});
