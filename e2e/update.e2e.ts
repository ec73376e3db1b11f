// Foundation + performance: a new edition deployed to the same place reaches an installed app as an update the reader
// accepts; the open tab keeps working meanwhile; the update downloads the changed pack, not the whole library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { articleText, waitForLibrary } from './helpers/app';
import { goOffline, recordRequests, type Session } from './helpers/browser';
import { buildFixtureApp } from './helpers/fixture-build';
import { HOSTILE, ROLLBACK } from './helpers/fixture-text';
import { visitOnce } from './helpers/visit';
import { TMP } from './helpers/paths';
import { textGroupProblems } from './helpers/library-io';

const t = STRINGS.en;
const SITE = join(TMP, 'update-e2e-site');

let server: RunningServer;
let session: Session | undefined;
let distOld: string;
let distNew: string;

/** Publishes a build at the served place, as a publisher's deploy replaces the files of a static host. */
async function deploy(dist: string): Promise<void> {
  await rm(SITE, { recursive: true, force: true });
  await mkdir(SITE, { recursive: true });
  await cp(dist, SITE, { recursive: true });
}

beforeAll(async () => {
  // The same article in two editions (the newer one corrects it and adds an article), built from the same app code.
  distOld = await buildFixtureApp({ fixture: 'trust-old', edition: ROLLBACK.oldEdition });
  distNew = await buildFixtureApp({ fixture: 'trust-new', edition: ROLLBACK.newEdition });
  await deploy(distOld);
  server = await startServer({ dir: SITE, base: '/news/', brotliQuality: 4 });
}, 300_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('a new edition', () => {
  it('waits for the reader, keeps the open tab working, then brings the corrected article offline with only the changed files', async () => {
    session = await visitOnce(server);
    const { page, context } = session;
    expect(await articleText(page, ROLLBACK.id)).toContain(ROLLBACK.oldText);

    await deploy(distNew);
    const log = recordRequests(context);
    await page.goto(server.url);
    const banner = page.getByRole('region', { name: t.updateReady });
    await banner.waitFor({ timeout: 60_000 });

    // Until the reader chooses, nothing reloads and the old edition still reads.
    expect(await articleText(page, ROLLBACK.id)).toContain(ROLLBACK.oldText);

    // "Later" folds the question into the header's status sign, which brings it back.
    await page.getByRole('button', { name: t.updateLater }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.locator('header').getByRole('button', { name: t.statusUpdate }).click();
    await banner.waitFor({ timeout: 5_000 });
    expect(await articleText(page, ROLLBACK.id)).toContain(ROLLBACK.oldText);

    await page.getByRole('button', { name: t.updateReload }).click();
    await expect.poll(() => articleText(page, ROLLBACK.id).catch(() => ''), { timeout: 30_000 }).toContain(ROLLBACK.newText);
    log.stop();

    const content = log.urls.map((u) => new URL(u).pathname).filter((p) => p.includes('/content/'));
    expect(
      content.filter((p) => p.includes('/content/bulk-')),
      'bulk files downloaded for an update',
    ).toEqual([]);
    expect(
      content.some((p) => p.includes('/content/pack-')),
      'the changed pack was downloaded',
    ).toBe(true);

    // Offline, the corrected text and the new article read from the device.
    await goOffline(context, server);
    await page.goto(server.url);
    await waitForLibrary(page);
    expect(await articleText(page, ROLLBACK.id)).toContain(ROLLBACK.newText);
    expect(await articleText(page, HOSTILE.id)).toContain(HOSTILE.before);
    expect(await textGroupProblems(page), 'every row finds its body; no group of bodies is left that no row points to').toEqual({
      dangling: [],
      orphans: [],
      shelves: [],
    });
  });
});
