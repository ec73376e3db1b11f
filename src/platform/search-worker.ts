/** The search worker: holds the search index off the main thread, loads and stores it, and answers the page's SearchRequests. */
import { htmlToText } from '../core/html-text';
import {
  addDocuments,
  countDocuments,
  createSearchIndex,
  isLegacyIndex,
  loadIndex,
  removeDocument,
  searchPage,
  serializeIndex,
  warmUpQueries,
  type SearchRequest,
  type SearchResponse,
} from '../core/search';
import { loadSearchIndex, saveSearchIndex } from '../storage/search-store';
import { getBodies } from '../storage/library-store';

// The page tsconfig has DOM types, not worker types: name just what this worker uses.
const scope = self as unknown as {
  postMessage(message: SearchResponse): void;
  onmessage: ((event: MessageEvent<SearchRequest>) => void) | null;
};

type QueryRequest = Extract<SearchRequest, { type: 'query' }>;
type LoadRequest = Extract<SearchRequest, { type: 'load' }>;
type SaveRequest = Extract<SearchRequest, { type: 'save' }>;
type OtherRequest = Exclude<SearchRequest, QueryRequest | LoadRequest | SaveRequest>;

let index = createSearchIndex();
let waiting: QueryRequest | null = null;
/** Settles when the last load is over: queries after it wait for it, so they see its index. */
let loading: Promise<unknown> = Promise.resolve();
/** Settles when every request but queries that arrived so far is over: they run one at a time, in order. */
let requests: Promise<unknown> = Promise.resolve();
/** Warm-up queries still to run (see warmUpQueries); dropped once the reader starts typing. */
let warming: string[] = [];

function post(message: SearchResponse): void {
  scope.postMessage(message);
}

function warmUpStep(): void {
  const q = warming.shift();
  if (q === undefined) return;
  try {
    searchPage(index, q, 0, 20);
  } catch {
    warming = [];
  }
  // One query per task, so a real request waits for one at most.
  setTimeout(warmUpStep, 0);
}

// Runs only the newest of the queries that arrived while the worker was busy: typing fast
// queues one query per keystroke, and all but the last would be thrown away by the page.
function runWaitingQuery(): void {
  const req = waiting;
  waiting = null;
  if (!req) return;
  try {
    post({ type: 'results', id: req.id, ...searchPage(index, req.q, req.offset, req.limit) });
  } catch {
    post({ type: 'error', id: req.id, message: 'The search failed.' });
  }
}

async function load(req: LoadRequest): Promise<void> {
  // Read here, not on the page: the megabytes of a large library never touch the main thread.
  const stored = await loadSearchIndex().catch(() => undefined);
  const loaded = stored ? loadIndex(stored.index) : null;
  index = loaded ?? createSearchIndex();
  post({ type: 'loaded', id: req.id, docs: loaded && stored ? stored.docs : [], legacy: loaded !== null && isLegacyIndex(stored?.index) });
  warming = loaded ? warmUpQueries(index) : [];
  setTimeout(warmUpStep, 0);
}

async function save(req: SaveRequest): Promise<void> {
  const packed = serializeIndex(index);
  await saveSearchIndex({ index: packed, docs: req.docs });
  post({ type: 'done', id: req.id, count: countDocuments(index) });
}

async function handle(req: OtherRequest): Promise<SearchResponse> {
  switch (req.type) {
    case 'add': {
      // Bodies are read and their text extracted here, not on the page: a first visit adds thousands of them.
      const bodies = await getBodies(req.docs.map((d): [string, string] => [d.publisherId, d.id]));
      addDocuments(
        index,
        req.docs.map(({ publisherId: _p, id: _i, ...doc }, i) => ({ ...doc, body: htmlToText(bodies[i] ?? '') })),
      );
      return { type: 'done', id: req.id, count: countDocuments(index) };
    }
    case 'remove':
      for (const key of req.keys) removeDocument(index, key);
      return { type: 'done', id: req.id, count: countDocuments(index) };
  }
}

const FAILURES: Record<Exclude<SearchRequest, QueryRequest>['type'], string> = {
  load: 'The search index could not be loaded.',
  add: 'Articles could not be added to the search index.',
  remove: 'Articles could not be removed from the search index.',
  save: 'The search index could not be saved.',
};

scope.onmessage = (event: MessageEvent<SearchRequest>) => {
  const req = event.data;
  if (req.type === 'query') {
    warming = [];
    if (waiting) post({ type: 'results', id: waiting.id, hits: [], total: 0, stale: true });
    else void loading.then(() => setTimeout(runWaitingQuery, 0));
    waiting = req;
    return;
  }
  const fail = (): void => post({ type: 'error', id: req.id, message: FAILURES[req.type] });
  if (req.type === 'load') {
    loading = requests = requests.then(() => load(req).catch(fail));
    return;
  }
  // One after another in arrival order, after any load before them (an add waits for its bodies). A save packs the
  // index at once (what it stores is what the requests before it made), then writes while later requests run.
  requests = requests.then(async () => {
    try {
      if (req.type === 'save') void save(req).catch(fail);
      else post(await handle(req));
    } catch {
      fail();
    }
  });
};
