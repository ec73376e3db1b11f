// Errors a reader can meet that are not about a file: a browser that will not open the app's storage says so, in both languages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, type Session } from './helpers/browser';
import { DIST_SAMPLES } from './helpers/paths';
import { escapeRegExp } from './helpers/app';
import { STRINGS } from '../src/ui/i18n-all';

let server: RunningServer;
let session: Session | undefined;

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES });
});
afterAll(() => server.close());
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('storage that cannot open', () => {
  it.each([
    // What works with nothing stored: the publisher's library file, named by its own label (not "Save the whole library
    // as one file", which an empty library disables).
    ['en-US', new RegExp(`private window.*free some space.*${escapeRegExp(STRINGS.en.downloadLibrary)}`)],
    ['fa-IR', new RegExp(`پنجرهٔ خصوصی.*جا باز کنید.*${escapeRegExp(STRINGS.fa.downloadLibrary)}`)],
  ])('tells the reader why the library is empty, and what to try (%s)', async (locale, sentence) => {
    session = await openSession({ locale });
    const { page, context } = session;
    // As a browser that refuses IndexedDB to the page (some private modes, storage turned off in settings).
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    const alert = page.getByRole('alert').filter({ hasText: sentence });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(sentence);
    // The cause stays in the console for whoever helps the reader.
    expect(errors.join('\n')).toContain('SecurityError');
  });
});
