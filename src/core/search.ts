/** The offline full-text search index (MiniSearch with the project's Persian-aware tokenizer) and the search worker's messages. */

import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import { NORMALIZE_VERSION } from './normalize';
import {
  TextTable,
  countPostings,
  packPostings,
  unpackPostings,
  type FieldTermData,
  type PackedPostings,
  type PackedTexts,
} from './search-pack';
import { makeSnippet, type Snippet } from './snippet';
import { bigramRuns, getSegmenter, isBigramTerm, tokenize, tokenizeQuery, type QueryGroup } from './tokenize';

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

/**
 * An article as the page hands it to the search worker: no body (the worker reads it from the library and extracts its
 * text); `version` is the article's sha256, which the worker saves beside the index (see IndexedVersions).
 */
export type SearchSource = Omit<SearchDoc, 'body'> & { publisherId: string; id: string; version: string };

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

/** One page of a query's results, and how many there are in all. */
export interface SearchPage {
  hits: SearchHit[];
  total: number;
}

/** The index: opaque outside this module. */
export interface SearchIndex {
  readonly mini: MiniSearch<SearchDoc>;
  /** What results show (see StoredDoc), kept beside MiniSearch so ranking does not copy it for every match. */
  readonly stored: TextTable;
  /** The last query's ranked results, so asking for its next page does not search again; dropped on any change. */
  last: { query: string; results: SearchResult[] } | null;
}

/**
 * The index as IndexedDB keeps it and workers pass it: typed arrays only, so storing, loading and
 * handing it between threads copies bytes instead of building millions of objects.
 */
export interface SerializedIndex {
  /** FORMAT, INDEX_VERSION and NORMALIZE_VERSION: an index from another version is rebuilt. */
  format: string;
  postings: PackedPostings;
  /** StoredDoc fields of every document, in `postings` id order. */
  stored: PackedTexts;
}

/** What a result shows of a document: title, summary, the start of the body (for snippets: see storedExcerpt), language. */
type StoredDoc = readonly [title: string, summary: string, excerpt: string, lang: string];
const STORED_FIELDS = 4;

/** [key, sha256] of every article an index holds: which versions it covers. */
export type IndexedVersions = [string, string][];

/**
 * The search worker's methods (see core/rpc.ts). The worker reads and writes the stored index itself, so its
 * megabytes never pass through the page. add, remove and save give the number of documents indexed.
 */
export type SearchSpec = {
  /** Load the stored index (or start empty when there is none, or it cannot be used): what it covers (empty when it was missing or unusable). */
  load: { arg: undefined; result: IndexedVersions };
  add: { arg: SearchSource[]; result: number };
  remove: { arg: string[]; result: number };
  /** `stale`: a newer query arrived before this one ran, which was dropped. */
  query: { arg: { q: string; offset: number; limit: number }; result: SearchPage & { stale?: boolean } };
  /** Store the index, with the article versions it covers (the worker's own account: what its adds and removes made). */
  save: { arg: undefined; result: number };
};

const FORMAT = 'offline-reader/search';
// Bump when fields, stored data or tokenizer options change. 3: the excerpt tells whether the body goes on.
const INDEX_VERSION = 3;
const FIELDS: SearchField[] = ['title', 'tags', 'summary', 'body'];
const BOOST: Record<SearchField, number> = { title: 6, tags: 3, summary: 2, body: 1 };
/** Body characters kept for snippets (a match further in still ranks; its snippet shows the start). */
export const SNIPPET_SOURCE_CHARS = 600;

const isHighSurrogate = (code: number): boolean => (code & 0xfc00) === 0xd800;

/**
 * The start of a body as stored for snippets: its first SNIPPET_SOURCE_CHARS characters and, when the body goes on,
 * the code point after them, which only says so (see readExcerpt). A surrogate pair is never cut.
 */
function storedExcerpt(body: string): string {
  if (body.length <= SNIPPET_SOURCE_CHARS) return body;
  return body.slice(0, SNIPPET_SOURCE_CHARS + (isHighSurrogate(body.charCodeAt(SNIPPET_SOURCE_CHARS)) ? 2 : 1));
}

/** The text a stored excerpt shows (cut between code points), and whether the body goes on past it. */
function readExcerpt(stored: string): { text: string; truncated: boolean } {
  if (stored.length <= SNIPPET_SOURCE_CHARS) return { text: stored, truncated: false };
  const cut = SNIPPET_SOURCE_CHARS - (isHighSurrogate(stored.charCodeAt(SNIPPET_SOURCE_CHARS - 1)) ? 1 : 0);
  return { text: stored.slice(0, cut), truncated: true };
}
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
 * words it is left out of the query; alone, it is looked for in titles and tags, and in every field
 * as a whole word only when no title or tag holds it. The same holds for a word typed with a joiner
 * or a particle whose every form is that common ("کتاب‌ها").
 */
export const COMMON_TERM_DOCS = 1500;

// MiniSearch keeps these `protected` for subclasses; reading them spares a second vocabulary.
interface MiniSearchInternals {
  _index: SearchableMap<FieldTermData>;
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, string>;
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
  return { mini: new MiniSearch<SearchDoc>(OPTIONS), stored: new TextTable(STORED_FIELDS), last: null };
}

/** Adds documents, replacing any already indexed under the same key. */
export function addDocuments(index: SearchIndex, docs: readonly SearchDoc[]): void {
  index.last = null;
  for (const doc of docs) {
    if (index.mini.has(doc.key)) index.mini.discard(doc.key);
    index.mini.add(doc);
    const stored: StoredDoc = [doc.title, doc.summary, storedExcerpt(doc.body), doc.lang];
    index.stored.set(doc.key, stored);
  }
}

/** Removes a document if present. */
export function removeDocument(index: SearchIndex, key: string): void {
  index.last = null;
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
    for (let i = 0; i < allowed; i++) total += cost[i]! += countPostings(data, fieldIds[i]!);
    while (allowed > 0 && total > budget) total -= cost[--allowed]!;
    if (allowed === 0) break;
  }
  return allowed;
}

function bodyDocs(index: SearchIndex, term: string): number {
  const { vocabulary, fieldIds } = internals(index);
  return countPostings(vocabulary.get(term), fieldIds[FIELDS.indexOf('body')]!);
}

// One term as MiniSearch subqueries: each field gets prefix and fuzzy matching while affordable.
function termQuery(index: SearchIndex, term: string, fields: number, budget: number): Query {
  const { vocabulary, fieldIds } = internals(index);
  const prefixFields = affordableFields(vocabulary.atPrefix(term), term, fieldIds, fields, budget / 2);
  // A bigram one edit away is another pair of characters altogether (and an astral pair is 4 UTF-16 units long).
  const distance = term.length >= FUZZY_MIN && !isBigramTerm(term) ? Math.min(MAX_FUZZY, Math.round(term.length * FUZZINESS)) : 0;
  const fuzzyFields = distance > 0 ? affordableFields(vocabulary.fuzzyGet(term, distance), term, fieldIds, fields, budget / 2) : 0;
  const parts: Query[] = [];
  for (let i = 0; i < fields;) {
    const prefix = i < prefixFields;
    const fuzzy = i < fuzzyFields ? distance : false;
    let j = i + 1;
    while (j < fields && j < prefixFields === prefix && (j < fuzzyFields ? distance : false) === fuzzy) j++;
    parts.push({ queries: [term], fields: FIELDS.slice(i, j), prefix, fuzzy });
    i = j;
  }
  return parts.length === 1 ? parts[0]! : { combineWith: 'OR', queries: parts };
}

/** The words a query looks for: rarer ones in every field or, when every word is common (`common`), all of them in titles and tags. */
interface QueryPlan {
  groups: QueryGroup[];
  common: boolean;
}

function planQuery(index: SearchIndex, groups: QueryGroup[]): QueryPlan {
  const allCommon = (alt: string[]): boolean => alt.every((t) => bodyDocs(index, t) > COMMON_TERM_DOCS);
  // Within a word, a form made only of common words goes when another form is rarer ("کتاب ها" is then
  // looked for joined only); a word whose every form is common is common, like "و".
  const trimmed = groups.map((g) => (g.some((alt) => !allCommon(alt)) ? g.filter((alt) => !allCommon(alt)) : g));
  const rare = trimmed.filter((g) => !g.every(allCommon));
  return rare.length === 0 ? { groups: trimmed, common: true } : { groups: rare, common: false };
}

/** The groups as a MiniSearch query, each of their terms made into a subquery by `term`. */
function toQuery(groups: QueryGroup[], combineWith: 'AND' | 'OR', term: (t: string) => Query): Query {
  const alt = (words: string[]): Query => (words.length === 1 ? term(words[0]!) : { combineWith: 'AND', queries: words.map(term) });
  return {
    combineWith,
    queries: groups.map((g) => (g.length === 1 ? alt(g[0]!) : { combineWith: 'OR', queries: g.map(alt) })),
  };
}

// A term as it is, in every field: what costs least where the postings are many.
const exactTerm = (t: string): Query => ({ queries: [t], fields: FIELDS, prefix: false, fuzzy: false });

function rank(index: SearchIndex, query: string): SearchResult[] {
  const groups = tokenizeQuery(query);
  if (groups.length === 0) return [];
  const plan = planQuery(index, groups);
  // Only common words: look for them where they are few, in titles and tags.
  const fields = plan.common ? 2 : FIELDS.length;
  const terms = plan.groups.reduce((n, g) => n + g.reduce((m, alt) => m + alt.length, 0), 0);
  const budget = EXPANSION_BUDGET / terms;
  const expanded = (t: string): Query => termQuery(index, t, fields, budget);
  const all = index.mini.search(toQuery(plan.groups, 'AND', expanded));
  if (all.length > 0) return all;
  // Nothing has every word: show what has some of them, best first.
  const any = groups.length === 1 ? all : index.mini.search(toQuery(plan.groups, 'OR', expanded));
  if (any.length > 0 || !plan.common) return any;
  // Common words no title or tag holds ("امروز" in every news story): the bodies too, as whole words only, so a
  // search that would have found nothing costs one pass over their postings.
  return index.mini.search(toQuery(plan.groups, 'AND', exactTerm));
}

function run(index: SearchIndex, query: string): SearchResult[] {
  if (index.last?.query !== query) index.last = { query, results: rank(index, query) };
  return index.last.results;
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

/** What a result's snippets mark: its matched terms, with the query's bigram pieces whole in place of their bigrams. */
function highlightTerms(r: SearchResult, runs: string[]): string[] {
  return runs.length === 0 ? r.terms : [...r.terms.filter((t) => !isBigramTerm(t)), ...runs];
}

function toHit(index: SearchIndex, r: SearchResult, snippetLength: number, runs: string[]): SearchHit {
  const key = r.id as string;
  const [title = '', summary = '', excerpt = '', lang = ''] = index.stored.get(key) ?? [];
  const body = readExcerpt(excerpt);
  const terms = highlightTerms(r, runs);
  let snippet = makeSnippet(body.text, terms, snippetLength, body.truncated);
  if (snippet.highlights.length === 0 && summary !== '') {
    snippet = makeSnippet(summary, terms, snippetLength);
  }
  return {
    key,
    score: r.score,
    field: bestField(r),
    title: makeSnippet(title, terms, Math.max(title.length, 1)),
    snippet,
    lang,
  };
}

/**
 * Results `offset` to `offset + limit` of a query, highlighted for display, and the number of all
 * matches. Snippets are built for that page only; the next page of the same query reuses the ranking.
 */
export function searchPage(index: SearchIndex, query: string, offset = 0, limit = 20, snippetLength = 160): SearchPage {
  const results = run(index, query);
  const runs = bigramRuns(query);
  return { hits: results.slice(offset, offset + limit).map((r) => toHit(index, r, snippetLength, runs)), total: results.length };
}

/**
 * Queries that exercise a freshly loaded index the way typing does (first letters, then more, of title
 * words of articles spread through the library), to run while nobody is typing yet: the first real
 * keystrokes then find the search code optimised and the common postings decoded.
 */
export function warmUpQueries(index: SearchIndex, words = 12): string[] {
  const keys = [...(index.mini as unknown as MiniSearchInternals)._documentIds.values()];
  const step = Math.max(1, Math.floor(keys.length / words));
  const picked: string[] = [];
  for (let i = 0; i < keys.length && picked.length < words; i += step) {
    const [title = ''] = index.stored.get(keys[i]!) ?? [];
    const word = tokenize(title).find((t) => t.length >= 4 && !/\d/.test(t));
    if (word) picked.push(word);
  }
  return picked.flatMap((w) => [w.slice(0, 1), w.slice(0, 2), w.slice(0, 3), w]);
}

/** The best `limit` results, highlighted for display (searchPage's first page). */
export function searchHits(index: SearchIndex, query: string, limit = 20, snippetLength = 160): SearchHit[] {
  return searchPage(index, query, 0, limit, snippetLength).hits;
}

// Without a segmenter, Thai, Lao, Khmer and Myanmar are indexed as bigrams, not words (see splitRun): an index made
// in a browser that has none is rebuilt once an update brings one, and the reverse.
const formatTag = (version: number): string => `${FORMAT} ${version}${getSegmenter() ? '' : ' unsegmented'} ${NORMALIZE_VERSION}`;

/** The index as IndexedDB keeps it (see SerializedIndex). */
export function serializeIndex(index: SearchIndex): SerializedIndex {
  const { packed, keys } = packPostings(index.mini, FIELDS.length);
  return { format: formatTag(INDEX_VERSION), postings: packed, stored: index.stored.pack(keys) };
}

const isInstance = <T>(v: unknown, type: abstract new (...args: never[]) => T): v is T => v instanceof type;

/** True when `data` has the shape of a SerializedIndex (its contents are checked while loading). */
export function isSerializedIndex(data: unknown): data is SerializedIndex {
  const d = data as Partial<SerializedIndex> | null;
  const p = d?.postings as Partial<PackedPostings> | undefined;
  const t = d?.stored as Partial<PackedTexts> | undefined;
  return (
    typeof d?.format === 'string' &&
    isInstance(t?.bytes, Uint8Array) &&
    isInstance(t.starts, Uint32Array) &&
    typeof p?.documentCount === 'number' &&
    typeof p.dirtCount === 'number' &&
    Array.isArray(p.averageFieldLength) &&
    p.averageFieldLength.every((n) => typeof n === 'number') &&
    isInstance(p.ids, Uint8Array) &&
    isInstance(p.fieldLengths, Uint32Array) &&
    isInstance(p.terms, Uint8Array) &&
    isInstance(p.termStarts, Uint32Array) &&
    isInstance(p.postings, Uint8Array)
  );
}

function loadSerialized(data: SerializedIndex): SearchIndex | null {
  if (data.format !== formatTag(INDEX_VERSION)) return null;
  const mini = new MiniSearch<SearchDoc>(OPTIONS);
  const keys = unpackPostings(mini, data.postings, FIELDS.length);
  return { mini, stored: new TextTable(STORED_FIELDS, keys, data.stored), last: null };
}

/**
 * An index from serializeIndex output, or null when it is from another version (such as the text index of version 1)
 * or damaged: it is a cache, rebuilt from the library. Postings are decoded as queries reach them.
 */
export function loadIndex(data: unknown): SearchIndex | null {
  try {
    if (isSerializedIndex(data)) return loadSerialized(data);
  } catch {
    // Damaged: rebuilt like an index from another version.
  }
  return null;
}
