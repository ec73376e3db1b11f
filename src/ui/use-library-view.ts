/** The library as the reader left it: its filter, search, list and place, kept while an article or Settings replaces it. */
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { useSearchSession, type SearchSession } from './use-search';
import { articleHref, libraryHref, type Navigation } from './use-route';
import type { Filter } from './library-query';
import type { ListMemory } from './ArticleList';

/** What the library view shows beyond its address, held above it so that leaving the library loses none of it. */
export interface LibraryViewState {
  filter: Filter;
  setFilter: (filter: Filter) => void;
  /** The search box's query and its results. */
  search: SearchSession;
  /** The rows the list had rendered. */
  list: ListMemory;
}

/** Focuses a link to the article just read (the one on screen, if the library shows it twice), else the main region. */
function focusLinkTo(href: string): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>(`.library a[href="${href}"]`)].filter((a) => !a.closest('[hidden]'));
  const onScreen = (a: Element) => {
    const box = a.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  };
  const link = links.find(onScreen) ?? links[0];
  // Scrolled to only if it is off screen: "Next" may have led further down the list than where the reader left it.
  if (link) link.focus();
  else document.getElementById('main')?.focus({ preventScroll: true });
}

/** The cards of the list shown: the search results', or the library's when they do not hide it. */
const cards = () => [...document.querySelectorAll<HTMLElement>('.library :not([hidden])>.articles>li')];

/**
 * The library view's state, kept across routes, and the way back to the library (its address as last shown). Coming
 * back, the list is scrolled to where it was left and the article just read has the focus.
 */
export function useLibraryView(nav: Navigation): { view: LibraryViewState; back: string } {
  const [filter, setFilter] = useState<Filter>('all');
  const search = useSearchSession();
  const [list] = useState<ListMemory>(() => ({ rows: 0 }));
  const view = useMemo(() => ({ filter, setFilter, search, list }), [filter, search, list]);

  const { route, from, fromY } = nav;
  // `at`, `end`: the card at the top of the screen (the first that ends on it), and how far down the window it ended.
  const [left] = useState({ href: '#/', y: 0, at: 0, end: 0 });
  // Written while rendering the route that replaced the library, so its "Back to library" already has the address. The
  // card at the top is found at the first such render, while the list is still in the page (later ones find no card).
  if (from?.name === 'library' && route.name !== 'library') {
    Object.assign(left, { href: libraryHref(from), y: fromY });
    const shown = cards();
    // The first card that ends on screen, in a few measurements (not one for each of the hundreds above it).
    let [at, past] = [0, shown.length];
    while (at < past) {
      const mid = (at + past) >> 1;
      if (shown[mid]!.getBoundingClientRect().bottom < 0) at = mid + 1;
      else past = mid;
    }
    // None ends on screen (the page scrolled past the list): no anchor, not the one of an earlier visit.
    if (shown.length) Object.assign(left, { at, end: shown[at]?.getBoundingClientRect().bottom ?? 0 });
  }
  // Back to another list than the one left (the site's name, a link to a section): the rows the list had and its place
  // are not this one's, and rendering them (up to VIRTUAL_FROM cards) would be paid for nothing. Before the list renders.
  if (route.name === 'library' && from && from.name !== 'library' && libraryHref(route) !== left.href) {
    Object.assign(left, { href: libraryHref(route), y: 0 });
    Object.assign(list, { rows: 0, range: undefined });
  }

  useLayoutEffect(() => {
    if (route.name !== 'library' || !from || from.name === 'library') return;
    // A card content-visibility skips counts at an estimated height (styles.css) until the next rendering lays out those
    // near the screen, after this. The cards around the one that was at the top are laid out now (a screen and the
    // browser's margin each way), so it lands exactly where it was and none near it changes height after the first frame;
    // those further up stay estimated, off screen. At the top, the top stays (not a card pushed down by "Continue reading").
    const shown = cards();
    const { at } = left;
    for (const card of shown.slice(at > 20 ? at - 20 : 0, at + 20)) card.style.contentVisibility = 'visible';
    // A card with no box (nothing laid out: not shown) cannot anchor: the offset left is restored as it was.
    const box = shown[at]?.getBoundingClientRect();
    // 'instant': the page's smooth scrolling would run through the whole list.
    scrollTo({ top: box?.height && left.y ? box.bottom + scrollY - left.end : left.y, behavior: 'instant' });
    if (from.name === 'article') focusLinkTo(articleHref(from.id, from.publisherId));
  }, [nav]);

  return { view, back: left.href };
}
