/**
 * Search as you type: keeps the index current, posts each query from the keystroke itself, and pages
 * through results. Only the results list re-renders when they arrive.
 */
import { useEffect, useState } from 'preact/hooks';
import { useSharedPart } from './shared-value';
import type { SearchHit } from '../platform/search-client';
import type { IndexProgress } from '../platform/deferred';
import type { ArticleRecord } from '../storage/db';
import { soon } from '../platform/soon';

/** Results shown at once, and added by each "show more": what a screen holds, so a keystroke renders little. */
export const SEARCH_PAGE = 20;

export interface SearchState {
  /** The query the hits belong to (typing may already be further). */
  query: string;
  /** The first results, best first; more come with showMore. */
  hits: SearchHit[];
  /** How many articles match in all. */
  total: number;
  pending: boolean;
  /**
   * Whether results show in place of the library list: from the first answer, or once a query has
   * taken LOADING_DELAY (then as "Loading…"). A quick answer swaps the list for results in one paint.
   */
  shown: boolean;
  /** Set when the results came from an index still being built: how much of the library it held. */
  indexing?: IndexProgress;
}

const EMPTY: SearchState = { query: '', hits: [], total: 0, pending: false, shown: false };
/** How long a first query may take before "Loading…" replaces the list (quicker ones never flash it). */
export const LOADING_DELAY = 80;

type SearchModule = typeof import('../platform/deferred');
// The search module (and its worker) loads once the library is drawn, and once.
let searchModule: Promise<SearchModule> | undefined;
let loaded: SearchModule | undefined;
const loadSearch = (): Promise<SearchModule> =>
  (searchModule ??= import('../platform/deferred').then(
    (m) => (loaded = m),
    (err: unknown) => {
      // Tried again on the next keystroke.
      searchModule = undefined;
      throw err;
    },
  ));

/** One search box's queries and their results. */
export class SearchSession {
  // Declared, and set in the constructor: fields with values are compiled for old browsers to a helper that would be one
  // more file in what index.html loads (see BundleError in core/errors.ts).
  declare state: SearchState;
  declare private readonly listeners: Set<() => void>;
  declare private ticket: number;
  declare private reveal: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.state = EMPTY;
    this.listeners = new Set();
    this.ticket = 0;
  }

  private set(next: SearchState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  // Only the newest request settles the state: an older one answering late is dropped.
  private run(q: string, before: SearchHit[], limit = SEARCH_PAGE): void {
    const ticket = ++this.ticket;
    const ask = (m: SearchModule) => m.searchLibrary(q, before.length, limit);
    // With the module here, the query reaches the worker before the page renders, so both run at once.
    (loaded ? ask(loaded) : loadSearch().then(ask))
      .then((page) => {
        if (ticket !== this.ticket) return;
        this.settle({ query: q, hits: [...before, ...page.hits], total: page.total, indexing: page.indexing });
        // Results from a partial index are asked again, as many as are shown, as the index grows and once it is complete.
        if (page.indexing)
          void loaded?.whenIndexed(page.indexing).then(() => {
            if (ticket === this.ticket) this.run(q, [], Math.max(SEARCH_PAGE, this.state.hits.length));
          });
      })
      .catch(() => {
        if (ticket === this.ticket) this.settle({ query: q, hits: before, total: before.length });
      });
  }

  private settle(result: Pick<SearchState, 'query' | 'hits' | 'total' | 'indexing'>): void {
    clearTimeout(this.reveal);
    this.set({ ...result, pending: false, shown: true });
  }

  /** What the box holds now (called from its input event). */
  setQuery(value: string): void {
    const q = value.trim();
    clearTimeout(this.reveal);
    if (!q) {
      this.ticket++;
      this.set(EMPTY);
      return;
    }
    this.run(q, []);
    this.set({ ...this.state, pending: true });
    if (!this.state.shown) {
      this.reveal = setTimeout(() => {
        if (this.state.pending) this.set({ ...this.state, shown: true });
      }, LOADING_DELAY);
    }
  }

  /** Adds the next SEARCH_PAGE results. */
  showMore(): void {
    const s = this.state;
    if (s.pending || s.hits.length >= s.total) return;
    this.run(s.query, s.hits);
    this.set({ ...s, pending: true });
  }

  /** The state now. */
  get(): SearchState {
    return this.state;
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A search session that lasts while the app is open: the query and its results outlive the library view. */
export function useSearchSession(): SearchSession {
  return useState(() => new SearchSession())[0];
}

/**
 * Opens the index and keeps it in step with the library, while the caller (the library view) is on the page: an
 * article opened first (a shared link, "Continue reading") or read during a first visit's sync pays for no search.
 */
export function useSearchIndex(articles: ArticleRecord[]): void {
  // The worker starts on the stored index at once, while the list is still being read: a reader who opens the app to
  // look something up finds the index ready (it loads in the worker's thread, not the page's).
  useEffect(
    () =>
      soon(
        () =>
          void loadSearch()
            .then((m) => m.openSearchIndex())
            .catch(() => undefined),
      ),
    [],
  );
  useEffect(() => {
    // Once the list is drawn, the index is brought in step with it (only changed articles are read; the same list
    // again, on each return to the library, costs nothing).
    if (articles.length)
      void loadSearch()
        .then((m) => m.ensureIndexed(articles))
        .catch(() => undefined);
  }, [articles]);
}

const whole = (s: SearchState): SearchState => s;
const isShown = (s: SearchState): boolean => s.shown;

/** The session's results, re-rendering only the component that shows them. */
export function useSearchState(session: SearchSession): SearchState {
  return useSharedPart(session, whole);
}

/** Whether results replace the library list: re-renders the caller only when that flips, not on every keystroke. */
export function useSearchShown(session: SearchSession): boolean {
  return useSharedPart(session, isShown);
}
