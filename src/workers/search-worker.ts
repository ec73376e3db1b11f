/** The search worker's calls: hold the search index off the main thread, load and store it, and answer the page's queries (SearchSpec). */
import type { Failure } from '../core/errors';
import { htmlToText } from '../core/html-text';
import { serveRpc } from '../core/rpc';
import {
  BODY_INDEX_CHARS,
  addDocuments,
  countDocuments,
  createSearchIndex,
  loadIndex,
  removeDocument,
  searchPage,
  serializeIndex,
  warmUpQueries,
  type SearchIndex,
  type SearchSpec,
} from '../core/search';
import { loadSearchIndex, saveSearchIndex } from '../storage/search-store';
import { getBodies } from '../storage/library-store';

type Query = { arg: SearchSpec['query']['arg']; resolve: (r: SearchSpec['query']['result']) => void; reject: (e: unknown) => void };

let index = createSearchIndex();
/**
 * Which version of each article the index holds, by key: kept here, not by the page, so what is saved beside the index
 * is exactly what it holds, whenever the save comes between adds.
 */
let versions = new Map<string, string>();
/** Counts the changes to the index (loads, adds, removes): a packed copy stands for the index while none came after it. */
let changes = 0;
let waiting: Query | null = null;
/** Settles when the last load is over: queries after it wait for it, so they see its index. */
let loading: Promise<unknown> = Promise.resolve();
/** Settles when every call but queries that arrived so far is over: they run one at a time, in order. */
let requests: Promise<unknown> = Promise.resolve();
/** Warm-up queries still to run (see warmUpQueries); dropped once the reader starts typing. */
let warming: string[] = [];

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
  const query = waiting;
  waiting = null;
  if (!query) return;
  try {
    query.resolve(searchPage(index, query.arg.q, query.arg.offset, query.arg.limit));
  } catch (err) {
    query.reject(err);
  }
}

/**
 * Articles indexed in one go. The page adds 200 per call, which at 10,000 articles kept the worker busy for some 300 ms
 * on this machine (MiniSearch's insert slows as the index grows), and a query typed meanwhile waited for all of it.
 */
const ADD_STEP = 25;
/** Made on the first add that takes more than one step (this bundle also runs as the import worker, which never adds). */
let yielding: MessageChannel | undefined;

/**
 * Lets the messages that came during a step in (a query among them), then answers the newest query at once. A message
 * through a channel is not clamped as a nested timer is, and it queues behind the page's messages already waiting.
 */
function answerWaitingQuery(): Promise<void> {
  const channel = (yielding ??= new MessageChannel());
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      runWaitingQuery();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Runs `run` after every call before it (an add waits for its bodies); what it returns settles the call. */
function inOrder<T>(run: () => Promise<T>): Promise<T> {
  const done = requests.then(run);
  requests = done.catch(() => undefined);
  return done;
}

const FAILURES: Record<keyof SearchSpec, string> = {
  load: 'The search index could not be loaded.',
  add: 'Articles could not be added to the search index.',
  remove: 'Articles could not be removed from the search index.',
  query: 'The search failed.',
  save: 'The search index could not be saved.',
};

/** Every search failure is a bug or a storage failure: its stack goes to the console, the page gets one sentence. */
function toFailure(err: unknown, method: keyof SearchSpec): Failure {
  console.error(`${FAILURES[method]}`, err);
  return { code: 'unexpected', message: FAILURES[method] };
}

/** The stored index, unpacked, with the article versions it covers; no index (none stored, or damaged) covers none. */
async function readStoredIndex(): Promise<{ found: SearchIndex | null; docs: [string, string][] }> {
  const stored = await loadSearchIndex();
  const found = stored ? loadIndex(stored.index) : null;
  return { found, docs: found && stored ? stored.docs : [] };
}

/** Answers the page's search calls (SearchSpec) on this worker's messages. */
export function serveSearch(): void {
  // The stored index is read and unpacked as soon as the worker starts (the page starts it with the app, and opens the
  // index right after its first paint): a reader who searches the moment the list shows waits for neither.
  let prefetched: ReturnType<typeof readStoredIndex> | undefined = readStoredIndex();
  prefetched.catch(() => undefined);
  serveRpc<SearchSpec>(
    self,
    {
      load() {
        const loaded = inOrder(async () => {
          // Read here, not on the page: the megabytes of a large library never touch the main thread.
          const { found, docs } = await (prefetched ?? readStoredIndex()).catch(() => ({ found: null, docs: [] }));
          prefetched = undefined;
          index = found ?? createSearchIndex();
          changes++;
          versions = new Map(docs);
          warming = found ? warmUpQueries(index) : [];
          setTimeout(warmUpStep, 0);
          return docs;
        });
        loading = loaded.catch(() => undefined);
        return loaded;
      },
      add(docs) {
        return inOrder(async () => {
          // Bodies are read and their text extracted here, not on the page: a first visit adds thousands of them.
          const bodies = await getBodies(docs.map((d): [string, string] => [d.publisherId, d.id]));
          for (let start = 0; start < docs.length; start += ADD_STEP) {
            // A query that came meanwhile is answered between two steps: it waits for one step, not for the whole call.
            if (start > 0) await answerWaitingQuery();
            changes++;
            addDocuments(
              index,
              docs
                .slice(start, start + ADD_STEP)
                // Only the text the index keeps (the rest would be cut at BODY_INDEX_CHARS anyway): a long body costs its start.
                .map(({ publisherId: _p, id: _i, version: _v, ...doc }, i) => ({
                  ...doc,
                  body: htmlToText(bodies[start + i] ?? '', BODY_INDEX_CHARS),
                })),
            );
          }
          for (const d of docs) versions.set(d.key, d.version);
          return countDocuments(index);
        });
      },
      remove(keys) {
        return inOrder(async () => {
          changes++;
          for (const key of keys) {
            removeDocument(index, key);
            versions.delete(key);
          }
          return countDocuments(index);
        });
      },
      query(arg) {
        warming = [];
        return new Promise((resolve, reject) => {
          if (waiting) waiting.resolve({ hits: [], total: 0, stale: true });
          else void loading.then(() => setTimeout(runWaitingQuery, 0));
          waiting = { arg, resolve, reject };
        });
      },
      save() {
        // Packs the index at once, in its turn (what it stores is what the calls before it made), then writes while later
        // calls run.
        return new Promise((resolve, reject) => {
          requests = requests
            .then(() => {
              const packed = serializeIndex(index);
              const packedAt = changes;
              saveSearchIndex({ index: packed, docs: [...versions] }).then(() => {
                // A built index takes several times the memory of its packed copy (some 145 MB against 25 at 20,000
                // articles), all of it kept for the session: once saved with no change since, search goes on from the
                // copy, as it does after a restart. A later add or remove works on it as on a stored index.
                if (changes === packedAt) index = loadIndex(packed) ?? index;
                resolve(countDocuments(index));
              }, reject);
            })
            .catch(reject);
        });
      },
    },
    toFailure,
  );
}
