// Foundation + trust on a mirror served over plain HTTP (no secure context: no service worker, no WebCrypto):
// every article still arrives verified and reads, and the app says plainly that it cannot open offline from there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import type { Manifest } from '../src/core/types';
import { articleHash, readBuiltManifest, waitForLibrary } from './helpers/app';
import { openSession, recordRequests, type Session } from './helpers/browser';
import { statusText } from './helpers/visit';
import { DIST_SAMPLES } from './helpers/paths';

const t = STRINGS.en;
let server: RunningServer;
let session: Session;
let manifest: Manifest;

beforeAll(async () => {
  manifest = await readBuiltManifest(DIST_SAMPLES);
  server = await startServer({ dir: DIST_SAMPLES, base: '/mirror/', brotliQuality: 4 });
  // A host name other than localhost/127.0.0.1 over http: is not a secure context, as on a real plain-HTTP mirror.
  session = await openSession({ locale: 'en-US', args: ['--host-resolver-rules=MAP plain-mirror.test 127.0.0.1'] });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('a mirror served over plain HTTP', () => {
  it('lists and opens every article, verified, and says the app cannot open offline from this address', async () => {
    const { page, context } = session;
    const url = server.url.replace('127.0.0.1', 'plain-mirror.test');
    const log = recordRequests(context);
    await page.goto(url);
    expect(await page.evaluate(() => ({ secure: isSecureContext, subtle: Boolean(globalThis.crypto?.subtle) }))).toEqual({
      secure: false,
      subtle: false,
    });
    await waitForLibrary(page);
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain(t.savedNoOffline);
    expect(log.foreign(new URL(url).origin), 'requests to another origin').toEqual([]);
    log.stop();

    for (const a of manifest.articles) {
      await page.evaluate((hash) => void (location.hash = hash), articleHash(a.id));
      await expect
        .poll(
          () =>
            page
              .locator('article h1')
              .textContent()
              .catch(() => null),
          { timeout: 10_000 },
        )
        .toBe(a.title);
      await expect(page.getByText(t.verified(manifest.publisher.name)).first().isVisible(), `${a.id} shows as verified`).resolves.toBe(
        true,
      );
    }
  });
});
