// @vitest-environment jsdom
/** What Persian readers see in rendered components: digits, separators, the language of a note set into an article. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { I18nContext, makeI18n } from './i18n';

vi.mock('./use-updates', () => ({
  useUpdates: () => ({ running: false, failed: false, addresses: [], edition: { created: '2025-03-21T10:00:00Z' } }),
}));
vi.mock('../platform/deferred', () => ({
  describePictures: async (_p: string, _e: number, hashes: string[]) => new Map(hashes.map((sha) => [sha, { sha256: sha, size: 120_000 }])),
  fetchPicture: () => new Promise(() => undefined),
}));

const root = document.createElement('div');
document.body.append(root);
afterEach(() => act(() => render(null, root)));

const fa = makeI18n('fa');
const inFa = (node: ReturnType<typeof h>) => act(() => render(h(I18nContext.Provider, { value: fa }, node), root));

describe('the rendered Persian interface', () => {
  it('numbers the install steps with Persian digits', async () => {
    HTMLDialogElement.prototype.showModal ??= function () {};
    const { InstallHelp } = await import('./InstallHelp');
    inFa(h(InstallHelp, { onClose() {} }));
    const markers = [...root.querySelectorAll('.install-steps__icon')].map((m) => m.textContent).filter(Boolean);
    // The one step without an icon (the first iPhone step) is numbered, in Persian digits.
    expect(markers).toEqual(['۱']);
  });

  it('separates the edition’s age from the article count with the Persian separator, not a middle dot', async () => {
    const { EditionAge } = await import('./EditionAge');
    inFa(h(EditionAge, { compact: true }));
    const text = root.textContent ?? '';
    expect(text).toContain('ویرایشِ');
    // A Persian zero looks like a middle dot, so Persian separates with a dash (t.sep).
    expect(text).not.toContain('·');
  });

  it('marks the missing-picture note with the interface language, not the article’s', async () => {
    const { fillMissingPictures } = await import('./missing-pictures');
    const article = document.createElement('article');
    article.lang = 'en';
    article.dir = 'ltr';
    const img = document.createElement('img');
    article.append(img);
    root.append(article);
    // Offline, so the note says the picture is not saved (online, it says it is downloading, then not saved if it fails).
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const stop = fillMissingPictures(new Map([['a'.repeat(64), [img]]]), { publisherId: 'p', edition: 1, trust: 'verified' }, fa);
    await vi.waitFor(() => expect(article.querySelector('.picture-missing')).not.toBeNull());
    const note = article.querySelector<HTMLElement>('.picture-missing')!;
    stop();
    online.mockRestore();
    expect(note.textContent).toContain('تصویر ذخیره نشده است');
    // The Persian note sits in <article lang="en" dir="ltr">: it carries the interface's language and direction.
    expect(note.closest<HTMLElement>('[lang]')?.lang).toBe('fa');
    expect(note.closest<HTMLElement>('[dir]')?.dir).toBe('rtl');
  });

  it('names the image viewer in the article’s language and its close button in the interface’s', async () => {
    HTMLDialogElement.prototype.showModal ??= function () {};
    const { ImageViewer } = await import('./ImageViewer');
    inFa(h(ImageViewer, { src: 'data:,', alt: 'A protest in Tehran', lang: 'en', onClose() {} }));
    const dialog = root.querySelector('dialog')!;
    expect(dialog.getAttribute('aria-label')).toBe('A protest in Tehran');
    expect(dialog.lang).toBe('en');
    expect(root.querySelector('button')!.closest<HTMLElement>('[lang]')?.lang).toBe('fa');
  });
});
