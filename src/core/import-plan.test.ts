import { describe, expect, it } from 'vitest';
import { planImport, type ExistingArticle } from './import-plan';
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
const have = (sha: string, version: number, edition: number, trust: Trust = 'verified'): ExistingArticle => ({
  sha256: sha.repeat(64),
  version,
  edition,
  trust,
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
