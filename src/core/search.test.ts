import { describe, expect, it } from 'vitest';
import {
  COMMON_TERM_DOCS,
  addDocuments,
  countDocuments,
  createSearchIndex,
  loadIndex,
  removeDocument,
  searchHits,
  searchIndex,
  serializeIndex,
  type SearchDoc,
  type SearchIndex,
} from './search';

function doc(key: string, fields: Partial<SearchDoc>): SearchDoc {
  return { key, title: '', summary: '', tags: [], body: '', lang: 'fa', ...fields };
}

function indexOf(...docs: SearchDoc[]): SearchIndex {
  const index = createSearchIndex();
  addDocuments(index, docs);
  return index;
}

const keys = (index: SearchIndex, q: string): string[] => searchIndex(index, q).map((r) => r.key);

describe('search: Persian spelling variants', () => {
  const index = indexOf(
    doc('p/persian', { title: 'کتاب‌های علی', body: 'یک کتاب خوب درباره مدرسه' }),
    doc('p/arabic', { title: 'مقاله', body: 'كتاب علي عن مدرسة جديدة', lang: 'ar' }),
    doc('p/other', { title: 'چیز دیگر', body: 'هیچ ربطی ندارد' }),
  );

  it('finds Persian forms typed with Arabic letters, and the reverse', () => {
    expect(keys(index, 'علي').sort()).toEqual(['p/arabic', 'p/persian']);
    expect(keys(index, 'كتاب').sort()).toEqual(['p/arabic', 'p/persian']);
    expect(keys(index, 'علی').sort()).toEqual(['p/arabic', 'p/persian']);
    expect(keys(index, 'مدرسة').sort()).toEqual(['p/arabic', 'p/persian']);
  });
});

describe('search: ZWNJ and spacing', () => {
  const index = indexOf(
    doc('p/zwnj', { body: 'من این را می‌خواهم' }),
    doc('p/joined', { body: 'او آن را میخواهد' }),
    doc('p/spaced', { body: 'ما کتاب ها را می خوانیم' }),
  );

  it('finds a ZWNJ word typed joined or with a space', () => {
    expect(keys(index, 'میخواهم')[0]).toBe('p/zwnj');
    expect(keys(index, 'می خواهم')).toContain('p/zwnj');
    expect(keys(index, 'می‌خواهم')).toContain('p/zwnj');
  });

  it('finds a joined word typed with ZWNJ or a space', () => {
    expect(keys(index, 'می‌خواهد')).toContain('p/joined');
    expect(keys(index, 'می خواهد')).toContain('p/joined');
  });

  it('finds words written with a space typed joined or with ZWNJ', () => {
    expect(keys(index, 'کتابها')).toEqual(['p/spaced']);
    expect(keys(index, 'کتاب‌ها')).toEqual(['p/spaced']);
    expect(keys(index, 'میخوانیم')[0]).toBe('p/spaced');
  });
});

describe('search: matching and ranking', () => {
  const index = indexOf(
    doc('e/body', { title: 'Notes', body: 'press press press freedom of the press', lang: 'en' }),
    doc('e/title', { title: 'Press', body: 'an article about something else entirely', lang: 'en' }),
    doc('e/gov', { title: 'Government report', body: 'budget', lang: 'en' }),
    doc('e/tag', { title: 'Misc', tags: ['censorship'], body: 'nothing', lang: 'en' }),
    doc('f/masale', { title: 'یک مسئله ساده', body: 'متن' }),
    doc('f/lib', { title: 'کتابخانه ملی', body: 'متن' }),
  );

  it('ranks a title match above body matches', () => {
    expect(keys(index, 'press').slice(0, 2)).toEqual(['e/title', 'e/body']);
  });

  it('matches prefixes as you type', () => {
    expect(keys(index, 'gov')).toEqual(['e/gov']);
    expect(keys(index, 'کتا')).toEqual(['f/lib']);
    expect(keys(index, 'c')).toContain('e/tag');
  });

  it('forgives a typo in longer words, ranked below exact matches', () => {
    expect(keys(index, 'goverment')).toEqual(['e/gov']);
    expect(keys(index, 'مساله')).toEqual(['f/masale']);
    const fuzzy = searchIndex(index, 'presss');
    expect(fuzzy.map((r) => r.key)).toContain('e/title');
    const exact = searchIndex(index, 'press');
    expect(fuzzy[0]!.score).toBeLessThan(exact[0]!.score);
  });

  it('searches tags', () => {
    expect(keys(index, 'censorship')).toEqual(['e/tag']);
  });

  it('needs every word, and falls back to any word when none has all', () => {
    expect(keys(index, 'press freedom')).toEqual(['e/body']);
    expect(keys(index, 'press zebra')).toEqual(['e/title', 'e/body']);
  });

  it('returns the matched index terms for highlighting', () => {
    expect(searchIndex(index, 'gov')[0]!.terms).toEqual(['government']);
  });

  it('returns nothing for an empty query', () => {
    expect(searchIndex(index, '')).toEqual([]);
    expect(searchIndex(index, ' ؟! ')).toEqual([]);
  });

  it('honours the limit', () => {
    expect(searchIndex(index, 'press', 1)).toHaveLength(1);
  });
});

describe('search: updates', () => {
  it('replaces a document added again under the same key, and removes documents', () => {
    const index = indexOf(doc('a/1', { title: 'old title' }), doc('a/2', { title: 'other' }));
    addDocuments(index, [doc('a/1', { title: 'new title' })]);
    expect(countDocuments(index)).toBe(2);
    expect(keys(index, 'old')).toEqual([]);
    expect(keys(index, 'new')).toEqual(['a/1']);
    removeDocument(index, 'a/1');
    removeDocument(index, 'missing');
    expect(keys(index, 'new')).toEqual([]);
    expect(countDocuments(index)).toBe(1);
  });

  it('accepts tags as one string', () => {
    const index = indexOf(doc('a/1', { tags: 'سیاست اقتصاد' }));
    expect(keys(index, 'اقتصاد')).toEqual(['a/1']);
  });
});

describe('search: serialisation', () => {
  it('round-trips through text', () => {
    const index = indexOf(
      doc('a/1', { title: 'كتاب علي', summary: 'خلاصه', body: 'متن کتاب' }),
      doc('a/2', { title: 'Other', body: 'English body text', lang: 'en' }),
    );
    const loaded = loadIndex(serializeIndex(index));
    expect(loaded).not.toBeNull();
    expect(countDocuments(loaded!)).toBe(2);
    expect(searchHits(loaded!, 'کتاب')).toEqual(searchHits(index, 'کتاب'));
    expect(keys(loaded!, 'english')).toEqual(['a/2']);
  });

  it('refuses text from another version or damaged text', () => {
    const text = serializeIndex(indexOf(doc('a/1', { title: 'x' })));
    expect(loadIndex('')).toBeNull();
    expect(loadIndex('{}')).toBeNull();
    expect(loadIndex(text.replace(/^offline-reader\/search \d+/, 'offline-reader/search 999'))).toBeNull();
    expect(loadIndex(text.slice(0, text.length - 10))).toBeNull();
  });
});

describe('searchHits', () => {
  const index = indexOf(
    doc('a/1', {
      title: 'كتاب‌های تازه',
      summary: 'خلاصه‌ای کوتاه',
      body: 'در این نوشته از کتاب‌های تازه و کهنه سخن می‌گوییم.',
    }),
    doc('a/2', { title: 'مدرسه', summary: 'خلاصه درباره مدرسه', body: 'متن بی‌ربط', lang: 'fa' }),
  );

  it('highlights the title and a body snippet in their original spelling', () => {
    const [hit] = searchHits(index, 'کتابهای');
    expect(hit!.key).toBe('a/1');
    expect(hit!.field).toBe('title');
    expect(hit!.lang).toBe('fa');
    const t = hit!.title;
    expect(t.highlights.map(([s, e]) => t.text.slice(s, e))).toEqual(['كتاب‌های']);
    const s = hit!.snippet;
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['کتاب‌های']);
  });

  it('falls back to the summary when the body has no match', () => {
    const [hit] = searchHits(index, 'درباره');
    expect(hit!.key).toBe('a/2');
    expect(hit!.field).toBe('summary');
    expect(hit!.snippet.text).toBe('خلاصه درباره مدرسه');
    expect(hit!.snippet.highlights).toHaveLength(1);
  });
});

describe('search: cost limits at scale', () => {
  // Enough articles that a word in all of them counts as common.
  const many = Array.from({ length: COMMON_TERM_DOCS + 100 }, (_, i) =>
    doc(`s/${i}`, { title: `عنوان ${i}`, body: `و این متن شماره ${i} است و زبان${i} دارد` }),
  );
  const index = indexOf(...many, doc('s/special', { title: 'ویژه', body: 'و کتاب نادر ز' }));

  it('leaves a word found in most bodies out when rarer words are present', () => {
    expect(keys(index, 'و کتاب')).toEqual(['s/special']);
  });

  it('looks for a common word alone in titles', () => {
    expect(keys(index, 'و')).toEqual(['s/special']);
  });

  it('matches a prefix that expands past the budget as a whole word only', () => {
    // "ز" starts a different word in every body, far past the expansion budget.
    expect(keys(index, 'ز')).toEqual(['s/special']);
    expect(keys(index, 'زبان17')[0]).toBe('s/17');
  });
});
