// How a check ends, and what it records, when something goes wrong: a first visit cut short (no edition held whole), a
// full device or another failure that is not the address's doing, a newer edition that does not come whole, addresses
// the check never waited for, and an edition file trickled by the only address offering one. Every defect named here
// was found by a read-only review of the update path.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckProgress } from './update-check';
import type { AddressResult, CheckRecord } from '../storage/update-store';
import { isPackOnDevice, matchPack, openContentCache } from '../core/content-cache';
import { trickle, whole } from '../core/testing/responses';
import { memoryCaches } from '../core/testing/memory-caches';

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
afterAll(() => void vi.useRealTimers());

const OWN = 'https://own.example/';
const HONEST = 'https://honest.example/';
const OTHER = 'https://other.example/';
const HOSTILE = 'https://hostile.example/';
const EDITION_FILE = 'content/edition-0123456789ab.html';
const PACK = 'content/pack-aaaaaaaa.html';

vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'open-shelf' } } }));
const store = vi.hoisted(() => ({
  /** The edition held whole, if any. */
  held: undefined as number | undefined,
  /** The newest signed mirror list kept, and which edition said so. */
  list: { edition: -1, mirrors: [] as string[] },
  last: undefined as CheckRecord | undefined,
  mirrorsRecorded: [] as { edition: number; mirrors?: string[] }[],
  /** Set: the page's own writes fail as this. */
  writeFails: undefined as unknown,
}));
vi.mock('../storage/update-store', async (original) => ({
  // The rest's rule as the app has it (REFUSAL_REST_MS, stillResting); the storage is this test's.
  ...(await original<typeof import('../storage/update-store')>()),
  getLibraryEdition: async () => (store.held === undefined ? undefined : { publisherId: 'open-shelf', edition: store.held, created: '' }),
  getMirrors: async (publisherId: string) => ({ publisherId, ...store.list }),
  getLastCheck: async () => store.last,
  recordCheck: async (c: Omit<CheckRecord, 'lastSuccess'>) => (store.last = structuredClone(c)),
  recordLibraryEdition: async (e: { edition: number }) => void (store.held = e.edition),
  recordMirrors: async (lists: { edition: number; mirrors?: string[] }[]) => {
    if (store.writeFails) throw store.writeFails;
    store.mirrorsRecorded.push(...lists);
  },
}));

/** What happened, in order: the worker's store, and each progress report. */
const events: string[] = [];
const worker = vi.hoisted(() => ({
  verify: undefined as unknown as (bytes: ArrayBuffer) => Promise<unknown>,
  store: undefined as unknown as (packs: ArrayBuffer[], media: string) => Promise<{ added: number; updated: number }>,
}));
/** What the device holds (articles, pictures) as the fake worker plans and stores, and the packs each write stored. */
const lib = vi.hoisted(() => ({ articles: new Set<string>(), pictures: new Set<string>(), writes: [] as string[][] }));
/** The edition's pack index, as every address serves it. */
const plan = vi.hoisted(() => ({ packs: [] as { url: string; bytes: number; articles: string[]; media: string[] }[] }));
vi.mock('./import-client', () => ({
  verifyEditionInWorker: (bytes: ArrayBuffer) => worker.verify(bytes),
  storeUpdateInWorker: (packs: ArrayBuffer[], _edition: unknown, media: string) => (events.push('store'), worker.store(packs, media)),
  applyWithdrawalsInWorker: async () => 0,
  missingPicturesInWorker: async () => plan.packs.flatMap((p) => p.media).filter((sha) => !lib.pictures.has(sha)).length * 1000,
}));
// The pictures the device holds, as the page reads them from storage.
vi.mock('../storage/library-store', () => ({
  getStoredMediaHashes: async (hashes: string[]) => new Set(hashes.filter((sha) => lib.pictures.has(sha))),
}));
// The worker's plan: the packs with an article the device lacks, then (with "Everything now") those with a picture it lacks.
vi.mock('./library-sync', () => ({
  packsToFetch: async (_edition: unknown, media: string) => {
    const text = plan.packs.filter((p) => p.articles.some((a) => !lib.articles.has(a)));
    const pictures = plan.packs.filter((p) => !text.includes(p) && p.media.some((sha) => !lib.pictures.has(sha)));
    return { text, pictures: media === 'all' ? pictures : [] };
  },
}));
vi.mock('./trusted-keys', () => ({ getTrustedKeys: async () => [] }));
const choice = vi.hoisted(() => ({
  media: 'all' as string | undefined,
  /** The reader's answer to the data saver's question, when the check puts it. */
  answer: 'all',
  /** The picture bytes the question said were waiting, each time it was put. */
  asked: [] as (number | undefined)[],
}));
/** The listeners of the reader's choices on this page (a check's picture stage listens for "Text now"). */
const choosers = vi.hoisted(() => new Set<(choice: string) => void>());
vi.mock('./media-choice', () => ({
  getMediaChoice: async () => choice.media,
  preselectedMediaChoice: () => 'all',
  onMediaChoice: (listener: (choice: string) => void) => (choosers.add(listener), () => choosers.delete(listener)),
  setPicturesWaiting: (bytes: number | undefined) => void choice.asked.push(bytes),
  awaitMediaChoice: async () => (choice.media ??= choice.answer),
}));
vi.mock('./storage-info', () => ({ requestPersistence: async () => true }));

vi.stubGlobal('document', { baseURI: OWN, querySelector: () => null });
vi.stubGlobal('navigator', { onLine: true });
/** The origin's caches (the content cache the service worker reads): what the page leaves there. */
const { cached, caches } = memoryCaches();
vi.stubGlobal('caches', caches);
// No shuffle: the mirrors are asked in the order their list gives.
vi.spyOn(Math, 'random').mockReturnValue(0.999);

const pointer = (edition: number): string => JSON.stringify({ format: 'offline-reader/current', edition, file: EDITION_FILE });
/** The signed edition a worker reads from an edition file (the test's edition files hold just the number). */
const summary = (edition: number) => ({ trust: 'verified', publisherId: 'open-shelf', edition, created: '', mirrors: [HONEST], handle: 1 });

/** A request that never gets an answer (a blackholed address) until it is given up on. */
const hang = (signal: AbortSignal): Promise<Response> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new TypeError('Failed to fetch'))));

/** What each address serves: its pointer's edition, its edition file, its pack (missing: the request fails). */
let serve: Record<
  string,
  {
    pointer?: number;
    /** How long its pointer takes to come (ms). */
    pointerAfter?: number;
    edition?: (url: string, signal: AbortSignal) => Response;
    pack?: (url: string, signal: AbortSignal) => Response;
  }
>;
/** Every edition file and pack asked for, in order. */
const asked: string[] = [];

vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
  const base = Object.keys(serve).find((b) => url.startsWith(b));
  const site = base ? serve[base]! : undefined;
  if (!site) return hang(init.signal!);
  if (url.endsWith('/edition.json')) {
    if (site.pointer === undefined) return hang(init.signal!);
    if (site.pointerAfter) await new Promise((resolve) => setTimeout(resolve, site.pointerAfter));
    return whole(url, pointer(site.pointer));
  }
  asked.push(url);
  const answer = (url.endsWith(EDITION_FILE) ? site.edition : site.pack)?.(url, init.signal!);
  if (!answer) return { ok: false, status: 503, url, headers: new Headers(), body: null } as unknown as Response;
  return answer;
});

const { ATTEMPT_MS, OWN_WAIT_MS, checkForUpdates } = await import('./update-check');
const { REFUSAL_REST_MS } = await import('../storage/update-store');

/** Runs one check on fake time: its record (or its rejection), the progress it reported, and how long it took. */
async function check(): Promise<{ record?: CheckRecord; error?: unknown; ms: number; progress: CheckProgress[] }> {
  const progress: CheckProgress[] = [];
  let record: CheckRecord | undefined;
  let error: unknown;
  let ended = false;
  void checkForUpdates((p) => (progress.push(p), events.push(p.stage))).then(
    (r) => ((record = r), (ended = true)),
    (e: unknown) => ((error = e), (ended = true)),
  );
  let ms = 0;
  for (; ms < 30 * 60_000 && !ended; ms += 1_000) await vi.advanceTimersByTimeAsync(1_000);
  return { record, error, ms, progress };
}

/** As if a day had passed since the last check's refusals: the addresses that rest are downloaded from again. */
const aDayLater = (): void => {
  for (const rest of Object.values(store.last?.resting ?? {})) rest.at -= REFUSAL_REST_MS;
};

const statusOf = (record: CheckRecord | undefined, url: string): AddressResult['status'] | 'absent' =>
  record?.results.some((r) => r.url === url) ? record.results.find((r) => r.url === url)!.status : 'absent';

/** An address that offers `edition` and serves it whole. */
const offering = (edition: number) => ({
  pointer: edition,
  edition: (url: string) => whole(url, String(edition)),
  pack: (url: string) => whole(url, 'pack'),
});

beforeEach(() => {
  store.held = 10;
  store.list = { edition: 10, mirrors: [HONEST, OTHER] };
  store.last = undefined;
  store.mirrorsRecorded = [];
  store.writeFails = undefined;
  plan.packs = [];
  lib.articles.clear();
  lib.pictures.clear();
  lib.writes = [];
  choice.media = 'all';
  choice.answer = 'all';
  choice.asked = [];
  events.length = 0;
  asked.length = 0;
  worker.verify = async (bytes) => summary(Number(new TextDecoder().decode(bytes)));
  worker.store = async () => ({ added: 1, updated: 0 });
  serve = { [OWN]: { pointer: 10 } };
  cached.clear();
});

describe('a first visit cut short: no edition held whole, the mirror list kept from the first visit’s edition (11)', () => {
  beforeEach(() => {
    store.held = undefined;
    store.list = { edition: 11, mirrors: [HONEST, OTHER] };
    // The app's own address is blocked.
    serve = {};
  });

  it('refuses an older signed edition from a mirror: a rollback below the edition the first visit verified', async () => {
    serve[HONEST] = offering(10);
    // And one whose pointer lies: it claims 12, and its signed edition file is 10.
    serve[OTHER] = { ...offering(10), pointer: 12 };
    const { record } = await check();
    // Before the fix the floor was -1 while nothing was held whole: edition 10 was taken and recorded as the library's.
    expect(record?.outcome.kind).not.toBe('updated');
    expect(statusOf(record, HONEST)).toBe('older');
    expect(statusOf(record, OTHER)).toBe('older');
    expect(store.held).toBeUndefined();
  });

  it('takes the first visit’s own edition from a mirror, which brings what the library lacks', async () => {
    serve[HONEST] = offering(11);
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    expect(store.held).toBe(11);
  });
});

describe('a failure that is not the address’s doing', () => {
  it('a full device: the check is recorded, as failed with its code, rather than rejected', async () => {
    serve[HONEST] = offering(11);
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    worker.store = () => Promise.reject({ code: 'quota', message: 'QuotaExceededError' });
    const before = Date.now();
    const { record, error } = await check();
    // Before the fix the check rejected before it was recorded: its time never moved, and the next automatic check
    // (ten minutes later) downloaded the whole update again.
    expect(error).toBeUndefined();
    expect(record?.outcome).toEqual({ kind: 'failed', code: 'quota' });
    expect(store.last?.at).toBeGreaterThanOrEqual(before);
  });

  it('a full device refusing the page’s own write (a QuotaExceededError) is said as a full device too', async () => {
    serve[HONEST] = offering(11);
    store.writeFails = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const { record } = await check();
    expect(record?.outcome).toEqual({ kind: 'failed', code: 'quota' });
    expect(statusOf(record, HONEST)).not.toBe('tampered');
  });

  for (const failure of [
    { code: 'storage-outdated', message: 'A newer version upgraded the storage.' },
    { code: 'storage-unavailable', message: 'IndexedDB could not be opened.' },
    { code: 'unexpected', message: 'The edition this call names is no longer known to the worker.' },
  ]) {
    it(`${failure.code} blames no address, and downloads no other address’s edition`, async () => {
      serve[HONEST] = offering(11);
      serve[OTHER] = offering(11);
      plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
      worker.store = () => Promise.reject(failure);
      const { record } = await check();
      // Before the fix every such failure was "tampered": each address was downloaded in turn and blamed for it.
      expect(record?.outcome).toEqual({ kind: 'failed', code: failure.code });
      expect(record?.results.map((r) => r.status)).not.toContain('tampered');
      expect(asked.filter((u) => u.endsWith(EDITION_FILE))).toEqual([HONEST + EDITION_FILE]);
    });
  }

  it('a file the worker refuses still blames the address that served it, and the next is tried', async () => {
    serve[HONEST] = offering(11);
    serve[OTHER] = offering(11);
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    let first = true;
    worker.store = async () => {
      if (!first) return { added: 1, updated: 0 };
      first = false;
      throw { code: 'hash-mismatch', message: 'a1 was altered', params: { article: 'a1' } };
    };
    const { record } = await check();
    expect(statusOf(record, HONEST)).toBe('tampered');
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 2 });
  });
});

describe('a newer edition that does not come whole', () => {
  it('is not "up to date" when another address is current: the check ends "not brought"', async () => {
    // The app's own address is current (10); a mirror offers 11, whose signature verifies but whose pack never comes.
    serve[HONEST] = { pointer: 11, edition: (url) => whole(url, '11') };
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    const { record } = await check();
    expect(statusOf(record, OWN)).toBe('current');
    expect(statusOf(record, HONEST)).toBe('no-answer');
    // Before the fix: "The library is up to date."
    expect(record?.outcome).toEqual({ kind: 'not-brought' });
  });

  it('is not "up to date" either when its signed edition verified but its packs were altered: "refused"', async () => {
    serve[HONEST] = offering(11);
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    worker.store = () => Promise.reject({ code: 'hash-mismatch', message: 'a1 was altered', params: { article: 'a1' } });
    const { record } = await check();
    expect(statusOf(record, OWN)).toBe('current');
    expect(statusOf(record, HONEST)).toBe('tampered');
    // Before the fix: "The library is up to date."
    expect(record?.outcome).toEqual({ kind: 'refused' });
  });

  it('keeps the mirror list of an edition whose signature verified, although its packs did not come', async () => {
    serve[HONEST] = { pointer: 11, edition: (url) => whole(url, '11') };
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    await check();
    // Before the fix the list was kept only once the edition was stored whole.
    expect(store.mirrorsRecorded).toEqual([{ publisherId: 'open-shelf', edition: 11, mirrors: [HONEST] }]);
  });

  it('an edition file trickled by the only address that offers one holds the check no longer than ATTEMPT_MS', async () => {
    // The pointer (unsigned) claims a huge edition; its edition file comes just above the rate floor, for ever.
    serve[HONEST] = { pointer: 10 };
    serve[HOSTILE] = { pointer: 999_999, edition: (url, signal) => trickle(url, signal, ' '.repeat(8192), 7_900) };
    store.list.mirrors = [HONEST, HOSTILE];
    const { record, ms } = await check();
    // Before the fix the last offer's edition file had no time limit: every check (and "Check now") waited for hours.
    expect(record).toBeDefined();
    expect(ms).toBeGreaterThanOrEqual(ATTEMPT_MS);
    expect(ms).toBeLessThanOrEqual(ATTEMPT_MS + 20_000);
    expect(statusOf(record, HOSTILE)).toBe('no-answer');
    expect(record?.outcome).toEqual({ kind: 'not-brought' });
  });

  it('the last offer’s packs, once its signed edition is verified, still get all the time they need', async () => {
    // 8 KiB every 7.9 s (slow, but above the floor) for about four minutes: longer than ATTEMPT_MS.
    serve[HONEST] = {
      pointer: 11,
      edition: (url) => whole(url, '11'),
      pack: (url, signal) => trickle(url, signal, ' '.repeat(8192), 7_900, 30, 'end'),
    };
    plan.packs = [{ url: PACK, bytes: 30 * 8192 + 3, articles: ['a1'], media: [] }];
    const { record, ms } = await check();
    expect(ms).toBeGreaterThan(ATTEMPT_MS);
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
  });
});

describe('a hostile mirror that always claims a newer edition', () => {
  /** A pointer claiming edition 12 at once, and an edition file that is not one. */
  const liar = { pointer: 12, edition: (url: string) => whole(url, 'junk') };
  beforeEach(() => {
    worker.verify = async (bytes) => {
      const edition = Number(new TextDecoder().decode(bytes));
      if (Number.isNaN(edition)) throw { code: 'not-a-bundle', message: 'not an edition file' };
      return summary(edition);
    };
  });

  it('cannot shut out a slower honest mirror: once its offer fails, the answers still coming are waited for', async () => {
    store.list.mirrors = [HOSTILE, HONEST];
    serve[HOSTILE] = liar;
    // 2.5 s: later than the grace the other addresses get once one offers a newer edition.
    serve[HONEST] = { ...offering(11), pointerAfter: 2_500 };
    const { record } = await check();
    // Before the fix the honest answer was dropped at the end of the grace: "refused", at this check and every later one.
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 2 });
    expect(store.held).toBe(11);
    expect(statusOf(record, HOSTILE)).toBe('tampered');
  });

  it('cannot shut it out by sending its false file slowly either: an answer that came while it was tried is tried next', async () => {
    store.list.mirrors = [HOSTILE, HONEST];
    // Its junk edition file takes 5 s; the honest pointer comes at 3 s, while that file is still coming.
    serve[HOSTILE] = {
      pointer: 12,
      edition: (url, signal) => trickle(url, signal, ' '.repeat(8192), 1_000, 5, 'junk'),
    };
    serve[HONEST] = { ...offering(11), pointerAfter: 3_000 };
    const { record } = await check();
    // Before the fix the honest mirror was recorded as "answered", never tried, and the check said "up to date".
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 2 });
    expect(store.held).toBe(11);
  });

  it('is not downloaded from again for a day once what it served was refused, and its refusal is still said', async () => {
    store.list.mirrors = [HOSTILE, HONEST];
    serve[HOSTILE] = liar;
    serve[HONEST] = { pointer: 10 };
    const hostileFile = HOSTILE + EDITION_FILE;
    const first = await check();
    expect(asked).toEqual([hostileFile]);
    expect(statusOf(first.record, HOSTILE)).toBe('tampered');
    expect(first.record?.outcome).toEqual({ kind: 'current' });

    // Before the fix its edition file (up to 41 MiB) was downloaded again at every check.
    asked.length = 0;
    const second = await check();
    expect(asked).toEqual([]);
    expect(statusOf(second.record, HOSTILE)).toBe('tampered');
    expect(second.record?.results.find((r) => r.url === HOSTILE)?.edition).toBe(12);
    expect(second.record?.outcome).toEqual({ kind: 'current' });

    // With nothing else answering, the check says the claim was refused (not "up to date").
    serve = { [HOSTILE]: liar };
    expect((await check()).record?.outcome).toEqual({ kind: 'refused' });

    // A day later, it is tried again.
    serve = { [OWN]: { pointer: 10 }, [HOSTILE]: liar, [HONEST]: { pointer: 10 } };
    aDayLater();
    asked.length = 0;
    await check();
    expect(asked).toEqual([hostileFile]);
  });

  it('keeps resting through a check it does not answer, and one made offline', async () => {
    store.list.mirrors = [HOSTILE, HONEST];
    serve[HOSTILE] = liar;
    serve[HONEST] = { pointer: 10 };
    await check();
    // It skips a check (its pointer never comes), then the reader checks offline.
    serve[HOSTILE] = {};
    expect(statusOf((await check()).record, HOSTILE)).toBe('no-answer');
    (navigator as { onLine: boolean }).onLine = false;
    expect((await check()).record?.outcome).toEqual({ kind: 'offline' });
    (navigator as { onLine: boolean }).onLine = true;
    serve[HOSTILE] = liar;
    asked.length = 0;
    await check();
    // Before: either check ended its rest, and its edition file (up to 41 MiB) was downloaded again.
    expect(asked).toEqual([]);
  });

  it('a liar answering after the grace does not cut off the honest offer being downloaded', async () => {
    store.list.mirrors = [HONEST, HOSTILE];
    // The honest edition's pack comes slowly (about four minutes, longer than ATTEMPT_MS); the liar answers at 2 s,
    // claiming a newer edition, then never sends its edition file.
    serve[HONEST] = {
      pointer: 11,
      edition: (url) => whole(url, '11'),
      pack: (url, signal) => trickle(url, signal, ' '.repeat(8192), 7_900, 30, 'end'),
    };
    serve[HOSTILE] = { pointer: 12, pointerAfter: 2_000, edition: (_url, signal) => hang(signal) as unknown as Response };
    plan.packs = [{ url: PACK, bytes: 30 * 8192 + 3, articles: ['a1'], media: [] }];
    const { record } = await check();
    // Before the fix the honest download was given up at ATTEMPT_MS (a later offer was still untried): "not brought".
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    expect(store.held).toBe(11);
  });

  it('a mirror that forged a picture batch of the update it brought is not downloaded from for a day either', async () => {
    store.list.mirrors = [HONEST];
    serve[HONEST] = offering(11);
    plan.packs = [
      { url: PACK, bytes: 4, articles: ['a1'], media: [] },
      { url: 'content/pack-cccccccc.html', bytes: 4, articles: [], media: ['p1'] },
    ];
    worker.store = async (_packs, media) => {
      if (media === 'text') return { added: 1, updated: 0 };
      throw { code: 'hash-mismatch', message: 'p1 was altered' };
    };
    const first = await check();
    expect(first.record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    expect(first.record?.results.find((r) => r.url === HONEST)?.refusedAt).toBeDefined();
    asked.length = 0;
    await check();
    expect(asked).toEqual([]);
  });
});

describe('addresses the check did not wait for', () => {
  it('are left with no status (“not asked yet”), not recorded as blocked', async () => {
    // The honest mirror answers at once; four more are blackholed: three are asked (in flight when the offer's grace
    // ends), the fourth never.
    const holes = [1, 2, 3, 4].map((n) => `https://hole-${n}.example/`);
    store.list.mirrors = [HONEST, ...holes];
    serve[HONEST] = offering(11);
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'updated' });
    // Before the fix each started as "no-answer": shown as "blocked or no answer", and tried last at the next check.
    for (const hole of holes) expect(statusOf(record, hole), hole).toBeUndefined();
  });

  it('an address asked that failed to answer is still "no-answer"', async () => {
    store.list.mirrors = [HONEST, 'https://hole.example/'];
    const { record } = await check();
    expect(statusOf(record, 'https://hole.example/')).toBe('no-answer');
    expect(record?.outcome).toEqual({ kind: 'current' });
  });
});

describe('what the progress says', () => {
  it('says the edition file is coming, says "saving" before the write, and never "0 of 0 parts"', async () => {
    // An edition with nothing the library lacks (only withdrawals, say): no pack to download.
    serve[HONEST] = offering(11);
    const { record, progress } = await check();
    expect(record?.outcome.kind).toBe('updated');
    expect(progress).toContainEqual({ stage: 'edition', address: 1 });
    // Before the fix: "Downloading the new edition… 0 of 0 parts", and "Saving…" only once the write was over.
    expect(progress.filter((p) => p.stage === 'downloading')).toEqual([]);
    expect(events.slice(events.indexOf('edition'))).toEqual(['edition', 'saving', 'store']);
  });

  it('counts the parts of an edition that has some', async () => {
    serve[HONEST] = offering(11);
    plan.packs = [{ url: PACK, bytes: 4, articles: ['a1'], media: [] }];
    const { progress } = await check();
    expect(progress.filter((p) => p.stage === 'downloading')).toEqual([
      { stage: 'downloading', done: 0, total: 1, address: 1 },
      { stage: 'downloading', done: 1, total: 1, address: 1 },
    ]);
    expect(events.slice(-2)).toEqual(['saving', 'store']);
  });
});

describe('packs stored from a mirror, once the app’s own address is back', () => {
  it('are marked stored under the app’s own address (once stored, not before), so its service worker does not download them again', async () => {
    const PACK_2 = 'content/pack-bbbbbbbb.html';
    serve[HONEST] = offering(11);
    plan.packs = [
      { url: PACK, bytes: 4, articles: ['a1'], media: [] },
      { url: PACK_2, bytes: 4, articles: ['a2'], media: [] },
    ];
    const cache = await openContentCache();
    // Refused first (an altered pack): nothing stored, nothing marked.
    worker.store = () => Promise.reject({ code: 'hash-mismatch', message: 'a1 was altered', params: { article: 'a1' } });
    expect((await check()).record?.outcome).toEqual({ kind: 'refused' });
    expect(await isPackOnDevice(cache, OWN + PACK)).toBe(false);

    // A day later: an address whose download was refused is not downloaded from again before (see REFUSAL_REST_MS).
    aDayLater();
    worker.store = async () => ({ added: 2, updated: 0 });
    expect((await check()).record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    // Before the fix nothing was left there: the own address's next install downloaded every one of them again.
    for (const url of [OWN + PACK, OWN + PACK_2]) {
      expect(await isPackOnDevice(cache, url), url).toBe(true);
      // A marker, never the pack itself: asked for the pack, the worker still fetches it.
      expect(await matchPack(url), url).toBeUndefined();
    }
    expect(await isPackOnDevice(cache, HONEST + PACK)).toBe(false);
  });
});

describe('pictures from a mirror, once the site is blocked: the text whole, the pictures in bounded batches', () => {
  const MiB = 1024 * 1024;
  const TEXT = 'content/pack-text0000.html';
  /** A text pack of articles a1 and a2, and `count` picture packs of 3 MiB (the build's largest), one picture each. */
  const edition = (count: number) => [
    { url: TEXT, bytes: 64 * 1024, articles: ['a1', 'a2'], media: [] },
    ...Array.from({ length: count }, (_, n) => ({
      url: `content/pack-pic${String(n).padStart(5, '0')}.html`,
      bytes: 3 * MiB,
      articles: [],
      media: [`p${n}`],
    })),
  ];
  const pictureCount = (): number => plan.packs.filter((p) => p.media.length).length;
  /** A mirror that serves `edition` and the packs (each pack's body is its name), the first `upTo` of them, then no more. */
  const mirror = (edition: number, upTo = Infinity, forged = '') => {
    let served = 0;
    return {
      ...offering(edition),
      pack: (url: string) => {
        const name = url.slice(url.indexOf('content/'));
        return served++ < upTo ? whole(url, name === forged ? 'forged' : name) : undefined!;
      },
    };
  };
  const packsAsked = (): string[] => asked.filter((u) => !u.endsWith(EDITION_FILE));

  beforeEach(() => {
    // The app's own address is blocked; the honest mirror serves the edition held (11), or a newer one.
    serve = {};
    store.held = 11;
    store.list = { edition: 11, mirrors: [HONEST, OTHER] };
    // The fake import worker: each pack checked (a forged one refused), stored in this write, and with "Everything
    // now" the last write refused if a picture of the edition is still lacking (a mirror that strips the pictures).
    worker.store = async (packs, media) => {
      const names = packs.map((b) => new TextDecoder().decode(b));
      if (names.includes('forged')) throw { code: 'hash-mismatch', message: 'a picture was altered' };
      const stored = names.map((name) => plan.packs.find((p) => p.url === name)!);
      const pictures = new Set([...lib.pictures, ...stored.flatMap((p) => p.media)]);
      if (media === 'all' && plan.packs.some((p) => p.media.some((sha) => !pictures.has(sha))))
        throw { code: 'malformed', message: 'The packs leave out a picture of this edition.' };
      const added = stored.flatMap((p) => p.articles).filter((a) => !lib.articles.has(a));
      for (const a of added) lib.articles.add(a);
      lib.pictures = pictures;
      lib.writes.push(names);
      return { added: added.length, updated: 0 };
    };
  });

  it('"Text now", then blocked, then "Everything now" with 300 MB of pictures lacking: they come, 8 MiB a write', async () => {
    plan.packs = edition(100);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    const { record, progress } = await check();
    // Before the fix: the edition held, so "The library is up to date", and no picture ever came in bulk.
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 100, total: 100 });
    expect(lib.pictures.size).toBe(100);
    expect(statusOf(record, HONEST)).toBe('current');
    // Every write under the batch bound, and never the whole library: two 3 MiB packs a write.
    for (const write of lib.writes) expect(write.length * 3 * MiB).toBeLessThanOrEqual(8 * MiB);
    // The first write brings no pack (the text is held): it stores the signed manifest the edition is recorded with.
    expect(lib.writes[0]).toEqual([]);
    expect(lib.writes.slice(1)).toHaveLength(50);
    expect(packsAsked()).toHaveLength(100);
    expect(progress.filter((p) => p.stage === 'downloading').at(-1)).toEqual({
      stage: 'downloading',
      done: 100,
      total: 100,
      address: 1,
      pictures: true,
    });
  });

  it('a newer edition with 300 MB of pictures lacking: its text in one write, then every picture in batches, not "refused"', async () => {
    plan.packs = edition(100);
    serve[HONEST] = mirror(12);
    const { record } = await check();
    // Before the fix: the sum of its packs passed MAX_FILE_BYTES, the address was "tampered", at every check, forever.
    expect(record?.outcome).toEqual({ kind: 'updated', from: 1, added: 2, updated: 0 });
    expect(store.held).toBe(12);
    expect(lib.writes[0]).toEqual([TEXT]);
    expect(lib.pictures.size).toBe(100);
    expect(lib.writes.slice(1).every((w) => w.length <= 2)).toBe(true);
  });

  it('a connection that breaks keeps the text and every batch stored; the next check downloads only what is lacking', async () => {
    plan.packs = edition(20);
    // The text pack and eight pictures (four batches), then the connection breaks.
    serve[HONEST] = mirror(12, 9);
    const first = await check();
    // Before the fix: nothing stored ("not brought"), and the next check downloaded all 21 packs again.
    expect(first.record?.outcome).toMatchObject({ kind: 'updated', from: 1, added: 2 });
    expect(store.held).toBe(12);
    expect(lib.articles).toEqual(new Set(['a1', 'a2']));
    expect(lib.pictures.size).toBe(8);

    const before = packsAsked().length;
    serve[HONEST] = mirror(12);
    const second = await check();
    expect(second.record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 12, total: 12 });
    expect(lib.pictures.size).toBe(pictureCount());
    // Nothing downloaded twice but the pack the broken connection never brought.
    const again = packsAsked().slice(before);
    expect(again).toHaveLength(12);
    expect(new Set(packsAsked()).size).toBe(21);
  });

  it('a forged picture stops its address: the batches before stay, and the next mirror goes on from there', async () => {
    plan.packs = edition(10);
    lib.articles = new Set(['a1', 'a2']);
    // The honest-looking mirror forges the fifth picture (the third batch); the other one is honest.
    serve[HONEST] = mirror(11, Infinity, 'content/pack-pic00004.html');
    serve[OTHER] = mirror(11);
    const { record } = await check();
    expect(statusOf(record, HONEST)).toBe('tampered');
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 2, done: 10, total: 10 });
    expect(lib.articles).toEqual(new Set(['a1', 'a2']));
    expect(lib.pictures.size).toBe(10);
    // Only the refused batch's two packs came twice.
    const twice = packsAsked()
      .map((u) => u.slice(u.indexOf('content/')))
      .filter((u, n, all) => all.indexOf(u) !== n);
    expect(twice.sort()).toEqual(['content/pack-pic00004.html', 'content/pack-pic00005.html']);
  });

  it('a newer edition whose text the device holds is written (its signed manifest) before it is recorded, even if no picture comes', async () => {
    plan.packs = edition(4);
    lib.articles = new Set(['a1', 'a2']);
    // Its first picture forged: no batch is stored.
    serve[HONEST] = mirror(12, Infinity, 'content/pack-pic00000.html');
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    expect(store.held).toBe(12);
    // Before: no write at all (the text was held), so the edition was recorded without its manifest beside it, and the
    // pictures it lacks could no longer be counted.
    expect(lib.writes).toEqual([[]]);
  });

  it('a check that stops part-way says how many parts came, and that the rest comes later', async () => {
    plan.packs = edition(10);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11, 6);
    const { record } = await check();
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 6, total: 10 });
    expect(statusOf(record, HONEST)).toBe('no-answer');
    expect(lib.pictures.size).toBe(6);
  });

  it('"Text now": a newer edition brings its text and not one picture byte, and a held edition’s pictures are not fetched', async () => {
    choice.media = 'text';
    plan.packs = edition(10);
    serve[HONEST] = mirror(12);
    expect((await check()).record?.outcome).toMatchObject({ kind: 'updated', added: 2 });
    expect(packsAsked()).toEqual([HONEST + TEXT]);
    expect(lib.pictures.size).toBe(0);
    const { record } = await check();
    expect(record?.outcome).toEqual({ kind: 'current' });
    expect(packsAsked()).toEqual([HONEST + TEXT]);
  });

  it('a pack index listing one picture pack again and again: downloaded once, not once per listing', async () => {
    const pic = { url: 'content/pack-pic00000.html', bytes: 3 * MiB, articles: [], media: ['p0'] };
    plan.packs = [edition(0)[0]!, ...Array.from({ length: 2_000 }, () => pic)];
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    const { record } = await check();
    // Before: 2,000 downloads of the same 3 MiB pack (20,000 listings: ~60 GB), and "2000 of 2000 parts".
    expect(packsAsked()).toEqual([HONEST + pic.url]);
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 1, total: 1 });
  });

  it('a pack index listing one picture under many names: a batch that brings nothing lacking stops the address', async () => {
    // The index (not signed) says the other names bring p1, which the device lacks; every name serves the same p0.
    plan.packs = [
      edition(0)[0]!,
      ...Array.from({ length: 2_000 }, (_, n) => ({
        url: `content/pack-dup${n}.html`,
        bytes: 3 * MiB,
        articles: [],
        media: [n === 0 ? 'p0' : 'p1'],
      })),
    ];
    const genuine = worker.store;
    worker.store = (packs, media) =>
      genuine(
        packs.map(() => new TextEncoder().encode('content/pack-dup0.html').buffer),
        media,
      );
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    const { record } = await check();
    // Before: every name downloaded, each copy verified and stored "nothing new".
    expect(packsAsked()).toHaveLength(4);
    expect(statusOf(record, HONEST)).toBe('tampered');
    expect(lib.pictures).toEqual(new Set(['p0']));
  });

  it('pictures the device came to hold since the plan are not downloaded again, and their address is not blamed', async () => {
    plan.packs = edition(4);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    // While the first batch is stored, the reader opens the articles of p2 and p3: they are fetched one by one.
    const genuine = worker.store;
    worker.store = async (packs, media) => {
      const report = await genuine(packs, media);
      if (packs.length) lib.pictures = new Set([...lib.pictures, 'p2', 'p3']);
      return report;
    };
    const { record } = await check();
    // Before: the second batch was downloaded (6 MiB for nothing), "brought nothing", and the mirror was called forged.
    expect(packsAsked()).toEqual([`${HONEST}content/pack-pic00000.html`, `${HONEST}content/pack-pic00001.html`]);
    expect(statusOf(record, HONEST)).toBe('current');
    // The parts this address brought, of those it had to: the two the reader's articles brought are not counted.
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 2, total: 2 });
  });

  it('no choice made yet (a first visit cut short before its question): the question is put before any picture comes', async () => {
    plan.packs = edition(4);
    serve[HONEST] = mirror(12);
    choice.media = undefined;
    choice.answer = 'text';
    const { record } = await check();
    // Before: "Everything now" was taken for the reader, unasked: every picture came.
    expect(choice.asked).toEqual([4000, undefined]);
    expect(record?.outcome).toMatchObject({ kind: 'updated', added: 2 });
    expect(packsAsked()).toEqual([`${HONEST}${TEXT}`]);
    expect(lib.pictures.size).toBe(0);
  });

  it('a newer edition a mirror claims and cannot bring does not hold back the pictures the held edition lacks', async () => {
    store.list = { edition: 11, mirrors: [HOSTILE, HONEST] };
    plan.packs = edition(4);
    lib.articles = new Set(['a1', 'a2']);
    // Its pointer names edition 12; its edition file never comes.
    serve[HOSTILE] = { pointer: 12 };
    serve[HONEST] = mirror(11);
    const { record } = await check();
    // Before: "not brought", and no picture, at every check while that mirror kept its claim.
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 2, done: 4, total: 4, newer: 'not-brought' });
    expect(lib.pictures.size).toBe(4);
    expect(statusOf(record, HOSTILE)).toBe('no-answer');
  });

  /** The fake worker's store, failing as a full device once `writes` writes are stored. */
  const fullAfter = (writes: number) => {
    const store = worker.store;
    worker.store = async (packs, media) => {
      if (lib.writes.length >= writes) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return store(packs, media);
    };
  };

  it('a full device during the pictures of a newer edition: the update is said, and that the pictures stopped', async () => {
    plan.packs = edition(10);
    serve[HONEST] = mirror(12);
    // The text, then two batches of pictures, then the device is full.
    fullAfter(3);
    const { record } = await check();
    // Before: "failed"/"quota" ("Nothing was changed"), though the articles were in and the edition recorded.
    expect(record?.outcome).toEqual({ kind: 'updated', from: 1, added: 2, updated: 0, stopped: 'quota' });
    expect(store.held).toBe(12);
    expect(lib.pictures.size).toBe(4);
    expect(statusOf(record, HONEST)).toBe('updated');
  });

  it('a full device during the pictures of the edition held: what came is said, and why the rest did not', async () => {
    plan.packs = edition(10);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    fullAfter(2);
    expect((await check()).record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 2, total: 10, stopped: 'quota' });
    // Full before any picture came: nothing changed, said as before.
    lib.writes = [];
    fullAfter(1);
    expect((await check()).record?.outcome).toEqual({ kind: 'failed', code: 'quota' });
  });

  it('no picture part came: the check does not say "0 of 4 parts came and are kept"', async () => {
    plan.packs = edition(4);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11, 0);
    const { record } = await check();
    expect(record?.outcome.kind).not.toBe('pictures');
    expect(lib.pictures.size).toBe(0);
  });

  it('the parts are counted against what was lacking, when a later mirror’s plan lists more: never "16 of 10"', async () => {
    plan.packs = edition(10);
    lib.articles = new Set(['a1', 'a2']);
    const more = edition(16).slice(11);
    // The first mirror breaks after six; the second's pack index lists six pictures more.
    serve[HONEST] = {
      ...mirror(11, 6),
      pack: (
        (m) => (url: string) =>
          m(url) ?? (plan.packs.push(...more.splice(0)), undefined!)
      )(mirror(11, 6).pack),
    };
    serve[OTHER] = mirror(11);
    const { record } = await check();
    expect(lib.pictures.size).toBe(16);
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 2, done: 16, total: 16 });
  });

  it('"Text now" chosen during a check: no picture batch is downloaded after it', async () => {
    plan.packs = edition(10);
    lib.articles = new Set(['a1', 'a2']);
    serve[HONEST] = mirror(11);
    const store = worker.store;
    worker.store = async (packs, media) => {
      const report = await store(packs, media);
      // The manifest's write, then two batches: the reader chooses "Text now".
      if (lib.writes.length === 3) for (const chose of choosers) chose('text');
      return report;
    };
    const { record } = await check();
    // Before: every batch still came (the choice was read once, when the check began).
    expect(packsAsked()).toHaveLength(4);
    expect(record?.outcome).toEqual({ kind: 'pictures', from: 1, done: 4, total: 10, textNow: true });
  });

  it('"Text now" chosen before the pictures begin (while the text came, or on another page): no picture byte', async () => {
    plan.packs = edition(6);
    serve[HONEST] = mirror(12);
    const store = worker.store;
    worker.store = async (packs, media) => {
      const report = await store(packs, media);
      // Chosen while the text was written, and heard by no listener on this page (another page chose it).
      choice.media = 'text';
      return report;
    };
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'updated', added: 2 });
    // Before: the choice was heard only by a listener on this page, once the pictures had begun: all six came.
    expect(packsAsked()).toEqual([HONEST + TEXT]);
  });

  it('runs one check at a time across the app’s pages: under a Web Lock named for this library', async () => {
    const held: string[] = [];
    const locks = { request: (name: string, job: () => Promise<unknown>) => (held.push(name), job()) };
    Object.assign(navigator, { locks });
    try {
      serve[HONEST] = mirror(11);
      await check();
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
    // Before: none; two pages' checks fetched the same pictures and the second blamed an honest mirror for a batch
    // that brought nothing new.
    expect(held).toEqual(['update-check:open-shelf']);
  });

  it('a mirror whose connection breaks during the pictures of the update it brought is not blamed for it', async () => {
    plan.packs = edition(4);
    serve[HONEST] = mirror(12, 2);
    const { record } = await check();
    expect(record?.outcome).toEqual({ kind: 'updated', from: 1, added: 2, updated: 0 });
    // Before: recorded as failed beside "updated", and so asked last at the next check, like a forger.
    expect(record?.results.find((r) => r.url === HONEST)).toEqual(expect.not.objectContaining({ picturesFailed: expect.anything() }));
  });

  it('a mirror that forged a picture of the update it brought is tried last at the next check', async () => {
    plan.packs = edition(4);
    store.list = { edition: 11, mirrors: [HONEST, OTHER] };
    serve[HONEST] = mirror(12, Infinity, 'content/pack-pic00000.html');
    serve[OTHER] = mirror(12);
    const first = await check();
    // Its text came: the update is said as such, and the address's own result says it updated.
    expect(first.record?.outcome).toEqual({ kind: 'updated', from: 1, added: 2, updated: 0 });
    expect(statusOf(first.record, HONEST)).toBe('updated');
    const before = asked.length;
    await check();
    // Before: the forger's edition file was asked for first again.
    expect(asked.slice(before)[0]).toBe(OTHER + EDITION_FILE);
    expect(lib.pictures.size).toBe(4);
  });

  it('with the app’s own address offering the edition held, its pictures are left to the app’s own sync', async () => {
    plan.packs = edition(4);
    lib.articles = new Set(['a1', 'a2']);
    serve[OWN] = { pointer: 11 };
    serve[HONEST] = mirror(11);
    const { record } = await check();
    expect(record?.outcome).toEqual({ kind: 'current' });
    expect(packsAsked()).toEqual([]);
  });
});

describe('a newer edition in a format this version of the app cannot read, with the app’s own address blocked', () => {
  /** The import worker's answer to an edition file made by a newer app (a newer bundle or manifest format). */
  const newerFormat = {
    code: 'newer-version',
    message: 'This file was made by a newer version of the app',
    params: { version: 3, supported: 2 },
  };
  beforeEach(() => {
    serve = {};
    // Edition 12 comes in the newer format; edition 11 in this app's.
    worker.verify = async (bytes) => {
      const edition = Number(new TextDecoder().decode(bytes));
      if (edition >= 12) throw newerFormat;
      return summary(edition);
    };
  });

  it('says a newer app is needed, blames no mirror, and asks its edition file again only after a day', async () => {
    serve[HONEST] = offering(12);
    const first = await check();
    // Before the fix: {"kind":"refused"}, the honest mirror "tampered" ("altered or damaged files") and resting as such.
    expect(first.record?.outcome).toEqual({ kind: 'newer-app' });
    expect(statusOf(first.record, HONEST)).toBe('newer-app');
    expect(first.record?.resting?.[HONEST]?.status).toBe('newer-app');
    // This app cannot read it until it is itself updated: its edition file (up to 41 MiB) is not downloaded at every check.
    const before = asked.length;
    const second = await check();
    expect(asked.slice(before)).toEqual([]);
    expect(second.record?.outcome).toEqual({ kind: 'newer-app' });
    expect(statusOf(second.record, HONEST)).toBe('newer-app');
    aDayLater();
    await check();
    expect(asked.slice(before)).toEqual([HONEST + EDITION_FILE]);
  });

  it('is asked again at once once the app reads newer formats (it was updated)', async () => {
    serve[HONEST] = offering(12);
    await check();
    // As if the rest had been recorded by an older version of the app.
    store.last!.resting![HONEST]!.formats = '1.0';
    const before = asked.length;
    await check();
    expect(asked.slice(before)).toEqual([HONEST + EDITION_FILE]);
  });

  it('is not tried last: it did nothing wrong, and another mirror’s readable edition still updates the library', async () => {
    serve[HONEST] = offering(12);
    serve[OTHER] = offering(11);
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 2 });
    expect(statusOf(record, HONEST)).toBe('newer-app');
    aDayLater();
    const before = asked.length;
    serve[OTHER] = offering(11);
    await check();
    // Before the fix it was "tampered", and asked after every other address.
    expect(asked.slice(before)[0]).toBe(HONEST + EDITION_FILE);
  });

  it('with the pictures of the edition held lacking, says both: the pictures came, and the newer edition needs a newer app', async () => {
    plan.packs = [{ url: 'content/pack-pic00000.html', bytes: 4, articles: [], media: ['m1'] }];
    // The text write brings nothing (the device holds the text); the picture pack brings its one picture.
    worker.store = async (packs) => (packs.length && lib.pictures.add('m1'), { added: 0, updated: 0 });
    serve[HONEST] = offering(12);
    serve[OTHER] = offering(10);
    const { record } = await check();
    expect(record?.outcome).toMatchObject({ kind: 'pictures', from: 2, newer: 'newer-app' });
  });
});

describe('the app’s own address offers a newer edition (11), and its service worker update does not bring it', () => {
  /** The page's service worker, when one controls it: what its registration has on its way. */
  const setServiceWorker = (registration?: { installing?: object; waiting?: object }): void => {
    const container = registration && {
      controller: {},
      getRegistration: async () => ({ installing: null, waiting: null, ...registration }),
    };
    Object.assign(navigator, { serviceWorker: container });
  };
  beforeEach(() => {
    // The own address answers its small pointer, but nothing bigger comes from it (throttled).
    serve = { [OWN]: { pointer: 11 }, [HONEST]: offering(11) };
  });
  afterEach(() => void delete (navigator as { serviceWorker?: unknown }).serviceWorker);

  it('with no service worker controlling the page (a private window, a plain-HTTP address), the addresses bring it at once', async () => {
    serve[OWN] = offering(11);
    const { record } = await check();
    // Before the fix: {"kind":"own"} at every check, though no service worker update can ever come.
    expect(record?.outcome).toMatchObject({ kind: 'updated', from: 0 });
    expect(store.held).toBe(11);
  });

  it('controlled, with no update on its way: "own" once, then the next check brings it, asking the own address last', async () => {
    setServiceWorker({});
    const first = await check();
    expect(first.record?.outcome).toMatchObject({ kind: 'own', edition: 11 });
    expect(asked).toEqual([]);
    const second = await check();
    // Before the fix: {"kind":"own"} again, and the honest mirror was never asked.
    expect(second.record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
    expect(asked[0]).toBe(HONEST + EDITION_FILE);
    expect(store.held).toBe(11);
  });

  it('controlled, its update downloading: a second check soon after downloads nothing; once it is overdue, the mirror brings it', async () => {
    setServiceWorker({ installing: {} });
    expect((await check()).record?.outcome).toMatchObject({ kind: 'own', edition: 11 });
    expect((await check()).record?.outcome).toMatchObject({ kind: 'own', edition: 11 });
    expect(asked).toEqual([]);
    // Still "installing" OWN_WAIT_MS after the first check said "own": stalled.
    const outcome = store.last!.outcome as { since: number };
    outcome.since -= OWN_WAIT_MS;
    expect((await check()).record?.outcome).toMatchObject({ kind: 'updated', from: 1 });
  });

  it('controlled, its update waiting for the reader: "own" (the reader is asked), however often the check runs', async () => {
    setServiceWorker({ waiting: {} });
    expect((await check()).record?.outcome).toMatchObject({ kind: 'own', edition: 11 });
    (store.last!.outcome as { since: number }).since -= OWN_WAIT_MS;
    expect((await check()).record?.outcome).toMatchObject({ kind: 'own', edition: 11 });
    expect(asked).toEqual([]);
  });

  it('a newer edition at the own address than the last "own" said: its update gets its chance again', async () => {
    setServiceWorker({});
    await check();
    serve[OWN] = { pointer: 12 };
    expect((await check()).record?.outcome).toMatchObject({ kind: 'own', edition: 12 });
  });
});
