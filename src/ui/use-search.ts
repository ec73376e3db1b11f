/** Search as you type: keeps the index current and returns hits for the latest query. */
import { useEffect, useState } from 'preact/hooks';
import { ensureIndexed, searchLibrary } from '../platform/search-index';
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
    if (articles.length) void ensureIndexed(articles);
  }, [articles]);
  useEffect(() => {
    const q = query.trim();
    if (!q) { setState({ query: '', hits: [], pending: false }); return; }
    let live = true;
    setState((s) => ({ ...s, pending: true }));
    void searchLibrary(q).then((hits) => { if (live) setState({ query: q, hits, pending: false }); })
      .catch(() => { if (live) setState({ query: q, hits: [], pending: false }); });
    return () => { live = false; };
  }, [query]);
  return state;
}
