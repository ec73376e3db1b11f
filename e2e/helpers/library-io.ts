// Owns moving files in and out of the app in e2e tests: file input, drop, downloads, what an import reported, and what IndexedDB holds.
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DB_NAME } from '../../src/core/constants';
import { CHECK_KEY, REFUSAL_REST_MS } from '../../src/storage/update-store';

/** What the page showed when an import finished: the status regions, the alert regions and an open dialog (each '' when empty). */
export interface ImportOutcome {
  status: string;
  alert: string;
  dialog: string;
  /** Every status text shown from the start of the import to its outcome, in order, without repeats. */
  statuses: string[];
}

/** The English report of a finished import, e.g. "4 new, 0 updated, 0 already here". */
export const DONE_EN = /(\d+) new, (\d+) updated, (\d+) already here/;

/** A file to import: a path on disk, or bytes with a name. */
export type ImportPayload = string | { name: string; mimeType: string; buffer: Buffer };

/**
 * Runs `trigger` (which starts one import) and waits for its outcome: a status matching `done`, an alert, or an
 * open dialog. Only what the page shows after `trigger` starts counts, so an earlier import's message is never
 * taken for this one's.
 */
export async function watchImport(
  page: Page,
  trigger: () => Promise<unknown>,
  done: RegExp = DONE_EN,
  timeout = 90_000,
): Promise<ImportOutcome> {
  await page.evaluate(() => {
    const w = window as unknown as { __e2eImport?: { observer: MutationObserver; seen: unknown[] } };
    w.__e2eImport?.observer.disconnect();
    const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
    const seen: { status: string; alert: string; dialog: string }[] = [];
    const observer = new MutationObserver(() => {
      seen.push({
        status: [...document.querySelectorAll('[role="status"]')]
          .map((e) => squash(e.textContent))
          .filter(Boolean)
          .join(' | '),
        alert: [...document.querySelectorAll('[role="alert"]')]
          .map((e) => squash(e.textContent))
          .filter(Boolean)
          .join(' | '),
        dialog: [...document.querySelectorAll('dialog[open]')].map((e) => squash(e.textContent)).join(' | '),
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['open'] });
    w.__e2eImport = { observer, seen };
  });
  await trigger();
  try {
    const handle = await page.waitForFunction(
      (source) => {
        const done = new RegExp(source);
        const w = window as unknown as { __e2eImport?: { seen: { status: string; alert: string; dialog: string }[] } };
        const seen = w.__e2eImport?.seen ?? [];
        const at = seen.findIndex((s) => s.alert || s.dialog || done.test(s.status));
        if (at < 0) return false;
        const statuses: string[] = [];
        for (const s of seen.slice(0, at + 1)) if (s.status && statuses[statuses.length - 1] !== s.status) statuses.push(s.status);
        return { ...seen[at], statuses };
      },
      done.source,
      { timeout, polling: 50 },
    );
    return (await handle.jsonValue()) as ImportOutcome;
  } catch (err) {
    const seen = await page
      .evaluate(() => (window as unknown as { __e2eImport?: { seen: unknown[] } }).__e2eImport?.seen.slice(-5))
      .catch(() => null);
    throw new Error(
      `No import outcome within ${timeout / 1000} s; the last states seen: ${JSON.stringify(seen)} (${(err as Error).message.split('\n')[0]})`,
    );
  } finally {
    await page
      .evaluate(() => (window as unknown as { __e2eImport?: { observer: MutationObserver } }).__e2eImport?.observer.disconnect())
      .catch(() => undefined);
  }
}

/** Imports through the app's "Import a file" input (the visually hidden input[type=file]). */
export async function importThroughInput(page: Page, file: ImportPayload, done?: RegExp): Promise<ImportOutcome> {
  const input = page.locator('input[type="file"]').first();
  return watchImport(page, () => input.setInputFiles(file), done);
}

/** Imports by dispatching dragenter/dragover/drop with a DataTransfer built in the page; `accepted` says whether dragover was taken (preventDefault). */
export async function importByDrop(page: Page, bytes: Buffer, name: string, done?: RegExp): Promise<ImportOutcome & { accepted: boolean }> {
  let accepted = false;
  const outcome = await watchImport(
    page,
    async () => {
      accepted = await page.evaluate(
        ({ b64, name }) => {
          const raw = atob(b64);
          const data = new Uint8Array(raw.length);
          for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
          const dt = new DataTransfer();
          dt.items.add(new File([data], name, { type: 'text/html' }));
          const target = document.querySelector('main') ?? document.body;
          const fire = (type: string): DragEvent => {
            const e = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt });
            target.dispatchEvent(e);
            return e;
          };
          fire('dragenter');
          const over = fire('dragover');
          fire('drop');
          return over.defaultPrevented;
        },
        { b64: bytes.toString('base64'), name },
      );
    },
    done,
  );
  return { ...outcome, accepted };
}

/** A file the page downloaded: its suggested name, where it was saved and its bytes. */
export interface Downloaded {
  name: string;
  path: string;
  bytes: Buffer;
}

/** Clicks (via `click`) something that downloads a file, and saves the file under `dir`. */
export async function downloadBy(page: Page, click: () => Promise<unknown>, dir: string, timeout = 60_000): Promise<Downloaded> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  const name = download.suggestedFilename();
  const path = `${dir}/${Date.now()}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  await download.saveAs(path);
  const failure = await download.failure();
  if (failure) throw new Error(`The download of ${name} failed: ${failure}`);
  return { name, path, bytes: await readFile(path) };
}

/**
 * Clicks an export control and returns the saved file under `dir`; fails at once, with the app's words, when the app
 * shows `errorText` (its generic error) instead of saving.
 */
export async function exportBy(page: Page, click: () => Promise<unknown>, dir: string, errorText: string): Promise<Downloaded> {
  const refused = page
    .getByText(errorText)
    .first()
    .waitFor({ timeout: 60_000 })
    .then(() => {
      throw new Error(`The app said "${errorText}" instead of saving the file.`);
    });
  refused.catch(() => undefined);
  return Promise.race([downloadBy(page, click, dir), refused]);
}

/** Writes bytes to a file (for file inputs and file:// pages) and returns its path. */
export async function saveBytes(path: string, bytes: Uint8Array): Promise<string> {
  await writeFile(path, bytes);
  return path;
}

/** The article ids a bundle's article records carry, in file order. */
export function articleIdsOf(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  const ids: string[] = [];
  for (const m of text.matchAll(/<[a-z][a-z0-9]* data-or="article"[^>]*? data-id="([^"]*)"/g)) ids.push(decodeURIComponent(m[1]!));
  return ids;
}

/** How many article rows (on all shelves) and records of each other library store the app's IndexedDB holds (read in the page; the database must exist). */
export async function storeCounts(page: Page): Promise<Record<'articles' | 'shelves' | 'texts' | 'bodies' | 'media' | 'editions', number>> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const count = (store: string, index?: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const os = db.transaction(store).objectStore(store);
          const req = index ? os.index(index).count() : os.count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      return {
        articles: await count('shelves', 'by-article'),
        shelves: await count('shelves'),
        texts: await count('texts'),
        bodies: await count('bodies'),
        media: await count('media'),
        editions: await count('editions'),
      };
    } finally {
      db.close();
    }
  }, DB_NAME);
}

/** The stored body HTML of one article of the site's publisher, read in the page (undefined when absent). */
export async function storedBody(page: Page, publisherId: string, id: string): Promise<string | undefined> {
  return page.evaluate(
    async ({ name, key }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const get = <T>(store: string, k: IDBValidKey, index?: string): Promise<T | undefined> =>
        new Promise((resolve, reject) => {
          const os = db.transaction(store).objectStore(store);
          const req = index ? os.index(index).get(k) : os.get(k);
          req.onsuccess = () => resolve(req.result as T | undefined);
          req.onerror = () => reject(req.error);
        });
      try {
        // The row is on the shelf whose index of article keys holds this one.
        const shelf = await get<{ rows: { publisherId: string; id: string; text?: number; textAt?: number }[] }>(
          'shelves',
          key,
          'by-article',
        );
        const row = shelf?.rows.find((r) => r.publisherId === key[0] && r.id === key[1]);
        if (!row) return undefined;
        // In a group of bodies (UTF-8 bytes), or, in rows written before groups, on its own (bytes or a string).
        const body =
          row.text !== undefined
            ? (await get<{ bodies: Uint8Array[] }>('texts', row.text))?.bodies[row.textAt ?? -1]
            : (await get<{ body: string | Uint8Array }>('bodies', key))?.body;
        return body === undefined || typeof body === 'string' ? body : new TextDecoder().decode(body);
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, key: [publisherId, id] },
  );
}

/**
 * Checks the library's shelves and groups of bodies in the page: every row points to a body that is there, every group
 * holds the body of at least one row (a group no row points to is waste an import should have dropped), and every
 * shelf names exactly its rows' keys and groups (what the indexes that find them are built from).
 */
export async function textGroupProblems(page: Page): Promise<{ dangling: string[]; orphans: number[]; shelves: number[] }> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T>(store: string): Promise<{ keys: IDBValidKey[]; values: T[] }> =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(store);
        const keys = tx.objectStore(store).getAllKeys();
        const values = tx.objectStore(store).getAll();
        tx.oncomplete = () => resolve({ keys: keys.result, values: values.result as T[] });
        tx.onerror = () => reject(tx.error);
      });
    type Row = { publisherId: string; id: string; text?: number; textAt?: number };
    try {
      const shelves = await all<{ rows: Row[]; keys: [string, string][]; texts: number[] }>('shelves');
      const rows = shelves.values.flatMap((s) => s.rows);
      const texts = await all<{ bodies: Uint8Array[] }>('texts');
      const groups = new Map(texts.keys.map((k, i) => [k as number, texts.values[i]!]));
      const dangling = rows.filter((r) => r.text !== undefined && !groups.get(r.text)?.bodies[r.textAt ?? -1]).map((r) => r.id);
      const used = new Set(rows.map((r) => r.text));
      const same = (a: unknown[], b: unknown[]): boolean => JSON.stringify(a) === JSON.stringify(b);
      const badShelves = shelves.keys.filter((_, i) => {
        const s = shelves.values[i]!;
        const texts = [...new Set(s.rows.map((r) => r.text).filter((t) => t !== undefined))].sort();
        return (
          s.rows.length === 0 ||
          !same(
            s.keys,
            s.rows.map((r) => [r.publisherId, r.id]),
          ) ||
          !same([...s.texts].sort(), texts)
        );
      }) as number[];
      return { dangling, orphans: [...groups.keys()].filter((g) => !used.has(g)), shelves: badShelves };
    } finally {
      db.close();
    }
  }, DB_NAME);
}

/**
 * The stored search index's coverage: how many articles its saved list of versions names (undefined: no index stored).
 * With `drop`, deletes the stored index first (as if it had been lost), and gives undefined.
 */
export async function storedSearchIndex(page: Page, { drop = false } = {}): Promise<number | undefined> {
  return page.evaluate(
    async ({ name, drop }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        return await new Promise<number | undefined>((resolve, reject) => {
          const tx = db.transaction('search', drop ? 'readwrite' : 'readonly');
          const store = tx.objectStore('search');
          if (drop) {
            store.delete('index');
            tx.oncomplete = () => resolve(undefined);
            tx.onerror = () => reject(tx.error);
            return;
          }
          const req = store.get('index');
          req.onsuccess = () => {
            const docs = (req.result as { docs?: unknown } | undefined)?.docs;
            resolve(Array.isArray(docs) ? docs.length : undefined);
          };
          req.onerror = () => reject(req.error);
        });
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, drop },
  );
}

/**
 * Makes the refusals the last update check recorded REFUSAL_REST_MS older, as if that day had passed: the addresses
 * whose downloads were refused are downloaded from again at the next check.
 */
export async function passRefusalRest(page: Page): Promise<void> {
  await page.evaluate(
    async ({ name, key, rest }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        const store = db.transaction('settings', 'readwrite').objectStore('settings');
        type Resting = { resting?: Record<string, { at: number }> };
        const record = await new Promise<Resting | undefined>((resolve, reject) => {
          const req = store.get(key);
          req.onsuccess = () => resolve(req.result as Resting | undefined);
          req.onerror = () => reject(req.error);
        });
        if (!record) throw new Error('No update check is recorded.');
        for (const r of Object.values(record.resting ?? {})) r.at -= rest;
        await new Promise((resolve, reject) => {
          const req = store.put(record, key);
          req.onsuccess = resolve;
          req.onerror = () => reject(req.error);
        });
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, key: CHECK_KEY, rest: REFUSAL_REST_MS },
  );
}
