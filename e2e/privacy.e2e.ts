// Foundation: a first visit talks to no origin but the one the app was served from.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, recordRequests, waitOfflineReady, type Session } from './helpers/browser';
import { recordFigure } from './helpers/figures';
import { DIST_SAMPLES } from './helpers/paths';

let server: RunningServer;
let session: Session | undefined;
const served: string[] = [];

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES, base: '/mirror/reader/', log: (line) => served.push(line) });
});
afterAll(() => server.close());
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('first visit', () => {
  it.each(['fa-IR', 'en-US'])('requests nothing from another origin (%s)', async (locale) => {
    served.length = 0;
    session = await openSession({ locale });
    const log = recordRequests(session.context);
    const { page } = session;
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
    await waitOfflineReady(page);
    // Let anything lazy (fonts, images, workers) start before judging.
    await page.waitForTimeout(1500);
    log.stop();
    const origin = new URL(server.url).origin;
    expect(log.urls.length).toBeGreaterThan(0);
    expect(log.foreign(origin), 'requests to another origin').toEqual([]);
    await recordFigure(`first visit requests seen by the browser, samples, ${locale}`, log.urls.length, 'requests');
    await recordFigure(`first visit requests answered by the server, samples, ${locale}`, served.length, 'requests');
  });
});

describe('the published files', () => {
  it('carry no path, user name or development markers from the machine that built them', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { ROOT } = await import('./helpers/paths');
    const names = (await readdir(DIST_SAMPLES, { recursive: true })).filter((n) => /\.(?:js|css|html|json|webmanifest)$/.test(n));
    expect(names.length).toBeGreaterThan(3);
    const leaks: string[] = [];
    for (const name of names) {
      const text = await readFile(join(DIST_SAMPLES, name), 'utf8');
      // ROOT is the build machine's checkout; jsxDEV's fileName/lineNumber would reveal it.
      if (text.includes(ROOT)) leaks.push(`${name}: contains ${ROOT}`);
      if (/lineNumber:\d+,columnNumber:\d+/.test(text)) leaks.push(`${name}: development JSX`);
    }
    expect(leaks).toEqual([]);
  });
});
