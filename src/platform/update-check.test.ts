// A check against a mirror that "trickles" its edition file (one byte every 7 s, never silent for STALL_MS): it must
// not hold the check open (before MIN_BYTES_PER_STALL it did, for ever, and the honest mirror behind it was never
// asked). A slow but working mirror (2 KB/s) still delivers.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { trickle, whole } from '../core/testing/responses';

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
afterAll(() => void vi.useRealTimers());

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'open-shelf' } } }));
const stored = { edition: 10 };
const state = { mirrors: ['https://honest.example/', 'https://hostile.example/'], last: undefined as object | undefined };
vi.mock('../storage/update-store', async (original) => ({
  // The rest's rule as the app has it (REFUSAL_REST_MS, stillResting); the storage is this test's.
  ...(await original<typeof import('../storage/update-store')>()),
  getLibraryEdition: async () => ({ publisherId: 'open-shelf', edition: stored.edition, created: '' }),
  getMirrors: async (publisherId: string) => ({ publisherId, edition: 10, mirrors: state.mirrors }),
  getLastCheck: async () => state.last,
  recordCheck: async (c: object) => (state.last = { ...c }),
  recordLibraryEdition: async (e: { edition: number }) => void (stored.edition = e.edition),
  recordMirrors: async () => undefined,
}));
vi.mock('./import-client', () => ({
  verifyEditionInWorker: async (bytes: ArrayBuffer) => ({
    trust: 'verified',
    publisherId: 'open-shelf',
    edition: Number(new TextDecoder().decode(bytes)),
    created: '',
    handle: 1,
  }),
  storeUpdateInWorker: async () => ({ added: 1, updated: 0 }),
  applyWithdrawalsInWorker: async () => 0,
  missingPicturesInWorker: async () => 0,
}));
vi.mock('./library-sync', () => ({ packsToFetch: async () => ({ text: [], pictures: [] }) }));
vi.mock('../storage/library-store', () => ({ getStoredMediaHashes: async () => new Set() }));
vi.mock('./trusted-keys', () => ({ getTrustedKeys: async () => [] }));
vi.mock('./media-choice', () => ({
  getMediaChoice: async () => 'all',
  preselectedMediaChoice: () => 'all',
  onMediaChoice: () => () => undefined,
}));
vi.mock('./storage-info', () => ({ requestPersistence: async () => true }));

vi.stubGlobal('document', { baseURI: 'https://own.example/', querySelector: () => null });
vi.stubGlobal('navigator', { onLine: true });

const pointer = (edition: number): string =>
  JSON.stringify({ format: 'offline-reader/current', edition, file: 'content/edition-0123456789ab.html' });

let slowButWorking = false;
/** Set: the hostile mirror sends 8 KiB every 7.9 s, just above MIN_BYTES_PER_STALL, for as long as it is let. */
let atTheFloor = false;
/** Every edition file asked for, in order. */
const editionFiles: string[] = [];

vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
  if (url === 'https://own.example/edition.json') return whole(url, pointer(10));
  if (url === 'https://honest.example/edition.json') return whole(url, pointer(11));
  if (url.endsWith('/content/edition-0123456789ab.html')) editionFiles.push(url);
  if (url === 'https://honest.example/content/edition-0123456789ab.html') return whole(url, '11');
  // The hostile mirror claims a newer edition than anyone (so it is tried first), then trickles its edition file.
  if (url === 'https://hostile.example/edition.json') return whole(url, pointer(12));
  if (url === 'https://hostile.example/content/edition-0123456789ab.html') {
    // 2 KB a second for 20 s: slow, but a working link.
    if (atTheFloor) return trickle(url, init.signal!, ' '.repeat(8192), 7_900);
    return slowButWorking ? trickle(url, init.signal!, ' '.repeat(2048), 1_000, 19, '12') : trickle(url, init.signal!, ' ', 7_000);
  }
  throw new Error(`unexpected ${url}`);
});

const { ATTEMPT_MS, checkForUpdates } = await import('./update-check');

/** Runs one check on fake time; the record, and how long it took (ms). */
async function check(): Promise<{ record?: { outcome: { kind: string }; results: { url: string; status: string }[] }; ms: number }> {
  let record: { outcome: { kind: string }; results: { url: string; status: string }[] } | undefined;
  void checkForUpdates().then((r) => (record = r));
  let ms = 0;
  for (; ms < 30 * 60_000 && !record; ms += 1_000) await vi.advanceTimersByTimeAsync(1_000);
  return { record, ms };
}

describe('a mirror that trickles its bytes', () => {
  it('cannot hold a check open: it is dropped within seconds, the honest mirror is asked and the library updates', async () => {
    stored.edition = 10;
    slowButWorking = false;
    const { record, ms } = await check();
    expect(record?.outcome.kind).toBe('updated');
    expect(stored.edition).toBe(11);
    expect(ms).toBeLessThanOrEqual(20_000);
  });

  it('still takes a newer edition from a slow mirror that keeps sending (2 KB/s)', async () => {
    stored.edition = 10;
    slowButWorking = true;
    // No check before this one: the previous test's gave the hostile mirror up, and it would be asked last.
    state.last = undefined;
    const { record, ms } = await check();
    expect(record?.outcome.kind).toBe('updated');
    expect(stored.edition).toBe(12);
    expect(ms).toBeGreaterThanOrEqual(20_000);
  });

  it('cannot hold a check for hours by sending just enough: given up on after ATTEMPT_MS, and asked after the others next time', async () => {
    stored.edition = 10;
    slowButWorking = false;
    atTheFloor = true;
    state.last = undefined;
    editionFiles.length = 0;
    const first = await check();
    expect(first.record?.outcome.kind).toBe('updated');
    expect(stored.edition).toBe(11);
    expect(first.ms).toBeGreaterThanOrEqual(ATTEMPT_MS);
    expect(first.ms).toBeLessThanOrEqual(ATTEMPT_MS + 20_000);
    expect(first.record?.results.find((r) => r.url === 'https://hostile.example/')?.status).toBe('no-answer');
    expect(editionFiles).toEqual([
      'https://hostile.example/content/edition-0123456789ab.html',
      'https://honest.example/content/edition-0123456789ab.html',
    ]);

    // The next edition: the honest mirror is asked first, although the hostile one claims a newer one again.
    stored.edition = 10;
    editionFiles.length = 0;
    const second = await check();
    expect(second.record?.outcome.kind).toBe('updated');
    expect(second.ms).toBeLessThanOrEqual(20_000);
    expect(editionFiles).toEqual(['https://honest.example/content/edition-0123456789ab.html']);
    atTheFloor = false;
  });
});
