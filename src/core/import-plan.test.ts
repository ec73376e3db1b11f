import { describe, expect, it } from 'vitest';
import { decide, planImport, type ExistingArticle } from './import-plan';
import type { LibraryArticle, Trust } from './types';
import type { VerifiedBundle } from './verify';

const article = (
  id: string,
  sha: string,
  version: number,
  edition: number,
  trust: Trust = 'verified',
  publisherId = 'p',
): LibraryArticle => ({
  publisherId,
  meta: { id, version, title: id, date: '2024-01-01', lang: 'en', dir: 'ltr', tags: [], size: 1, sha256: sha.repeat(64), media: [] },
  body: 'x',
  edition,
  trust,
});
const bundle = (articles: LibraryArticle[], trust: Trust = 'verified'): VerifiedBundle => ({
  editions: [
    {
      manifest: {
        format: 'offline-reader/manifest',
        v: 1,
        publisher: { id: 'p', name: 'Pub' },
        edition: 7,
        created: '2024-01-01',
        articles: [],
        media: [],
      },
      signed: { text: '', publicKey: '', signature: '' },
      trust,
    },
  ],
  articles,
  media: [],
  announcedKeys: [],
});
const library = (rows: Record<string, ExistingArticle>) => (p: string, id: string) => rows[`${p}/${id}`];
const have = (sha: string, version: number, edition: number, trust: Trust = 'verified', signer?: string): ExistingArticle => ({
  meta: { sha256: sha.repeat(64), version },
  edition,
  trust,
  ...(signer === undefined ? {} : { signer }),
});

describe('planImport', () => {
  it('adds new, keeps unchanged, updates newer, reports older', () => {
    const { put, report } = planImport(
      bundle([
        article('new', 'a', 1, 5),
        article('same', 'b', 1, 5),
        article('newer', 'c', 2, 5),
        article('newer-edition', 'd', 1, 6),
        article('old', 'e', 1, 5),
      ]),
      library({
        'p/same': have('b', 1, 4),
        'p/newer': have('x', 1, 9),
        'p/newer-edition': have('x', 1, 5),
        'p/old': have('x', 2, 1),
      }),
    );
    expect(put.map((a) => a.meta.id)).toEqual(['new', 'newer', 'newer-edition']);
    expect(report).toMatchObject({
      added: 1,
      updated: 2,
      unchanged: 1,
      older: 1,
      skipped: 0,
      publisher: 'Pub',
      edition: 7,
      trust: 'verified',
    });
    expect(report.publishers).toEqual([{ id: 'p', name: 'Pub', edition: 7, trust: 'verified' }]);
  });

  it('importing the same file twice changes nothing', () => {
    const v = bundle([article('a', 'a', 1, 5), article('b', 'b', 1, 5)]);
    const first = planImport(v, () => undefined);
    const stored = Object.fromEntries(
      first.put.map((a) => [`${a.publisherId}/${a.meta.id}`, have(a.meta.sha256[0]!, a.meta.version, a.edition)]),
    );
    const second = planImport(v, library(stored));
    expect(second.put).toEqual([]);
    expect(second.report).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
  });

  it('equal version and edition with other content is not taken', () => {
    expect(planImport(bundle([article('a', 'a', 1, 5)]), library({ 'p/a': have('b', 1, 5) })).report.older).toBe(1);
  });

  it('never lets an unverified article replace a verified one', () => {
    const { put, report } = planImport(
      bundle([article('a', 'a', 99, 99, 'unverified')], 'unverified'),
      library({ 'p/a': have('b', 1, 1) }),
    );
    expect(put).toEqual([]);
    expect(report).toMatchObject({ skipped: 1, trust: 'unverified' });
  });

  it('never lets a stranger replace the unverified copies another stranger signed, whatever numbers it claims', () => {
    const incoming = (sha: string, signer: string) => ({ ...article('a', sha, 9, 9, 'unverified'), signer });
    const first = have('b', 1, 1, 'unverified', 'key-1');
    const { put, report } = planImport(bundle([incoming('a', 'key-2')], 'unverified'), library({ 'p/a': first }));
    expect(put).toEqual([]);
    expect(report).toMatchObject({ otherKey: 1, updated: 0, older: 0, skipped: 0 });
    // The same stranger's newer copy still replaces its own; a verified copy replaces either.
    expect(decide(incoming('a', 'key-1'), first)).toBe('updated');
    expect(decide(article('a', 'a', 1, 1), first)).toBe('updated');
    // The same text under another key changes nothing; a row stored before keys were kept follows the old rule.
    expect(decide(incoming('b', 'key-2'), first)).toBe('unchanged');
    expect(decide(incoming('a', 'key-2'), have('b', 1, 1, 'unverified'))).toBe('updated');
  });

  it('lets a verified article replace an unverified one, even with smaller numbers', () => {
    const { put, report } = planImport(bundle([article('a', 'a', 1, 1)]), library({ 'p/a': have('b', 99, 99, 'unverified') }));
    expect(put).toHaveLength(1);
    expect(report.updated).toBe(1);
    const sameText = planImport(bundle([article('a', 'b', 1, 1)]), library({ 'p/a': have('b', 1, 1, 'unverified') }));
    expect(sameText.put).toHaveLength(1);
  });

  it('keys by publisher and picks the best copy when a file holds one article twice', () => {
    const { put, report } = planImport(
      bundle([
        article('a', 'a', 1, 5),
        article('a', 'b', 2, 6),
        article('a', 'c', 9, 9, 'unverified'),
        article('a', 'd', 1, 1, 'verified', 'q'),
      ]),
      () => undefined,
    );
    expect(put.map((a) => [a.publisherId, a.meta.sha256[0]])).toEqual([
      ['p', 'b'],
      ['q', 'd'],
    ]);
    expect(report.added).toBe(2);
  });
});

describe('withdrawals and the one which-copy-wins rule', () => {
  const withdrawing = (tombstones: { id: string; edition: number }[], articles: LibraryArticle[] = [], trust: Trust = 'verified') => {
    const v = bundle(articles, trust);
    v.editions[0]!.manifest.withdrawn = tombstones;
    return v;
  };

  it('a verified copy replaces an unverified one whatever version the forgery claims (decide, used by the sync too)', () => {
    const incoming = { meta: { version: 1, sha256: 'a'.repeat(64) }, edition: 5, trust: 'verified' as const };
    expect(decide(incoming, have('f', 9_000_000_000, 9_000_000_000, 'unverified'))).toBe('updated');
    expect(decide({ ...incoming, trust: 'unverified' }, have('f', 1, 1))).toBe('skipped');
  });

  it('removes withdrawn rows (verified up to the withdrawing edition, unverified always) and keeps the tombstones', () => {
    const plan = planImport(
      withdrawing([
        { id: 'gone', edition: 7 },
        { id: 'forged', edition: 7 },
        { id: 'republished', edition: 3 },
        { id: 'absent', edition: 7 },
      ]),
      library({
        'p/gone': have('a', 1, 6),
        'p/forged': have('b', 9, 99, 'unverified'),
        'p/republished': have('c', 1, 5),
      }),
    );
    expect(plan.remove).toEqual([
      ['p', 'gone'],
      ['p', 'forged'],
    ]);
    expect(plan.report.withdrawn).toBe(2);
    expect(plan.tombstones.map((t) => t.id)).toEqual(['gone', 'forged', 'republished', 'absent']);
  });

  it('refuses copies the publisher withdrew: from an edition up to the withdrawal, or unverified at any edition', () => {
    const stored = (p: string, id: string) => (p === 'p' && id === 'w' ? 6 : undefined);
    const older = planImport(bundle([article('w', 'a', 1, 5)]), () => undefined, stored);
    expect(older.put).toEqual([]);
    expect(older.report.withdrawn).toBe(1);
    const unverified = planImport(bundle([article('w', 'a', 1, 99, 'unverified')], 'unverified'), () => undefined, stored);
    expect(unverified.put).toEqual([]);
    const republished = planImport(bundle([article('w', 'a', 1, 7)]), () => undefined, stored);
    expect(republished.put.map((a) => a.meta.id)).toEqual(['w']);
    // The file's own withdrawal counts too: an article and its tombstone from the same edition stay withdrawn.
    const own = planImport(withdrawing([{ id: 'x', edition: 7 }], [article('x', 'a', 1, 5)]), () => undefined);
    expect(own.put).toEqual([]);
  });

  it('ignores tombstones from an unverified edition, and writes none already kept', () => {
    const forged = planImport(withdrawing([{ id: 'gone', edition: 7 }], [], 'unverified'), library({ 'p/gone': have('a', 1, 6) }));
    expect(forged.remove).toEqual([]);
    expect(forged.tombstones).toEqual([]);
    const known = planImport(
      withdrawing([{ id: 'gone', edition: 7 }]),
      () => undefined,
      () => 7,
    );
    expect(known.tombstones).toEqual([]);
  });
});
