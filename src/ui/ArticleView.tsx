/** One article: its title as the page's h1, who signed it, the body (sanitised, inserted as a fragment), then the next articles; tools below. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import site from 'virtual:site-config';
import { useI18n, type I18n } from './i18n';
import type { Route } from './use-route';
import type { LibraryState } from './use-library';
import { formatDate } from '../core/dates';
import { getBody } from '../storage/library-store';
import { updateReading } from '../storage/reading-store';
import { FINISHED_AT } from './library-query';
import { renderArticleBody } from '../platform/render-article';
import type { Settings } from '../storage/settings-store';
import { articleKey } from '../core/keys';
import { Isolated } from './Isolated';
import { Icon } from './Icon';
import { ReaderTools } from './ReaderTools';
import { ReadingProgress } from './ReadingProgress';
import { ArticleNeighbours } from './ArticleNeighbours';
import type { ImageViewer } from './ImageViewer';
import { pageTitle } from './Header';
import { loadFailureSentence } from './failure-sentence';
import type { Failure } from '../core/errors';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

/** What an article not in the library (or removed meanwhile, in another tab) says. */
const notFound = (i: I18n): string => i.t.notFound;

/** Footnotes and in-article anchors (#user-content-…) scroll within the article instead of changing the route. */
function followInPageLink(e: MouseEvent): void {
  const link = (e.target as Element | null)?.closest?.('a[href^="#"]');
  const href = link?.getAttribute('href') ?? '';
  if (!link || href.startsWith('#/')) return;
  e.preventDefault();
  const target = document.getElementById(decodeURIComponent(href.slice(1)));
  // Centred: a footnote's reference, reached by its back-link, shows with the line above it.
  target?.scrollIntoView({ block: 'center' });
  if (target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target?.focus({ preventScroll: true });
}

/** The way back to the library (`href`: as the reader left it), first in the article's frame (also while the article is on its way). */
function BackToLibrary({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <nav class="reader__back" aria-label={t.library}>
      <a href={href}>
        <Icon name="back" />
        {t.back}
      </a>
    </nav>
  );
}

interface Props {
  route: Extract<Route, { name: 'article' }>;
  /** The library's address as the reader left it. */
  back: string;
  library: LibraryState;
  settings: Settings;
  onTextSize: (v: number) => void;
  /** The library is still being saved (a first visit): an article not there yet may be on its way, not missing. */
  saving?: boolean;
}

export function ArticleView({ route, back, library, settings, onTextSize, saving = false }: Props) {
  const i = useI18n();
  const { t } = i;
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [viewing, setViewing] = useState<{ src: string; alt: string; Viewer: typeof ImageViewer }>();
  /**
   * Shows an image of the body larger (not one inside a link, which the link's own action takes); true if it did. The
   * viewer is a lazy part (precached, so offline too): a first paint has no image to enlarge.
   */
  const enlarge = (target: EventTarget | null): boolean => {
    const img = target instanceof HTMLImageElement ? target : undefined;
    if (!img?.currentSrc || img.closest('a')) return false;
    void import('./ImageViewer').then((m) => setViewing({ src: img.currentSrc, alt: img.alt, Viewer: m.ImageViewer }));
    return true;
  };
  const onBodyClick = (e: MouseEvent) => {
    if (!enlarge(e.target)) followInPageLink(e);
  };
  const onBodyKey = (e: KeyboardEvent) => {
    if ((e.key === 'Enter' || e.key === ' ') && enlarge(e.target)) e.preventDefault();
  };

  const candidates = library.articles.filter((a) => a.id === route.id && (!route.publisherId || a.publisherId === route.publisherId));
  const record = candidates.find((a) => a.publisherId === site.publisher.id) ?? candidates[0];
  const key = record ? articleKey(record.publisherId, record.id) : '';
  const reading = record ? library.reading.get(key) : undefined;
  // What the page shows belongs to one article: another article's "ready" is this one's "loading". One not there, or
  // whose body could not be read, is a sentence that says so.
  const [shown, setShown] = useState<{ key: string; state: 'loading' | 'ready' | ((i: I18n) => string) }>({ key: '', state: 'loading' });
  const state = shown.key === key ? shown.state : 'loading';
  const setState = (next: typeof state) => setShown({ key, state: next });
  /** Keeps a change to an article's reading state; one that cannot be kept is dropped (storage taken over: the app's notice says so). */
  const keep = (r: ArticleRecord, change: Partial<ReadingRecord>): void =>
    void updateReading(r.publisherId, r.id, change).then(library.setReading, () => undefined);

  useEffect(() => {
    if (!record) {
      setState(library.loaded && !saving ? notFound : 'loading');
      return;
    }
    let live = true;
    let cleanup: (() => void) | undefined;
    setState('loading');
    void (async () => {
      const body = await getBody(record.publisherId, record.id);
      if (!live) return;
      if (body === undefined) {
        setState(notFound);
        return;
      }
      const rendered = await renderArticleBody(body);
      if (!live) {
        rendered.dispose();
        return;
      }
      cleanup = rendered.dispose;
      // Pictures with a name can be reached by keyboard, and say they open, to be shown larger (one with no alt text is
      // decoration). Not one whose source was dropped (from outside the library: it never shows), unless it is on its way
      // (an unverified article's never is: it fetches nothing).
      const coming = new Set(record.trust === 'verified' ? [...rendered.missing.values()].flat() : []);
      for (const img of rendered.fragment.querySelectorAll('img'))
        if (img.alt && (img.hasAttribute('src') || coming.has(img)) && !img.closest('a')) {
          img.tabIndex = 0;
          img.setAttribute('role', 'button');
        }
      const shown = bodyRef.current;
      // Not replaceChildren (Chrome 86): articles stayed blank on the older WebViews.
      if (shown) {
        shown.textContent = '';
        shown.append(rendered.fragment);
      }
      // Pictures not on the device (the data saver): a placeholder with their size, then each one fetched and kept (an
      // unverified article's: a placeholder only).
      if (rendered.missing.size)
        void import('./missing-pictures').then(({ fillMissingPictures }) => {
          if (!live) return;
          const stop = fillMissingPictures(rendered.missing, record, i);
          cleanup = () => {
            rendered.dispose();
            stop();
          };
        });
      setState('ready');
    })().catch(async (err: unknown) => {
      // The storage taken over by a newer version (reload), or a part that did not load: said, not "Loading…" for ever.
      const sentence = await loadFailureSentence(err as Failure);
      if (live) setState(sentence);
    });
    return () => {
      live = false;
      cleanup?.();
    };
  }, [record?.publisherId, record?.id, record?.meta.sha256, !record && saving]);

  // Focus on the title, and the page at the place the reader left: once the body and the cards after it are on the page,
  // as they were when that place was measured. Then the article counts as read.
  const ready = state === 'ready';
  useLayoutEffect(() => {
    if (!record || !ready) return;
    const focusTitle = () => titleRef.current?.focus({ preventScroll: true });
    const saved = reading?.position;
    let frame: number | undefined;
    // A finished article opens at its top, not at the cards after its end.
    if (saved && saved <= FINISHED_AT) {
      // A place to return to is measured on the article laid out: here, once, for the focus and the scroll alike.
      // 'instant': the page's smooth scrolling would run through the article on the way there.
      focusTitle();
      const max = document.documentElement.scrollHeight - innerHeight;
      scrollTo({ top: max > 0 ? saved * max : 0, behavior: 'instant' });
    } else {
      // From the top, nothing waits for layout: (0, 0) is the one scroll that needs none, and the focus (which lays the
      // page out) comes in the frame that lays the article out anyway. Opening an article on a slow phone is then a
      // render and a frame, not one long task of both.
      scrollTo({ left: 0, top: 0, behavior: 'instant' });
      frame = requestAnimationFrame(focusTitle);
    }
    keep(record, { read: true });
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [key, ready]);

  useEffect(() => {
    document.title = pageTitle(i, record?.meta.title);
  }, [record?.meta.title, i]);

  // Remember how far the reader got, so an update reload or a closed tab loses nothing, and "Continue reading" takes them
  // back there. The furthest place of this reading, not the last: a reader scrolls back up to the top to tap "Back to
  // library", and that would leave the article as not begun.
  useEffect(() => {
    if (!record || state !== 'ready') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Measured as the reader scrolls: when the article is left, the page may already hold another view. */
    let furthest = -1;
    let unsaved = false;
    const save = () => {
      clearTimeout(timer);
      // Into the library's state too, so "Continue reading" is right when the reader goes back.
      if (unsaved) keep(record, { position: furthest });
      unsaved = false;
    };
    const onScroll = () => {
      const max = document.documentElement.scrollHeight - innerHeight;
      const at = max > 0 ? Math.min(1, scrollY / max) : -1;
      if (at <= furthest) return;
      furthest = at;
      unsaved = true;
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    };
    // A reader who scrolls and at once goes back, or leaves the app, keeps the place: a pending save is made then.
    const onHide = () => document.visibilityState === 'hidden' && save();
    addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHide);
      save();
    };
  }, [record?.publisherId, record?.id, state]);

  // Not (or no longer: removed in another tab) in the library, or not readable. Before it comes, the article's own frame
  // (the way back first, where the article will have it), so nothing moves when it does.
  const said = typeof state === 'function' && state(i);
  if (!record || said) {
    return (
      <div class="reader">
        <BackToLibrary href={back} />
        <p class="article-missing">{said || t.loading}</p>
      </div>
    );
  }

  const toggle = (change: { bookmarked?: boolean; read?: boolean }) => keep(record, change);
  const at = library.articles.indexOf(record);

  return (
    <div class="reader">
      <ReadingProgress />
      <BackToLibrary href={back} />
      {/* Keyed by the article, so the one read before never shows under this one's title while its body loads. */}
      <article key={key} class="article" lang={record.meta.lang} dir={record.meta.dir}>
        <header class="article__header">
          <h1 ref={titleRef} tabIndex={-1}>
            {record.meta.title}
          </h1>
          {/* On the title's side (the article's direction), read in the interface's order. */}
          <p class="article__meta">
            <bdi lang={i.lang} dir={i.dir}>
              <time dateTime={record.meta.date}>{formatDate(record.meta.date, i.lang)}</time>
              {record.meta.author && (
                <>
                  {t.sep}
                  <Isolated template={t.by} value={record.meta.author} lang={record.meta.lang} />
                </>
              )}
            </bdi>
          </p>
          <p class={`trust trust--${record.trust}`} lang={i.lang} dir={i.dir}>
            {record.trust === 'verified' ? (
              <Isolated template={t.verified} value={record.publisherName ?? record.publisherId} />
            ) : (
              t.unverified
            )}
          </p>
        </header>
        <div class="article__body" ref={bodyRef} aria-busy={state === 'loading'} onClick={onBodyClick} onKeyDown={onBodyKey} />
      </article>
      {state === 'ready' && <ArticleNeighbours articles={library.articles} at={at} />}
      <ReaderTools record={record} reading={reading} size={settings.textSize ?? 1} onTextSize={onTextSize} onChange={toggle} />
      {viewing && <viewing.Viewer src={viewing.src} alt={viewing.alt} lang={record.meta.lang} onClose={() => setViewing(undefined)} />}
    </div>
  );
}
