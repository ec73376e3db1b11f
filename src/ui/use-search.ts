/** Search as you type: keeps the index current and returns hits for the latest query. */
import { useEffect, useState } from 'preact/hooks';
import type { SearchHit } from '../platform/search-client';
import type { ArticleRecord } from '../storage/db';

export interface SearchState {
  query: string;
  hits: SearchHit[];
  pending: boolean;
}

export function useSearch(articles: ArticleRecord[], query: string): SearchState {
  const [state, setState] = useState<SearchState>({ query: '', hits: [], pending: false });
  useEffect(() => {
    // The index loads after the first paint; the search module is fetched then, not before.
    if (articles.length) void import('../platform/search-index').then((m) => m.ensureIndexed(articles));
  }, [articles]);
  useEffect(() => {
    const q = query.trim();
    if (!q) { setState({ query: '', hits: [], pending: false }); return; }
    let live = true;
    setState((s) => ({ ...s, pending: true }));
    void import('../platform/search-index').then((m) => m.searchLibrary(q)).then((hits) => { if (live) setState({ query: q, hits, pending: false }); })
      .catch(() => { if (live) setState({ query: q, hits: [], pending: false }); });
    return () => { live = false; };
  }, [query]);
  return state;
}
