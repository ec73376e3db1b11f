/** The offline full-text search index (MiniSearch with the project's Persian-aware tokenizer) and the search worker's messages. */

import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import { NORMALIZE_VERSION } from './normalize';
import { makeSnippet, type Snippet } from './snippet';
import { tokenize, tokenizeQuery, type QueryGroup } from './tokenize';

/** One article as the index sees it. */
export interface SearchDoc {
  /** publisherId + '/' + article id. */
  key: string;
  title: string;
  summary: string;
  /** Tags as a list, or as one string of words. */
  tags: readonly string[] | string;
  /** Plain text of the body (see htmlToText). */
  body: string;
  lang: string;
}

/** Fields a query can match, in ranking order. */
export type SearchField = 'title' | 'tags' | 'summary' | 'body';

/** A ranked match: `terms` are the indexed terms it matched (for highlighting). */
export interface SearchResultRef {
  key: string;
  score: number;
  terms: string[];
}

/** A result ready for the UI. */
export interface SearchHit {
  key: string;
  score: number;
  /** The highest-ranked field the query matched in. */
  field: SearchField;
  /** The whole title with matches highlighted. */
  title: Snippet;
  /** Summary or body text around the first match (start of the text when only the title matched). */
  snippet: Snippet;
  lang: string;
}

/** The index: opaque outside this module. */
export interface SearchIndex {
  readonly mini: MiniSearch<SearchDoc>;
  /** What results show, kept beside MiniSearch so ranking does not copy it for every match. */
  readonly stored: Map<string, StoredDoc>;
}

interface StoredDoc {
  title: string;
  summary: string;
  /** The start of the body, for snippets. */
  excerpt: string;
  lang: string;
}

/** Page -> search worker. Every request carries an id that its reply repeats. */
export type SearchRequest =
  | { type: 'load'; id: number; serialized?: string }
  | { type: 'add'; id: number; docs: SearchDoc[] }
  | { type: 'remove'; id: number; keys: string[] }
  | { type: 'query'; id: number; q: string; limit: number }
  | { type: 'serialize'; id: number };

/** Search worker -> page. */
export type SearchResponse =
  | { type: 'loaded'; id: number; ok: boolean; count: number }
  | { type: 'done'; id: number; count: number }
  | { type: 'results'; id: number; hits: SearchHit[]; stale?: boolean }
  | { type: 'serialized'; id: number; data: string }
  | { type: 'error'; id: number; message: string };

const FORMAT = 'offline-reader/search';
// Bump when fields, stored data or tokenizer options change.
const INDEX_VERSION = 1;
const FIELDS: SearchField[] = ['title', 'tags', 'summary', 'body'];
const BOOST: Record<SearchField, number> = { title: 6, tags: 3, summary: 2, body: 1 };
/** Body characters kept for snippets (a match further in still ranks; its snippet shows the start). */
export const SNIPPET_SOURCE_CHARS = 600;
/** Body characters indexed: longer articles are cut here to keep the index small and queries fast. */
export const BODY_INDEX_CHARS = 20_000;
// Fuzzy only pays off for longer terms; short ones would match half the vocabulary.
const FUZZY_MIN = 4;
const FUZZINESS = 0.2;
const MAX_FUZZY = 1;
/**
 * Most postings one query may visit through prefix and fuzzy expansion. MiniSearch spends a few
 * microseconds per posting, and a short prefix ("م", "th") expands to thousands of words: past
 * this budget a term expands only in the smaller fields (title first) and matches whole words in
 * the rest. This is what keeps every keystroke fast at 10,000 articles.
 */
export const EXPANSION_BUDGET = 2500;
/**
 * A word in more bodies than this ("و", "the") says little and costs a lot to rank: next to rarer
 * words it is left out of the query; alone, it is looked for in titles and tags only.
 */
export const COMMON_TERM_DOCS = 1500;

type FieldTermData = Map<number, Map<number, number>>;
// MiniSearch keeps these `protected` for subclasses; reading them spares a second vocabulary.
interface MiniSearchInternals {
  _index: SearchableMap<FieldTermData>;
  _fieldIds: Record<string, number>;
}

function extractField(doc: SearchDoc, field: string): string {
  switch (field) {
    case 'key':
      return doc.key;
    case 'title':
      return doc.title;
    case 'tags':
      return typeof doc.tags === 'string' ? doc.tags : doc.tags.join('\n');
    case 'summary':
      return doc.summary;
    case 'body':
      return doc.body.length > BODY_INDEX_CHARS ? doc.body.slice(0, BODY_INDEX_CHARS) : doc.body;
    default:
      return '';
  }
}

const OPTIONS: Options<SearchDoc> = {
  idField: 'key',
  fields: FIELDS,
  extractField: extractField as Options<SearchDoc>['extractField'],
  tokenize: (text) => tokenize(text),
  processTerm: (t) => t,
  searchOptions: {
    boost: BOOST,
    maxFuzzy: MAX_FUZZY,
    weights: { fuzzy: 0.3, prefix: 0.5 },
    // Queries reach MiniSearch already tokenized and normalised (see toQuery).
    tokenize: (q) => [q],
    processTerm: (t) => t,
  },
};

/** An empty index. */
export function createSearchIndex(): SearchIndex {
  return { mini: new MiniSearch<SearchDoc>(OPTIONS), stored: new Map() };
}

/** Adds documents, replacing any already indexed under the same key. */
export function addDocuments(index: SearchIndex, docs: readonly SearchDoc[]): void {
  for (const doc of docs) {
    if (index.mini.has(doc.key)) index.mini.discard(doc.key);
    index.mini.add(doc);
    index.stored.set(doc.key, {
      title: doc.title,
      summary: doc.summary,
      excerpt: doc.body.slice(0, SNIPPET_SOURCE_CHARS),
      lang: doc.lang,
    });
  }
}

/** Removes a document if present. */
export function removeDocument(index: SearchIndex, key: string): void {
  if (index.mini.has(key)) index.mini.discard(key);
  index.stored.delete(key);
}

/** How many documents the index holds. */
export function countDocuments(index: SearchIndex): number {
  return index.mini.documentCount;
}

function internals(index: SearchIndex): { vocabulary: SearchableMap<FieldTermData>; fieldIds: number[] } {
  const { _index: vocabulary, _fieldIds: ids } = index.mini as unknown as MiniSearchInternals;
  return { vocabulary, fieldIds: FIELDS.map((f) => ids[f] ?? -1) };
}

/** How many leading fields (in FIELDS order) can take these expansions within the budget. */
function affordableFields(
  expansions: Iterable<[string, FieldTermData | [FieldTermData, number]]>,
  term: string,
  fieldIds: number[],
  fields: number,
  budget: number,
): number {
  const cost = fieldIds.map(() => 0);
  let allowed = fields;
  for (const [word, value] of expansions) {
    if (word === term) continue;
    const data = Array.isArray(value) ? value[0] : value;
    let total = 0;
    for (let i = 0; i < allowed; i++) total += cost[i]! += data.get(fieldIds[i]!)?.size ?? 0;
    while (allowed > 0 && total > budget) total -= cost[--allowed]!;
    if (allowed === 0) break;
  }
  return allowed;
}

function bodyDocs(index: SearchIndex, term: string): number {
  const { vocabulary, fieldIds } = internals(index);
  return vocabulary.get(term)?.get(fieldIds[FIELDS.indexOf('body')]!)?.size ?? 0;
}

// One term as MiniSearch subqueries: each field gets prefix and fuzzy matching while affordable.
function termQuery(index: SearchIndex, term: string, fields: number, budget: number): Query {
  const { vocabulary, fieldIds } = internals(index);
  const prefixFields = affordableFields(vocabulary.atPrefix(term), term, fieldIds, fields, budget / 2);
  const distance = term.length >= FUZZY_MIN ? Math.min(MAX_FUZZY, Math.round(term.length * FUZZINESS)) : 0;
  const fuzzyFields =
    distance > 0 ? affordableFields(vocabulary.fuzzyGet(term, distance), term, fieldIds, fields, budget / 2) : 0;
  const parts: Query[] = [];
  for (let i = 0; i < fields; ) {
    const prefix = i < prefixFields;
    const fuzzy = i < fuzzyFields ? distance : false;
    let j = i + 1;
    while (j < fields && j < prefixFields === prefix && (j < fuzzyFields ? distance : false) === fuzzy) j++;
    parts.push({ queries: [term], fields: FIELDS.slice(i, j), prefix, fuzzy });
    i = j;
  }
  return parts.length === 1 ? parts[0]! : { combineWith: 'OR', queries: parts };
}

function toQuery(index: SearchIndex, groups: QueryGroup[], combineWith: 'AND' | 'OR'): Query {
  const isCommon = (g: QueryGroup): boolean =>
    g.length === 1 && g[0]!.length === 1 && bodyDocs(index, g[0]![0]!) > COMMON_TERM_DOCS;
  const rare = groups.filter((g) => !isCommon(g));
  // Only common words: look for them where they are few, in titles and tags.
  const fields = rare.length === 0 ? 2 : FIELDS.length;
  const kept = rare.length === 0 ? groups : rare;
  const terms = kept.reduce((n, g) => n + g.reduce((m, alt) => m + alt.length, 0), 0);
  const budget = EXPANSION_BUDGET / terms;
  const alt = (words: string[]): Query =>
    words.length === 1
      ? termQuery(index, words[0]!, fields, budget)
      : { combineWith: 'AND', queries: words.map((w) => termQuery(index, w, fields, budget)) };
  return {
    combineWith,
    queries: kept.map((g) => (g.length === 1 ? alt(g[0]!) : { combineWith: 'OR', queries: g.map(alt) })),
  };
}

function run(index: SearchIndex, query: string): SearchResult[] {
  const groups = tokenizeQuery(query);
  if (groups.length === 0) return [];
  const all = index.mini.search(toQuery(index, groups, 'AND'));
  if (all.length > 0 || groups.length === 1) return all;
  // Nothing has every word: show what has some of them, best first.
  return index.mini.search(toQuery(index, groups, 'OR'));
}

/** The best `limit` matches for a query typed by a person (prefix, fuzzy, all words or else any). */
export function searchIndex(index: SearchIndex, query: string, limit = 20): SearchResultRef[] {
  return run(index, query)
    .slice(0, limit)
    .map((r) => ({ key: r.id as string, score: r.score, terms: r.terms }));
}

function bestField(result: SearchResult): SearchField {
  const fields = new Set(Object.values(result.match).flat());
  return FIELDS.find((f) => fields.has(f)) ?? 'body';
}

/** Like searchIndex, with titles and snippets highlighted for display. */
export function searchHits(index: SearchIndex, query: string, limit = 20, snippetLength = 160): SearchHit[] {
  return run(index, query)
    .slice(0, limit)
    .map((r) => {
      const key = r.id as string;
      const doc = index.stored.get(key) ?? { title: '', summary: '', excerpt: '', lang: '' };
      let snippet = makeSnippet(doc.excerpt, r.terms, snippetLength);
      if (snippet.highlights.length === 0 && doc.summary !== '') {
        snippet = makeSnippet(doc.summary, r.terms, snippetLength);
      }
      return {
        key,
        score: r.score,
        field: bestField(r),
        title: makeSnippet(doc.title, r.terms, Math.max(doc.title.length, 1)),
        snippet,
        lang: doc.lang,
      };
    });
}

/** The index as text, to keep in IndexedDB and load on the next start. */
export function serializeIndex(index: SearchIndex): string {
  const stored = JSON.stringify([...index.stored]);
  return `${FORMAT} ${INDEX_VERSION} ${NORMALIZE_VERSION}\n${stored}\n${JSON.stringify(index.mini)}`;
}

/** An index from serializeIndex output, or null when it is from another version or damaged (rebuild it). */
export function loadIndex(serialized: string): SearchIndex | null {
  const head = serialized.indexOf('\n');
  const split = serialized.indexOf('\n', head + 1);
  if (head < 0 || split < 0 || serialized.slice(0, head) !== `${FORMAT} ${INDEX_VERSION} ${NORMALIZE_VERSION}`) {
    return null;
  }
  try {
    const stored = new Map<string, StoredDoc>(JSON.parse(serialized.slice(head + 1, split)) as [string, StoredDoc][]);
    const mini = MiniSearch.loadJSON<SearchDoc>(serialized.slice(split + 1), OPTIONS);
    return { mini, stored };
  } catch {
    return null;
  }
}
