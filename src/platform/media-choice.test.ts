/**
 * The data saver's choice on the page (media-choice.ts), on fake-indexeddb and a fake of the origin's caches: what an
 * erase and another tab's answer do to the first visit's question and its default.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUESTION_MS } from '../core/data-saver';
import { memoryCaches } from '../core/testing/memory-caches';

/** The origin's caches: where the service worker reads its copy of the choice. */
const { cached, caches } = memoryCaches();
/** The choice the service worker would read at the next visit (its cache, if it exists). */
const workerCopy = async (): Promise<string | undefined> => cached.get('offline-reader-choice')?.values().next().value?.text();

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  cached.clear();
  vi.stubGlobal('caches', caches);
  // No data-saving request from the browser: the preselected choice is "everything now".
  vi.stubGlobal('navigator', {});
  // Only the question's clock: fake-indexeddb runs on setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Until the question's fallback is set (the stored choice is read first, from IndexedDB). */
async function untilTimerSet(): Promise<void> {
  while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** The first visit: the sync holds pictures back, and waits for the reader's answer. */
async function firstVisitAsked() {
  const choice = await import('./media-choice');
  const waiting: (number | undefined)[] = [];
  choice.onPicturesWaiting((bytes) => waiting.push(bytes));
  choice.setPicturesWaiting(5_000_000);
  const told: string[] = [];
  choice.onMediaChoice((c) => told.push(c));
  const outcome = choice.awaitMediaChoice().catch((error: unknown) => error);
  await untilTimerSet();
  return { choice, waiting, told, outcome };
}

describe('awaitMediaChoice: the first visit question', () => {
  it('takes the preselected choice when nobody answers: stored, and copied for the service worker', async () => {
    const { choice, told, outcome } = await firstVisitAsked();
    await vi.advanceTimersByTimeAsync(QUESTION_MS);
    expect(await outcome).toBe('all');
    expect(told).toEqual(['all']);
    expect(await choice.getMediaChoice()).toBe('all');
    expect(await workerCopy()).toBe('all');
  });

  it('ends with an erase: no default is stored or copied for the service worker, and the sheet goes', async () => {
    const { waiting, told, outcome } = await firstVisitAsked();
    // "Erase everything" in Settings while the question is on screen.
    const { deleteDatabase } = await import('../storage/db');
    await deleteDatabase();
    cached.clear();
    await vi.advanceTimersByTimeAsync(QUESTION_MS);
    expect(await outcome).toMatchObject({ code: 'storage-erased' });
    // Before the fix the default re-created the worker's copy ('all'): the next visit downloaded every picture first.
    expect(cached.has('offline-reader-choice')).toBe(false);
    expect(told).toEqual([]);
    expect(waiting.at(-1)).toBeUndefined();
  });

  it("keeps another tab's answer when nobody answered here: told to this page, not overwritten", async () => {
    const { choice, told, outcome } = await firstVisitAsked();
    // The reader answers "Text now" in another tab: that tab stores it (and copies it for the service worker).
    const { setSetting } = await import('../storage/settings-store');
    await setSetting('media', 'text');
    await vi.advanceTimersByTimeAsync(QUESTION_MS);
    expect(await outcome).toBe('text');
    expect(told).toEqual(['text']);
    // Before the fix this tab's default stored 'all' over it, and copied 'all' for the service worker.
    expect(await choice.getMediaChoice()).toBe('text');
    expect(cached.has('offline-reader-choice')).toBe(false);
  });
});

describe('chooseMedia', () => {
  it('stores nothing and writes no copy for the service worker once erased (an answer tapped after the erase)', async () => {
    const choice = await import('./media-choice');
    const told: string[] = [];
    choice.onMediaChoice((c) => told.push(c));
    await choice.getMediaChoice();
    const { deleteDatabase } = await import('../storage/db');
    await deleteDatabase();
    cached.clear();
    await choice.chooseMedia('all');
    expect(cached.has('offline-reader-choice')).toBe(false);
    expect(told).toEqual([]);
  });
});
