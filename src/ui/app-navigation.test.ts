// @vitest-environment node
// (node, with the jsdom environment set up below: in vitest's jsdom environment the build-only `virtual:site-config`
// that Header and ArticleView import cannot be resolved, even mocked.)
/**
 * From the library to an article and back, through the whole app (App), with storage, sync and search stubbed: what a
 * reader had chosen and where they were in the list is still there, the focus is never lost, and each page is named.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { ArticleRecord, ReadingRecord } from '../storage/db';
import { builtinEnvironments } from 'vitest/environments';

vi.mock('virtual:site-config', () => ({
  default: { publisher: { id: 'p' }, name: 'Open Shelf', lang: 'en', dir: 'ltr', description: '' },
}));

const articles: ArticleRecord[] = Array.from({ length: 6 }, (_, n) => ({
  publisherId: 'p',
  id: `a${n}`,
  edition: 1,
  trust: 'verified',
  source: 'built-in',
  addedAt: 0,
  meta: {
    id: `a${n}`,
    version: 1,
    title: `Article ${n}`,
    date: `2025-01-0${9 - n}`,
    lang: 'en',
    dir: 'ltr',
    tags: n % 2 ? ['guide'] : ['news'],
    size: 10,
    sha256: String(n).repeat(64),
    media: [],
  },
})) as unknown as ArticleRecord[];

/** Reading state the library starts with (set by a test before the app is rendered). */
const seeded = new Map<string, ReadingRecord>();

vi.mock('./use-library', async () => {
  const { useMemo, useState } = await import('preact/hooks');
  return {
    useLibrary: () => {
      const [reading, setMap] = useState(() => new Map(seeded));
      return useMemo(
        () => ({
          loaded: true,
          articles,
          reading,
          reload: async () => undefined,
          reloadNew: async () => undefined,
          setReading: (r: ReadingRecord) => setMap((m) => new Map(m).set(`${r.publisherId}/${r.id}`, r)),
        }),
        [reading],
      );
    },
  };
});
vi.mock('./use-sync', () => ({ useSync: () => ({ kind: 'saved' }) }));
vi.mock('./use-importer', () => ({ useImporter: () => ({ busy: false, importFiles: async () => undefined }) }));
vi.mock('./use-updates', () => ({
  useUpdateChecks: () => undefined,
  useUpdates: () => ({ running: false, failed: false, addresses: [] }),
}));
/** The waiting update as useUpdate gives it (a test sets a new version waiting). */
const waitingUpdate = vi.hoisted(() => ({ waiting: false, apply: (): void => undefined }));
vi.mock('./use-update', () => ({
  useUpdate: () => ({ waiting: waitingUpdate.waiting, deferred: false, defer() {}, ask() {}, apply: () => waitingUpdate.apply() }),
}));
// The banner's lazy part cannot load: a tab taken over by a version that no longer keeps this one's lazy parts, offline.
vi.mock('./UpdateBanner', () => {
  throw new Error('Failed to fetch dynamically imported module');
});
/** The routes on which the search index was opened (loading the search module and its worker). */
const searchWork = vi.hoisted((): string[] => []);
// One session per app, as the real hook keeps it: it remembers the query typed (results never replace the list here).
vi.mock('./use-search', async () => {
  const { useEffect, useState } = await import('preact/hooks');
  const session = () => ({
    state: { query: '', shown: false },
    setQuery(value: string) {
      this.state = { ...this.state, query: value.trim() };
    },
    subscribe: () => () => undefined,
  });
  return {
    useSearchSession: () => useState(session)[0],
    useSearchShown: () => false,
    useSearchIndex: () => useEffect(() => void searchWork.push(location.hash), []),
  };
});
vi.mock('./use-install', () => ({
  installTipSeen: () => true,
  isStandalone: () => false,
  markInstallTipSeen() {},
  useInstallPrompt: () => ({ offered: false, mayOffer: false, prompt: async () => undefined }),
}));
vi.mock('../storage/settings-store', () => ({ setSetting: async () => undefined }));
vi.mock('../platform/files', () => ({ onLaunchFiles: () => undefined }));
vi.mock('../platform/shared-files', () => ({ takeSharedFiles: async () => ({ files: [], notKept: [], release: async () => undefined }) }));
/**
 * The body of every article; a5 has pictures: one named, one inside a link, one with no alt text (decoration), and one
 * from outside the library (its source is dropped).
 */
const PICTURES =
  '<figure><img src="m/1.png" alt="Two phones"></figure><a href="#x"><img src="m/2.png" alt="Linked"></a><img src="m/3.png" alt="">' +
  '<img src="https://tracker.example/x.png" alt="From elsewhere">';
vi.mock('../storage/library-store', () => ({
  getBody: async (_: string, id: string) => `<p>Body</p>${id === 'a5' ? PICTURES : ''}`,
  getMedia: async () => new Map(),
}));
vi.mock('../storage/reading-store', () => ({
  updateReading: async (publisherId: string, id: string, change: Partial<ReadingRecord>) => ({
    publisherId,
    id,
    updatedAt: Date.now(),
    ...change,
  }),
}));
vi.mock('../platform/render-article', () => ({
  renderArticleBody: async (html: string) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    for (const img of t.content.querySelectorAll('img')) {
      // As the renderer does: a picture from outside the library would be a request to somewhere.
      if (!img.getAttribute('src')?.startsWith('m/')) img.removeAttribute('src');
      // jsdom loads no pictures: each one shows its source, as a browser's would once loaded.
      Object.defineProperty(img, 'currentSrc', { value: img.getAttribute('src') ?? '' });
    }
    return { fragment: t.content, missing: new Map(), dispose() {} };
  },
}));

// The page's scroll, as a phone would have it: the app reads `scrollY` and calls `scrollTo`.
let y = 0;
/** How the last scrollTo asked to move: smooth scrolling through a list or an article is slow on a cheap phone. */
let behavior: ScrollBehavior | undefined;
/** The page's height: what the test sets, and more while the "more articles" cards are on the page. */
let height = 20_000;
let neighboursHeight = 0;
const pageHeight = () => height + (document.querySelector('.neighbours') ? neighboursHeight : 0);
beforeAll(() => {
  Object.defineProperty(globalThis, 'scrollY', { configurable: true, get: () => y });
  vi.stubGlobal('scrollTo', (x: number | ScrollToOptions, top?: number) => {
    const to = typeof x === 'object' ? (x.top ?? y) : (top ?? y);
    behavior = typeof x === 'object' ? x.behavior : undefined;
    y = Math.max(0, Math.min(to, pageHeight() - 800));
  });
  vi.stubGlobal('innerHeight', 800);
  // ReadingProgress observes the page's size; jsdom has no ResizeObserver.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      disconnect() {}
    },
  );
  // jsdom has no dialog methods (the share sheet's menu closes itself before acting).
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
  // The built page's title (vite-plugin-articles writes the publication's name).
  document.title = 'Open Shelf';
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: pageHeight });
});
afterAll(() => vi.unstubAllGlobals());

await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });
const { App } = await import('./App');

const root = document.createElement('div');
document.body.append(root);
const tick = () => act(() => new Promise((r) => setTimeout(r, 30)));

async function go(hash: string) {
  await act(async () => {
    location.hash = hash;
    await new Promise((r) => setTimeout(r, 30));
  });
  await tick();
  await tick();
}

beforeEach(async () => {
  await act(() => render(null, root));
  history.replaceState(null, '', '#/');
  y = 0;
  behavior = undefined;
  height = 20_000;
  neighboursHeight = 0;
  seeded.clear();
});

async function openApp(hash: string) {
  history.replaceState(null, '', hash);
  await act(() => render(h(App, { initialSettings: { uiLang: 'en', media: 'all' } as never }), root));
  await tick();
  await tick();
}

const link = (href: string) => root.querySelector<HTMLAnchorElement>(`a[href="${href}"]`);
const backLink = () => root.querySelector<HTMLAnchorElement>('.reader__back a')!;

const back = async () => {
  act(() => backLink().click());
  await tick();
  await tick();
};

describe('back to the library from an article', () => {
  it('“Back to library” returns to the section and order the reader was browsing', async () => {
    await openApp('#/?section=guide&sort=oldest');
    expect(root.querySelectorAll('.card').length).toBe(3);
    await go('#/article/a3');
    expect(root.querySelector('h1')?.textContent).toBe('Article 3');
    // Through "Next" too: the way back is to the list, not to the article before.
    await go('#/article/a4');
    expect(root.querySelector('h1')?.textContent).toBe('Article 4');
    await back();
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    expect(params.get('section'), `back at ${location.hash}`).toBe('guide');
    expect(params.get('sort')).toBe('oldest');
    expect(root.querySelectorAll('.card').length).toBe(3);
  });

  it('keeps the “Unread” filter the reader chose (the list view’s state, which the article replaces)', async () => {
    await openApp('#/');
    const unread = [...root.querySelectorAll<HTMLButtonElement>('.choices button')].find((b) => b.textContent === 'Unread')!;
    act(() => unread.click());
    await tick();
    expect(unread.getAttribute('aria-pressed')).toBe('true');
    await go('#/article/a2');
    expect(root.querySelector('h1')?.textContent).toBe('Article 2');
    await back();
    const pressed = [...root.querySelectorAll<HTMLButtonElement>('.choices button')].find((b) => b.getAttribute('aria-pressed') === 'true');
    expect(pressed?.textContent).toBe('Unread');
  });

  it('keeps what was typed in the search box', async () => {
    await openApp('#/');
    const box = () => root.querySelector<HTMLInputElement>('input[type="search"]')!;
    act(() => {
      box().value = 'phones';
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
    await go('#/article/a1');
    await back();
    expect(box().value).toBe('phones');
  });

  it('puts keyboard focus back on the article just read, not on <body>', async () => {
    await openApp('#/');
    link('#/article/a4')!.focus();
    await go('#/article/a4');
    // Focus does move to the article's heading on the way in.
    expect(document.activeElement?.textContent).toBe('Article 4');
    backLink().focus();
    await back();
    expect(document.activeElement, `focus is on <${document.activeElement?.localName}>`).not.toBe(document.body);
    expect(document.activeElement).toBe(link('#/article/a4'));
  });

  it('shows the list where the reader left it, not at the article’s scroll offset, and at once', async () => {
    await openApp('#/');
    y = 1200; // the reader scrolled down the list to the fifth article
    await go('#/article/a4');
    expect(root.querySelector('h1')?.textContent).toBe('Article 4');
    y = 9000; // and read far down the article
    await back();
    expect(y, 'the library is shown scrolled to where the article was').toBe(1200);
    expect(behavior, 'not smoothly through the list').toBe('instant');
  });

  it('from an article opened by a link (no list before it): the whole library, from the top, focus on the article’s card', async () => {
    await openApp('#/article/a3');
    expect(root.querySelector('h1')?.textContent).toBe('Article 3');
    expect(backLink().getAttribute('href')).toBe('#/');
    y = 3000;
    backLink().focus();
    await back();
    expect(location.hash).toBe('#/');
    expect(y).toBe(0);
    expect(document.activeElement).toBe(link('#/article/a3'));
  });
});

describe('the list’s rows on the way back', () => {
  /** Observers of the end of the list: the test says when the reader has scrolled near it. */
  const observers: (() => void)[] = [];
  const scrollNearEnd = async () => {
    act(() => observers.splice(0).forEach((report) => report()));
    await tick();
  };
  const more = Array.from({ length: 34 }, (_, n) => ({
    ...articles[0]!,
    id: `b${n}`,
    meta: { ...articles[0]!.meta, id: `b${n}`, title: `More ${n}`, date: '2024-12-01' },
  }));
  beforeAll(() => {
    articles.push(...more);
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly report: (entries: { isIntersecting: boolean }[]) => void) {}
        observe() {
          observers.push(() => this.report([{ isIntersecting: true }]));
        }
        disconnect() {}
      },
    );
  });
  afterAll(() => {
    articles.length = 6;
    Reflect.deleteProperty(globalThis, 'IntersectionObserver');
  });

  it('renders again the rows of the list left, and only for that list', async () => {
    await openApp('#/?sort=oldest');
    expect(root.querySelectorAll('.card').length).toBe(12);
    await scrollNearEnd();
    expect(root.querySelectorAll('.card').length).toBe(36);
    await go('#/article/a1');
    await back();
    expect(root.querySelectorAll('.card').length, 'the same list: as long as it was').toBe(36);
    await go('#/article/a1');
    // Another list (the site's name leads to the whole library, newest first): its first screenful, from the top.
    await go('#/');
    expect(root.querySelectorAll('.card').length, 'before the fix, the 36 rows of the list left').toBe(12);
    expect(y).toBe(0);
  });
});

describe('search, on an article opened first', () => {
  it('opens no search index until the library is shown (a shared link, “Continue reading”)', async () => {
    searchWork.length = 0;
    await openApp('#/article/a3');
    expect(root.querySelector('h1')?.textContent).toBe('Article 3');
    expect(searchWork).toEqual([]);
    await back();
    expect(searchWork).toEqual(['#/']);
  });
});

describe('reading an article', () => {
  it('names the page after the article (tab switcher, history list, screen readers’ page title), and the library after the site', async () => {
    await openApp('#/');
    const before = document.title;
    await go('#/article/a1');
    expect(root.querySelector('h1')?.textContent).toBe('Article 1');
    // The article's title isolated (FSI … PDI): one in the other script would otherwise reorder the rest.
    expect(document.title, `title was “${before}”`).toBe('\u2068Article 1\u2069 · Open Shelf');
    // From the top, and the title focused in the frame that lays the article out (not forced inside the render).
    expect(y).toBe(0);
    await new Promise((r) => requestAnimationFrame(r));
    expect(document.activeElement?.textContent).toBe('Article 1');
    await back();
    expect(document.title).toBe('Open Shelf');
  });

  it('returns to the saved place: the position is restored on the page it was measured on', async () => {
    // A long article (5,800 px) whose end carries the "Previous / Next" cards (300 px on a 320 px phone).
    height = 5800;
    neighboursHeight = 300;
    // Saved while reading: half-way, measured with the cards on the page: 0.5 × (6,100 − 800) = 2,650 px.
    seeded.set('p/a2', { publisherId: 'p', id: 'a2', updatedAt: 1, read: true, position: 0.5 });
    await openApp('#/article/a2');
    await tick();
    expect(root.querySelector('.neighbours'), 'the cards are shown').not.toBeNull();
    // Restored before the cards were rendered, it was 0.5 × (5,800 − 800) = 2,500 px: 150 px (about 5 lines of body
    // text) short of where the reader was; the error is position × the cards' height, so largest near the end.
    expect(Math.abs(y - 2650), `restored at ${y}px`).toBeLessThanOrEqual(5);
    expect(behavior, 'not smoothly through half the article').toBe('instant');
    expect(document.activeElement?.textContent).toBe('Article 2');
  });

  it('opens an article read to its end at the top, not at the cards after the end', async () => {
    height = 5800;
    neighboursHeight = 300;
    seeded.set('p/a2', { publisherId: 'p', id: 'a2', updatedAt: 1, read: true, position: 1 });
    await openApp('#/article/a2');
    await tick();
    expect(y).toBe(0);
  });

  it('keeps how far a reader got who scrolls, back up to the top and at once goes back (before the pause that saves it)', async () => {
    height = 5800;
    await openApp('#/article/a2');
    await act(() => {
      y = 2500;
      dispatchEvent(new Event('scroll'));
    });
    // Then up to the top, where "Back to library" is: how far they read stays half-way, not "not begun".
    await act(() => {
      y = 0;
      dispatchEvent(new Event('scroll'));
    });
    await back();
    const resume = root.querySelector('.continue');
    expect(resume?.textContent, '“Continue reading” names it').toContain('Article 2');
    expect(resume?.textContent).toContain('50%');
  });

  it('shows a named picture larger from the keyboard (Enter), as a tap does', async () => {
    await openApp('#/article/a5');
    const [named, linked, decoration, elsewhere] = [...root.querySelectorAll<HTMLImageElement>('.article__body img')];
    // A tab stop only where Enter shows a picture: not one that never shows (before the fix, "From elsewhere" was one).
    expect([linked, decoration, elsewhere].map((img) => img?.hasAttribute('tabindex'))).toEqual([false, false, false]);
    expect(named?.tabIndex).toBe(0);
    // Heard as something to press ("Two phones, button"), not only as a picture.
    expect(named?.getAttribute('role')).toBe('button');
    expect(elsewhere?.hasAttribute('role')).toBe(false);
    named!.focus();
    act(() => void named!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    // The viewer is a lazy part: its first load (transformed on demand here) can take longer than one tick.
    for (let n = 0; n < 100 && !root.querySelector('dialog.lightbox'); n++) await tick();
    const viewer = root.querySelector('dialog.lightbox');
    expect(viewer?.getAttribute('aria-label')).toBe('Two phones');
    expect(viewer?.querySelector('img')?.getAttribute('src')).toBe('m/1.png');
  });
});

describe('choosing articles to share', () => {
  it('keeps keyboard focus when “Done selecting” closes the selection bar: on “Share and import”, where it began', async () => {
    await openApp('#/');
    const select = [...root.querySelectorAll<HTMLButtonElement>('.menu-item')].find((b) => b.textContent === 'Select articles to share')!;
    act(() => select.click());
    await tick();
    const done = [...root.querySelectorAll<HTMLButtonElement>('.selection-bar button')].find((b) => b.textContent === 'Done selecting')!;
    expect(done).toBeTruthy();
    done.focus();
    act(() => done.click());
    await tick();
    expect(root.querySelector('.selection-bar')).toBeNull();
    // The bar, and the focused button in it, are gone: focus must not fall to <body>, the top of the page.
    expect(document.activeElement, `focus is on <${document.activeElement?.localName}>`).not.toBe(document.body);
    expect(document.activeElement).toBe(root.querySelector('.share-menu'));
  });
  // Last: this page's storage stays erased for good.
  it('closes an open article when another tab erases the library: nothing of it stays on screen', async () => {
    await openApp('#/article/a1');
    expect(root.querySelector('h1')?.textContent).toBe('Article 1');
    expect(root.querySelector('article')).not.toBeNull();
    // Another tab erased everything (its message on the app's channel: this page may hold no connection to hear it by).
    const { getDb } = await import('../storage/db');
    await getDb().catch(() => undefined);
    const other = new BroadcastChannel('offline-reader-erased');
    await act(async () => {
      other.postMessage('erased');
      await vi.waitFor(() => expect(location.hash).toBe('#/'));
    });
    other.close();
    expect(root.querySelector('article')).toBeNull();
    expect(root.querySelector('h1')?.textContent).not.toBe('Article 1');
  });
});

describe('settings read too slowly for the first paint', () => {
  it('are applied when they come (language, theme, text size), not lost for the session', async () => {
    history.replaceState(null, '', '#/');
    let arrive: (s: object) => void = () => undefined;
    const late = new Promise<object>((resolve) => (arrive = resolve));
    await act(() => render(h(App, { initialSettings: { media: 'all' } as never, lateSettings: late as never }), root));
    await tick();
    expect(document.documentElement.dataset.theme).toBe('system');
    // Before: the app kept the defaults it started with, and never read them again.
    await act(async () => arrive({ uiLang: 'fa', theme: 'dark', textSize: 1.25, media: 'all' }));
    await tick();
    expect(document.documentElement.lang).toBe('fa');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.documentElement.style.getPropertyValue('--text-scale')).toBe('1.25');
  });
});

describe('one article’s file that needs another tap to be shared', () => {
  it('is offered on the article itself (the reading bar has no room for the choice), and on the list after going back', async () => {
    const { articleExport } = await import('./use-export');
    await openApp('#/');
    await go('#/article/a1');
    const choose = vi.fn();
    act(() => {
      articleExport.state.set({ busy: true, message: 'The file is ready.' });
      articleExport.progress.set({ share: 'Share it', save: 'Save it on this device', choose });
    });
    await tick();
    // Before: the bar said "The file is ready." and nothing on the page could share it or save it.
    const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('.banner button')];
    expect(buttons().map((b) => b.textContent)).toEqual(['Share it', 'Save it on this device']);
    // Said once, by the banner that offers the choice: the bar's own status line would have a screen reader say it twice.
    const said = [...root.querySelectorAll('[role="status"]')].filter((e) => e.textContent?.includes('The file is ready.'));
    expect(said).toHaveLength(1);
    await back();
    act(() => buttons()[1]!.click());
    expect(choose).toHaveBeenCalledWith('save');
    act(() => {
      articleExport.progress.set(undefined);
      articleExport.state.set({ busy: false });
    });
  });
});

describe('a new version waiting whose banner cannot load', () => {
  it('is offered by the header’s update sign instead, which applies it', async () => {
    const apply = vi.fn();
    Object.assign(waitingUpdate, { waiting: true, apply });
    try {
      await openApp('#/');
      await tick();
      // Before: nothing at all (the banner's import failed unheard, and the sign shows only after "Later").
      const sign = root.querySelector<HTMLButtonElement>('.status-chip--update');
      expect(sign?.getAttribute('aria-label')).toBe('Update ready');
      act(() => sign!.click());
      expect(apply).toHaveBeenCalled();
    } finally {
      Object.assign(waitingUpdate, { waiting: false, apply: () => undefined });
    }
  });
});
