import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PackedTermData, TextTable, countPostings, packPostings, unpackPostings, type FieldTermData } from './search-pack';

interface Doc {
  id: string;
  title: string;
  body: string;
}
const FIELDS = ['title', 'body'];
const options = { fields: FIELDS, idField: 'id' };

function build(docs: Doc[]): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>(options);
  mini.addAll(docs);
  return mini;
}

function reopen(mini: MiniSearch<Doc>): MiniSearch<Doc> {
  const packed = structuredClone(packPostings(mini, FIELDS.length).packed);
  const out = new MiniSearch<Doc>(options);
  unpackPostings(out, packed, FIELDS.length);
  return out;
}

const vocabulary = (mini: MiniSearch<Doc>) => (mini as unknown as { _index: Map<string, FieldTermData> })._index;

// Plain nested arrays, whatever the Map class: [term, [fieldId, [docId, tf][]][]][], sorted.
function plain(mini: MiniSearch<Doc>): unknown {
  const ids = (mini as unknown as { _documentIds: Map<number, string> })._documentIds;
  return [...vocabulary(mini)]
    .map(([term, data]) => [term, [...data].map(([f, p]) => [f, [...p].map(([d, tf]) => [ids.get(d), tf]).sort()]).sort()])
    .sort();
}

const docs: Doc[] = [
  { id: 'a', title: 'red fox', body: 'the quick red fox jumps over the lazy dog' },
  { id: 'b', title: 'dog days', body: 'a dog and a fox and a dog' },
  { id: 'c', title: 'قرمز', body: 'روباه قرمز و سگ' },
];

describe('packed postings', () => {
  it('reopen to the same postings, documents and field lengths', () => {
    const mini = build(docs);
    const again = reopen(mini);
    expect(plain(again)).toEqual(plain(mini));
    expect(again.documentCount).toBe(3);
    expect(again.search('fox').map((r) => [r.id, r.score])).toEqual(mini.search('fox').map((r) => [r.id, r.score]));
    expect(again.search('قرمز').map((r) => r.id)).toEqual(['c']);
  });

  it('rebuild the same radix tree: prefixes and typos find the same terms', () => {
    const words = ['a', 'ab', 'abc', 'abd', 'abdc', 'b', 'ba', 'bab', 'کتاب', 'کتابها', 'کتابخانه', 'کت', 'کر', 'x1', 'x12', 'x2', 'zebra'];
    const mini = build(words.map((w, i) => ({ id: `w${i}`, title: w, body: `${w} ${words[(i + 3) % words.length]}` })));
    const again = reopen(mini);
    const terms = (m: MiniSearch<Doc>, prefix: string) => [...vocabulary(m).keys()].filter((t) => t.startsWith(prefix)).sort();
    const tree = (m: MiniSearch<Doc>) =>
      vocabulary(m) as unknown as {
        atPrefix(p: string): Map<string, unknown>;
        fuzzyGet(t: string, d: number): Map<string, unknown>;
      };
    for (const p of ['', 'a', 'ab', 'abd', 'b', 'ک', 'کت', 'کتاب', 'x1', 'q']) {
      expect([...tree(again).atPrefix(p).keys()].sort()).toEqual(terms(mini, p));
    }
    for (const [t, d] of [
      ['abc', 1],
      ['bab', 2],
      ['کتاب', 1],
      ['zebr', 1],
      ['x', 1],
    ] as const) {
      expect([...tree(again).fuzzyGet(t, d).keys()].sort()).toEqual([...tree(mini).fuzzyGet(t, d).keys()].sort());
    }
    // Equal scores may come in another order (the tree's order): compare ids with their scores.
    const ranked = (m: MiniSearch<Doc>) =>
      m
        .search('ab', { prefix: true })
        .map((r) => `${r.score.toFixed(9)} ${r.id}`)
        .sort();
    expect(ranked(again)).toEqual(ranked(mini));
  });

  it('decode a field only when it is read, and count without decoding', () => {
    const again = reopen(build(docs));
    const dog = vocabulary(again).get('dog')!;
    expect(dog).toBeInstanceOf(PackedTermData);
    expect(countPostings(dog, 0)).toBe(1);
    expect(countPostings(dog, 1)).toBe(2);
    expect(countPostings(undefined, 1)).toBe(0);
    expect(dog.get(0)).toEqual(new Map([[1, 1]]));
    // Counting still works once a field is decoded, and for the other fields.
    expect(countPostings(dog, 0)).toBe(1);
    expect(countPostings(dog, 1)).toBe(2);
    expect(dog.get(1)).toEqual(
      new Map([
        [0, 1],
        [1, 2],
      ]),
    );
    expect(dog.get(5)).toBeUndefined();
  });

  it('act as a Map once changed or iterated', () => {
    const again = reopen(build(docs));
    const fox = vocabulary(again).get('fox')!;
    expect(fox.size).toBe(2);
    expect([...fox.keys()]).toEqual([0, 1]);
    fox.delete(0);
    expect(fox.has(0)).toBe(false);
    expect([...fox.entries()]).toEqual([
      [
        1,
        new Map([
          [0, 1],
          [1, 1],
        ]),
      ],
    ]);
    fox.set(0, new Map([[2, 3]]));
    expect(countPostings(fox, 0)).toBe(1);
  });

  it('take additions and removals after reopening, and pack them again without removed documents', () => {
    const again = reopen(build(docs));
    again.add({ id: 'd', title: 'fox news', body: 'fox' });
    again.discard('a');
    again.replace({ id: 'b', title: 'cat days', body: 'a cat' });
    // Reading a term half-decoded must not lose the part still packed.
    vocabulary(again).get('days')!.get(0);
    const expected = build([docs[2]!, { id: 'd', title: 'fox news', body: 'fox' }, { id: 'b', title: 'cat days', body: 'a cat' }]);
    const repacked = reopen(again);
    expect(plain(repacked)).toEqual(plain(expected));
    expect(repacked.search('fox').map((r) => r.id)).toEqual(['d']);
    expect(repacked.search('dog').map((r) => r.id)).toEqual([]);
    expect(repacked.documentCount).toBe(3);
  });

  it('refuse postings that do not fit their documents', () => {
    const { packed } = packPostings(build(docs), FIELDS.length);
    const open = (p: typeof packed) => () => unpackPostings(new MiniSearch<Doc>(options), p, FIELDS.length);
    expect(open(packed)).not.toThrow();
    expect(open({ ...packed, documentCount: 2 })).toThrow();
    expect(open({ ...packed, fieldLengths: packed.fieldLengths.slice(0, 4) })).toThrow();
    expect(open({ ...packed, termStarts: packed.termStarts.map((n, i) => (i === 2 ? n + 1 : n)) })).toThrow();
    expect(open({ ...packed, postings: packed.postings.slice(0, packed.postings.length - 1) })).toThrow();
    expect(open({ ...packed, terms: packed.terms.slice(0, packed.terms.length - 1) })).toThrow();
    expect(open({ ...packed, ids: new Uint8Array([0xff, 0xfe]) })).toThrow();
  });
});

describe('damaged postings', () => {
  it('lose what is damaged, and search goes on', () => {
    const { packed } = packPostings(build(docs), FIELDS.length);
    // Past every header: only postings are hit, which loading cannot see without decoding them all.
    const bytes = packed.postings.map((b) => (b < 0x80 ? b | 0x80 : b));
    const mini = new MiniSearch<Doc>(options);
    unpackPostings(mini, { ...packed, postings: bytes.map((b, i) => (isHeader(packed, i) ? packed.postings[i]! : b)) }, FIELDS.length);
    expect(() => mini.search('fox', { prefix: true, fuzzy: 0.2 })).not.toThrow();
    expect(() => reopen(mini)).not.toThrow();
  });
});

// True when byte i is part of a term's header (mask, counts, lengths) in the packed postings.
function isHeader(packed: ReturnType<typeof packPostings>['packed'], i: number): boolean {
  for (let t = 0; t + 1 < packed.termStarts.length; t++) {
    const start = packed.termStarts[t]!;
    if (i < start || i >= packed.termStarts[t + 1]!) continue;
    const fields = packed.postings[start]!.toString(2).split('1').length - 1;
    return i < start + 1 + fields * 2;
  }
  return false;
}

describe('text table', () => {
  it('packs rows for the given keys and reads them back one at a time', () => {
    const table = new TextTable(2);
    table.set('a', ['کتاب', 'fa']);
    table.set('b', ['book', 'en']);
    table.set('c', ['', 'x']);
    const packed = structuredClone(table.pack(['b', 'a', 'c']));
    const again = new TextTable(2, ['b', 'a', 'c'], packed);
    expect(again.get('a')).toEqual(['کتاب', 'fa']);
    expect(again.get('c')).toEqual(['', 'x']);
    expect(again.get('z')).toBeUndefined();
    again.set('a', ['new', 'en']);
    again.delete('b');
    expect(again.get('a')).toEqual(['new', 'en']);
    expect(again.get('b')).toBeUndefined();
    // Packed again: unchanged rows copied as bytes, changed ones encoded.
    const third = new TextTable(2, ['c', 'a'], again.pack(['c', 'a']));
    expect([third.get('c'), third.get('a')]).toEqual([
      ['', 'x'],
      ['new', 'en'],
    ]);
  });

  it('refuses packed rows that do not fit the keys', () => {
    const packed = new TextTable(1, ['a'], { bytes: new Uint8Array([0x61]), starts: new Uint32Array([0, 1]) }).pack(['a']);
    expect(() => new TextTable(1, ['a', 'b'], packed)).toThrow();
    expect(() => new TextTable(1, ['a'], { bytes: packed.bytes, starts: new Uint32Array([0, 2]) })).toThrow();
    expect(() => new TextTable(1, ['a', 'b'], { bytes: new Uint8Array(1), starts: new Uint32Array([0, 2, 1]) })).toThrow();
  });
});

// MiniSearch is pinned to one exact version (package.json) because the packer reads and replaces its protected fields
// (search-pack.ts `Internals`, search.ts `MiniSearchInternals`). When an upgrade changes any of them, this fails first.
describe('the MiniSearch internals the packer relies on', () => {
  it('are the fields, shapes and tree layout of the pinned version', async () => {
    const { readFile } = await import('node:fs/promises');
    const installed = JSON.parse(await readFile(new URL('../../node_modules/minisearch/package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe('7.2.0');
    const mini = new MiniSearch<{ id: string; title: string; body: string }>({ fields: ['title', 'body'] });
    mini.addAll([
      { id: 'a', title: 'hello world', body: 'hello' },
      { id: 'b', title: 'help', body: 'world world' },
    ]);
    mini.discard('b');
    const m = mini as unknown as Record<string, unknown>;
    expect(m._documentCount).toBe(1);
    expect(m._nextId).toBe(2);
    expect(m._dirtCount).toBe(1);
    expect(m._fieldIds).toEqual({ title: 0, body: 1 });
    expect(m._documentIds).toEqual(new Map([[0, 'a']]));
    expect(m._idToShortId).toEqual(new Map([['a', 0]]));
    expect(m._fieldLength).toEqual(new Map([[0, [2, 1]]]));
    expect(Array.isArray(m._avgFieldLength) && (m._avgFieldLength as unknown[]).length).toBe(2);
    // The vocabulary: term -> fieldId -> shortId -> term frequency, in a SearchableMap built from a radix tree whose
    // edges are Map keys and whose values sit under the key '' (search-pack.ts radixTree builds the same).
    const index = m._index as Map<string, Map<number, Map<number, number>>> & { _tree: Map<string, unknown> };
    expect(index.get('hello')).toEqual(
      new Map([
        [0, new Map([[0, 1]])],
        [1, new Map([[0, 1]])],
      ]),
    );
    expect(index._tree).toBeInstanceOf(Map);
    const hel = index._tree.get('hel') as Map<string, Map<string, unknown>>;
    expect([...hel.keys()].sort()).toEqual(['lo', 'p']);
    expect(hel.get('lo')!.get('')).toBe(index.get('hello'));
    const Searchable = index.constructor as new (tree: Map<string, unknown>) => Map<string, unknown>;
    expect(new Searchable(index._tree).get('world')).toBe(index.get('world'));
  });
});
