/** The list of articles: each item in its own language and direction; optional selection for sharing. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { memo } from './memo';
import { useI18n } from './i18n';
import { articleHref } from './use-route';
import site from 'virtual:site-config';
import { articleKey } from '../core/keys';
import { formatDate } from '../core/dates';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

/**
 * The rows a list had rendered, kept by its owner while the list is off the page: the list renders them again when it
 * comes back, so the page is as long as it was and a scroll offset restored over it lands on the same row.
 */
export interface ListMemory {
  /** How many rows a growing list had. */
  rows: number;
  /** A windowed list's rows and their height. */
  range?: [number, number];
  rowHeight?: number;
}

interface Props {
  articles: ArticleRecord[];
  reading: Map<string, ReadingRecord>;
  selected?: Set<string>;
  onToggle?: (key: string) => void;
  memory?: ListMemory;
}

/** Above this many articles only the rows near the screen are rendered (fixed row height). */
export const VIRTUAL_FROM = 1500;
const OVERSCAN = 10;

/** The range of rows to render for a list of `count` rows of `rowHeight` px starting at `top` px in the page. */
export function visibleRange(count: number, rowHeight: number, top: number, scrollY: number, viewport: number): [number, number] {
  const first = Math.floor((scrollY - top) / rowHeight) - OVERSCAN;
  const last = Math.ceil((scrollY - top + viewport) / rowHeight) + OVERSCAN;
  return [Math.max(0, Math.min(count, first)), Math.max(0, Math.min(count, last))];
}

function useWindow(count: number, enabled: boolean, memory?: ListMemory) {
  const ref = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState<[number, number]>(() => memory?.range ?? [0, Math.min(count, 40)]);
  const [rowHeight, setRowHeight] = useState(memory?.rowHeight ?? 150);
  useEffect(() => {
    if (!enabled) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = ref.current;
      if (!el) return;
      const h =
        parseFloat(getComputedStyle(el).getPropertyValue('--row')) * parseFloat(getComputedStyle(document.documentElement).fontSize) || 150;
      setRowHeight(h);
      const top = el.getBoundingClientRect().top + scrollY;
      const next = visibleRange(count, h, top, scrollY, innerHeight);
      setRange(next);
      if (memory) Object.assign(memory, { range: next, rowHeight: h });
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    update();
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule);
    return () => {
      removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
      cancelAnimationFrame(frame);
    };
  }, [count, enabled]);
  return { ref, range, rowHeight };
}

/** How many rows the first frame paints: a tall phone's screen and a little more (each row costs a cheap phone's layout). */
const FIRST_ROWS = 12;
/** Rows added each time the reader scrolls near the end of those rendered. */
const MORE_ROWS = 24;

/**
 * How many rows to render (below VIRTUAL_FROM): the first screenfuls at once, then more as the reader scrolls towards
 * the end (`sentinel` sits after the list). So the page holds the rows a reader has come near, not the whole library,
 * and a list that grows while a first visit stores its packs re-renders a few dozen rows, not every one.
 */
function useGrowing(count: number, enabled: boolean, memory?: ListMemory) {
  const sentinel = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(() => Math.max(FIRST_ROWS, memory?.rows ?? 0));
  useEffect(() => {
    if (memory) memory.rows = shown;
    const el = sentinel.current;
    if (!enabled || !el || shown >= count) return;
    if (typeof IntersectionObserver === 'undefined') return setShown(count);
    // Observed afresh after each step: the first report says whether the end is still near (a tall screen, a fast scroll).
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setShown(shown + MORE_ROWS), {
      rootMargin: '0px 0px 150% 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [count, enabled, shown]);
  return { sentinel, shown: Math.min(count, shown) };
}

interface CardProps {
  article: ArticleRecord;
  state: ReadingRecord | undefined;
  /** Undefined when the list is not selecting. */
  checked?: boolean;
  onToggle?: (key: string) => void;
  setSize?: number;
  position?: number;
}

/** One article's row; the same props render nothing new, so a list that grows re-renders only its new rows. */
const Card = memo(function Card({ article: a, state, checked, onToggle, setSize, position }: CardProps) {
  const i = useI18n();
  const key = articleKey(a.publisherId, a.id);
  return (
    <li
      class={`card${state?.read ? ' card--read' : ''}`}
      lang={a.meta.lang}
      dir={a.meta.dir}
      aria-setsize={setSize}
      aria-posinset={position}
    >
      {checked !== undefined && onToggle && (
        <input
          type="checkbox"
          class="card__select"
          checked={checked}
          onChange={() => onToggle(key)}
          aria-label={i.t.selectArticle(a.meta.title)}
          lang={i.lang}
        />
      )}
      <h2 class="card__title">
        <a href={linkTo(a)}>{a.meta.title}</a>
      </h2>
      <p class="card__meta" lang={i.lang} dir={i.dir}>
        <time dateTime={a.meta.date}>{formatDate(a.meta.date, i.lang)}</time>
        {state?.bookmarked && <span class="tag">{i.t.bookmarked}</span>}
        {state?.read && <span class="tag tag--quiet">{i.t.read}</span>}
        <UnverifiedTag article={a} />
      </p>
      {a.meta.summary && <p class="card__summary">{a.meta.summary}</p>}
    </li>
  );
});

export function ArticleList({ articles, reading, selected, onToggle, memory }: Props) {
  const virtual = articles.length >= VIRTUAL_FROM;
  const win = useWindow(articles.length, virtual, memory);
  const growing = useGrowing(articles.length, !virtual, memory);
  const [from, to] = virtual ? win.range : [0, growing.shown];
  // Only part of the list is in the page: each row says where it stands in the whole.
  const partial = virtual || to < articles.length;
  return (
    <>
      <ul
        class={virtual ? 'articles articles--virtual' : 'articles'}
        ref={win.ref}
        style={virtual ? { blockSize: `${articles.length * win.rowHeight}px`, paddingBlockStart: `${from * win.rowHeight}px` } : undefined}
      >
        {articles.slice(from, to).map((a, n) => {
          const key = articleKey(a.publisherId, a.id);
          return (
            <Card
              key={key}
              article={a}
              state={reading.get(key)}
              checked={selected && onToggle ? selected.has(key) : undefined}
              onToggle={selected ? onToggle : undefined}
              setSize={partial ? articles.length : undefined}
              position={partial ? from + n + 1 : undefined}
            />
          );
        })}
      </ul>
      {!virtual && to < articles.length && <div ref={growing.sentinel} class="articles__more" aria-hidden="true" />}
    </>
  );
}

/** The mark an article not signed by a publisher this app trusts carries wherever it is listed. */
export function UnverifiedTag({ article }: { article: ArticleRecord }) {
  const { t } = useI18n();
  return article.trust === 'verified' ? null : <span class="tag tag--warn">{t.unverifiedShort}</span>;
}

/** The link to a stored article (its publisher named when not the site's own). */
export const linkTo = (a: ArticleRecord): string => articleHref(a.id, a.publisherId === site.publisher.id ? undefined : a.publisherId);
