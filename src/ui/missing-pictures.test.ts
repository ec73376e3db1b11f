// @vitest-environment jsdom
/** The placeholder of a picture the data saver left behind: what it says while the picture downloads, and after. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeI18n } from './i18n';
import { fillMissingPictures } from './missing-pictures';

const fetches: { resolve: (b: Blob) => void; reject: (e: Error) => void }[] = [];
vi.mock('../platform/deferred', () => ({
  // Pictures a verified edition lists ('0…': none does).
  describePictures: async (_p: string, _e: number, hashes: string[]) =>
    new Map(hashes.filter((sha) => !sha.startsWith('0')).map((sha) => [sha, { sha256: sha, size: 5_000 }])),
  fetchPicture: () => new Promise<Blob>((resolve, reject) => fetches.push({ resolve, reject })),
}));

const SHA = 'b'.repeat(64);
afterEach(() => {
  fetches.length = 0;
  document.body.replaceChildren();
});

/** An article with one picture the device lacks, its placeholder filled in; the placeholder and a stop function. */
async function missingPicture(lang: 'en' | 'fa') {
  const img = document.createElement('img');
  document.body.append(img);
  const stop = fillMissingPictures(new Map([[SHA, [img]]]), { publisherId: 'p', edition: 1, trust: 'verified' }, makeI18n(lang));
  await vi.waitFor(() => expect(fetches).toHaveLength(1));
  return { note: () => document.querySelector('.picture-missing')?.textContent, img, stop };
}

describe('a missing picture’s placeholder', () => {
  it('of a picture no verified edition lists: says it is not on the device, not "Picture not saved: ?"', async () => {
    const img = document.createElement('img');
    document.body.append(img);
    const other = '0'.repeat(64);
    const stop = fillMissingPictures(new Map([[other, [img]]]), { publisherId: 'p', edition: 1, trust: 'verified' }, makeI18n('en'));
    // The mock describes every picture it is asked about; this one it is told to forget.
    await vi.waitFor(() => expect(document.querySelector('.picture-missing')).not.toBeNull());
    expect(document.querySelector('.picture-missing')?.textContent).toBe('Picture not on this device.');
    stop();
  });

  it('says the picture is downloading while it does, not "shown when you are online" (in both languages)', async () => {
    const en = await missingPicture('en');
    // Before: "Picture not saved: 5 KB, shown when you are online", said to a reader who is online, while it downloads.
    expect(en.note()).toBe('Picture downloading: 5 KB…');
    en.stop();
    document.body.replaceChildren();
    fetches.length = 0;
    const fa = await missingPicture('fa');
    expect(fa.note()).toBe('در حال دریافت تصویر: ۵ کیلوبایت…');
    fa.stop();
  });

  it('says it is not saved once the download fails, and gives way to the picture once one comes', async () => {
    const { note, img, stop } = await missingPicture('en');
    fetches[0]!.reject(new Error('blocked'));
    await vi.waitFor(() => expect(note()).toBe('Picture not saved: 5 KB, shown when you are online'));
    // The connection comes back: downloading again, then the picture itself.
    dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(fetches).toHaveLength(2));
    expect(note()).toBe('Picture downloading: 5 KB…');
    URL.createObjectURL ??= () => 'blob:x';
    fetches[1]!.resolve(new Blob([new Uint8Array(4)]));
    await vi.waitFor(() => expect(document.querySelector('.picture-missing')).toBeNull());
    expect(img.hidden).toBe(false);
    stop();
  });

  it('while online, every picture waiting its turn says it is downloading too', async () => {
    const imgs = [document.createElement('img'), document.createElement('img')];
    document.body.append(...imgs);
    const stop = fillMissingPictures(
      new Map([
        [SHA, [imgs[0]!]],
        ['c'.repeat(64), [imgs[1]!]],
      ]),
      { publisherId: 'p', edition: 1, trust: 'verified' },
      makeI18n('en'),
    );
    await vi.waitFor(() => expect(fetches).toHaveLength(1));
    // Before: the second said "shown when you are online" to a reader who was online, while it waited for the first.
    expect([...document.querySelectorAll('.picture-missing')].map((n) => n.textContent)).toEqual([
      'Picture downloading: 5 KB…',
      'Picture downloading: 5 KB…',
    ]);
    stop();
  });

  it('an unverified article’s: says the picture is not on the device, and fetches nothing (in both languages)', async () => {
    for (const [lang, text] of [
      [
        'en',
        'Picture not on this device: the file this article came from did not carry it, and pictures of an unverified article are never downloaded.',
      ],
      ['fa', 'این تصویر روی این دستگاه نیست: در فایلی که این مقاله از آن آمد نبود، و تصویرهای مقالهٔ تأییدنشده هرگز دریافت نمی‌شوند.'],
    ] as const) {
      const img = document.createElement('img');
      document.body.replaceChildren(img);
      const stop = fillMissingPictures(new Map([[SHA, [img]]]), { publisherId: 'p', edition: 1, trust: 'unverified' }, makeI18n(lang));
      expect(document.querySelector('.picture-missing')?.textContent).toBe(text);
      expect(img.hidden).toBe(true);
      dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 50));
      expect(fetches).toHaveLength(0);
      stop();
    }
  });

  it('offline, says at once that it is not saved', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { note, stop } = await missingPicture('en');
    expect(note()).toBe('Picture not saved: 5 KB, shown when you are online');
    stop();
    online.mockRestore();
  });
});
