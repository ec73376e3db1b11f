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
  const [left] = useState({ href: '#/', y: 0 });
  // Written while rendering the route that replaced the library, so its "Back to library" already has the address.
  if (from?.name === 'library' && route.name !== 'library') Object.assign(left, { href: libraryHref(from), y: fromY });
  // Back to another list than the one left (the site's name, a link to a section): the rows the list had and its place
  // are not this one's, and rendering them (up to VIRTUAL_FROM cards) would be paid for nothing. Before the list renders.
  if (route.name === 'library' && from && from.name !== 'library' && libraryHref(route) !== left.href) {
    Object.assign(left, { href: libraryHref(route), y: 0 });
    Object.assign(list, { rows: 0, range: undefined });
  }

  useLayoutEffect(() => {
    if (route.name !== 'library' || !from || from.name === 'library') return;
    // 'instant': the page's smooth scrolling would run through the whole list.
    scrollTo({ top: left.y, behavior: 'instant' });
    if (from.name === 'article') focusLinkTo(articleHref(from.id, from.publisherId));
  }, [nav]);

  return { view, back: left.href };
}
