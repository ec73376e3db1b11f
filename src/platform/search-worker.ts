/** The search worker: holds the search index off the main thread and answers the page's SearchRequests. */
import {
  addDocuments,
  countDocuments,
  createSearchIndex,
  loadIndex,
  removeDocument,
  searchHits,
  serializeIndex,
  type SearchRequest,
  type SearchResponse,
} from '../core/search';

// The page tsconfig has DOM types, not worker types: name just what this worker uses.
const scope = self as unknown as {
  postMessage(message: SearchResponse): void;
  onmessage: ((event: MessageEvent<SearchRequest>) => void) | null;
};

type QueryRequest = Extract<SearchRequest, { type: 'query' }>;

let index = createSearchIndex();
let waiting: QueryRequest | null = null;

function post(message: SearchResponse): void {
  scope.postMessage(message);
}

// Runs only the newest of the queries that arrived while the worker was busy: typing fast
// queues one query per keystroke, and all but the last would be thrown away by the page.
function runWaitingQuery(): void {
  const req = waiting;
  waiting = null;
  if (!req) return;
  try {
    post({ type: 'results', id: req.id, hits: searchHits(index, req.q, req.limit) });
  } catch {
    post({ type: 'error', id: req.id, message: 'The search failed.' });
  }
}

function handle(req: Exclude<SearchRequest, QueryRequest>): SearchResponse {
  switch (req.type) {
    case 'load': {
      const loaded = req.serialized === undefined ? createSearchIndex() : loadIndex(req.serialized);
      index = loaded ?? createSearchIndex();
      return { type: 'loaded', id: req.id, ok: loaded !== null, count: countDocuments(index) };
    }
    case 'add':
      addDocuments(index, req.docs);
      return { type: 'done', id: req.id, count: countDocuments(index) };
    case 'remove':
      for (const key of req.keys) removeDocument(index, key);
      return { type: 'done', id: req.id, count: countDocuments(index) };
    case 'serialize':
      return { type: 'serialized', id: req.id, data: serializeIndex(index) };
  }
}

const FAILURES: Record<Exclude<SearchRequest, QueryRequest>['type'], string> = {
  load: 'The search index could not be loaded.',
  add: 'Articles could not be added to the search index.',
  remove: 'Articles could not be removed from the search index.',
  serialize: 'The search index could not be saved.',
};

scope.onmessage = (event: MessageEvent<SearchRequest>) => {
  const req = event.data;
  if (req.type === 'query') {
    if (waiting) post({ type: 'results', id: waiting.id, hits: [], stale: true });
    else setTimeout(runWaitingQuery, 0);
    waiting = req;
    return;
  }
  try {
    post(handle(req));
  } catch {
    post({ type: 'error', id: req.id, message: FAILURES[req.type] });
  }
};
