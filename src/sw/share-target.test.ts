// The share target (share-target.ts) when the system shares several files at once: each is kept on its own, one too
// large is not copied, and a note tells the page of each file not kept (core/share-protocol.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { MAX_FILE_BYTES, SHARE_CACHE } from '../core/constants';
import { noteOf, SHARE_NOTES_CACHE } from '../core/share-protocol';

const ORIGIN = 'https://shelf.example/app/';

class FakeCache {
  entries = new Map<string, Response>();
  /** File names whose put fails as a full device makes it fail. */
  refuse = new Set<string>();
  /** How a full device says so (Chromium also aborts with a message naming the quota). */
  full = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  async put(req: RequestInfo, res: Response): Promise<void> {
    const name = decodeURIComponent(res.headers.get('x-file-name') ?? '');
    if (this.refuse.has(name)) throw this.full();
    this.entries.set(typeof req === 'string' ? req : req.url, res);
  }
}

const stores = new Map<string, FakeCache>();
const open = async (name: string): Promise<FakeCache> => stores.get(name) ?? (stores.set(name, new FakeCache()), stores.get(name)!);

beforeEach(() => {
  stores.clear();
  vi.stubGlobal('caches', { open });
  vi.stubGlobal('self', { registration: { scope: ORIGIN } });
});
afterEach(() => vi.unstubAllGlobals());

/** A share POST as Android sends it: multipart, every file under "file", title and text as strings. */
function sharePost(files: File[]): Request {
  const form = new FormData();
  form.append('title', 'From Telegram');
  for (const f of files) form.append('file', f);
  return new Request(`${ORIGIN}share-target`, { method: 'POST', body: form });
}

/** The names of the files kept for the page, in order. */
const keptNames = async (): Promise<string[]> =>
  [...(await open(SHARE_CACHE)).entries.values()].map((r) => decodeURIComponent(r.headers.get('x-file-name') ?? ''));

/** The notes left for the page, in order. */
const notes = async () => Promise.all([...(await open(SHARE_NOTES_CACHE)).entries.values()].map((r) => noteOf(r.clone())));

async function share(request: Pick<Request, 'formData'>): Promise<Response> {
  const { receiveSharedFiles } = await import('./share-target');
  return receiveSharedFiles({ request } as unknown as RouteHandlerCallbackOptions);
}

describe('receiveSharedFiles', () => {
  it('keeps the other shared files when one of them cannot be stored', async () => {
    const cache = await open(SHARE_CACHE);
    // A big video shared by mistake along with two reader files: the video does not fit.
    cache.refuse.add('video.mp4');
    const response = await share(
      sharePost([
        new File(['<html>one</html>'], 'first.html', { type: 'text/html' }),
        new File(['video'], 'video.mp4', { type: 'video/mp4' }),
        new File(['<html>two</html>'], 'second.html', { type: 'text/html' }),
      ]),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${ORIGIN}#/import-shared`);
    // The loop used to stop at the video: "second.html" was lost without a word (the catch swallowed the error).
    expect(await keptNames()).toEqual(['first.html', 'second.html']);
    // And the page is told why the video was not kept.
    expect(await notes()).toEqual([{ name: 'video.mp4', failure: expect.objectContaining({ code: 'quota' }) }]);
  });

  it('says a file was not kept for want of room when the write aborts over the quota', async () => {
    const cache = await open(SHARE_CACHE);
    cache.refuse.add('video.mp4');
    cache.full = () => new DOMException('Quota exceeded while writing.', 'AbortError');
    await share(sharePost([new File(['video'], 'video.mp4', { type: 'video/mp4' })]));
    // It used to be noted as unreadable ("save it to the device first"), which does not help a full device.
    expect(await notes()).toEqual([{ name: 'video.mp4', failure: expect.objectContaining({ code: 'quota' }) }]);
  });

  it('does not copy a file over the import limit, and leaves a note saying it was too large', async () => {
    const big = new File(['not really this big'], 'holiday.mp4', { type: 'video/mp4' });
    Object.defineProperty(big, 'size', { value: MAX_FILE_BYTES + 1 });
    const form = new FormData();
    form.append('file', big);
    form.append('file', new File(['<html>one</html>'], 'first.html', { type: 'text/html' }));
    await share({ formData: async () => form });
    expect(await keptNames()).toEqual(['first.html']);
    // The importer's own refusal, with the sizes its sentence names.
    expect(await notes()).toEqual([
      {
        name: 'holiday.mp4',
        failure: expect.objectContaining({ code: 'too-large', params: { size: MAX_FILE_BYTES + 1, max: MAX_FILE_BYTES } }),
      },
    ]);
  });

  it('does not keep an empty file either, and notes it as the importer would refuse it', async () => {
    const form = new FormData();
    form.append('file', new File([], 'empty.html', { type: 'text/html' }));
    await share({ formData: async () => form });
    expect(await keptNames()).toEqual([]);
    expect(await notes()).toEqual([{ name: 'empty.html', failure: expect.objectContaining({ code: 'empty' }) }]);
  });

  it('keeps nothing from a form another site submits (files the reader never chose), and just opens the app', async () => {
    const post = sharePost([new File(['<html>'], 'planted.html', { type: 'text/html' })]);
    const response = await share({ formData: () => post.formData(), referrer: 'https://elsewhere.example/page' } as Request);
    expect(response.headers.get('location')).toBe(ORIGIN);
    expect(await keptNames()).toEqual([]);
    // The app's own pages (and the share sheet, which names none) still share.
    await share({ formData: () => sharePost([new File(['<html>'], 'mine.html')]).formData(), referrer: `${ORIGIN}#/` } as Request);
    expect(await keptNames()).toEqual(['mine.html']);
  });

  it('keeps nothing, and still opens the import route, for a share of text or a link alone', async () => {
    const form = new FormData();
    form.append('title', 'A channel');
    form.append('text', 'https://t.me/example/123');
    const response = await share({ formData: async () => form });
    expect(response.status).toBe(303);
    expect(await keptNames()).toEqual([]);
    expect(await notes()).toEqual([]);
  });
});
