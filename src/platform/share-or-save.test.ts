// @vitest-environment jsdom
/** Share or save: a share sheet opens only within moments of a tap; a file that took longer to make asks for another. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shareOrSave } from './files';

/** A phone: a touch screen whose share sheet takes files; `share` as given. */
function phone(share: (data: ShareData) => Promise<void>, activation?: { isActive: boolean }) {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(pointer: coarse)' }));
  Object.assign(navigator, { canShare: () => true, share: vi.fn(share), userActivation: activation });
}

let downloads: string[];
beforeEach(() => {
  downloads = [];
  URL.createObjectURL = () => 'blob:x';
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const key of ['canShare', 'share', 'userActivation']) delete (navigator as unknown as Record<string, unknown>)[key];
});

const file = new Blob(['<html></html>']);

describe('shareOrSave', () => {
  it('opens the share sheet at once while the tap that asked is still fresh', async () => {
    phone(async () => undefined, { isActive: true });
    const askAgain = vi.fn();
    expect(await shareOrSave(file, 'a.html', askAgain)).toBe('shared');
    expect(askAgain).not.toHaveBeenCalled();
  });

  it('asks for another tap when the first is too long ago, then shares, or saves if the reader chose that', async () => {
    phone(async () => undefined, { isActive: false });
    expect(await shareOrSave(file, 'a.html', async () => 'share')).toBe('shared');
    expect(navigator.share).toHaveBeenCalledTimes(1);
    expect(await shareOrSave(file, 'b.html', async () => 'save')).toBe('saved');
    expect(navigator.share).toHaveBeenCalledTimes(1);
    expect(downloads).toEqual(['b.html']);
  });

  it('in a browser that does not say whether the tap is fresh: refused for want of one, it asks once, then shares', async () => {
    let calls = 0;
    phone(async () => {
      if (calls++ === 0) throw new DOMException('Must be handling a user gesture', 'NotAllowedError');
    });
    const askAgain = vi.fn(async () => 'share' as const);
    expect(await shareOrSave(file, 'a.html', askAgain)).toBe('shared');
    expect(askAgain).toHaveBeenCalledTimes(1);
    expect(calls).toBe(2);
  });

  it('saves the file when the share is refused again, when no app can take it, or when nobody can be asked', async () => {
    phone(async () => {
      throw new DOMException('Must be handling a user gesture', 'NotAllowedError');
    });
    expect(await shareOrSave(file, 'twice.html', async () => 'share')).toBe('saved');
    expect(await shareOrSave(file, 'unasked.html')).toBe('saved');
    phone(async () => {
      throw new DOMException('No share target', 'DataError');
    });
    expect(await shareOrSave(file, 'no-app.html', async () => 'share')).toBe('saved');
    expect(downloads).toEqual(['twice.html', 'unasked.html', 'no-app.html']);
  });

  it('passes on the reader closing the share sheet (nothing saved)', async () => {
    phone(
      async () => {
        throw new DOMException('Share canceled', 'AbortError');
      },
      { isActive: true },
    );
    await expect(shareOrSave(file, 'a.html')).rejects.toMatchObject({ name: 'AbortError' });
    expect(downloads).toEqual([]);
  });
});
