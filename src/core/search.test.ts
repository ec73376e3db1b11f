import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  COMMON_TERM_DOCS,
  addDocuments,
  countDocuments,
  createSearchIndex,
  isSerializedIndex,
  loadIndex,
  removeDocument,
  searchHits,
  searchIndex,
  searchPage,
  serializeIndex,
  SNIPPET_SOURCE_CHARS,
  warmUpQueries,
  type SearchDoc,
  type SearchIndex,
} from './search';
import { NORMALIZE_VERSION } from './normalize';

function doc(key: string, fields: Partial<SearchDoc>): SearchDoc {
  return { key, title: '', summary: '', tags: [], body: '', lang: 'fa', ...fields };
}

function indexOf(...docs: SearchDoc[]): SearchIndex {
  const index = createSearchIndex();
  addDocuments(index, docs);
  return index;
}

const keys = (index: SearchIndex, q: string): string[] => searchIndex(index, q).map((r) => r.key);
/** The words one document's snippet marks for a query. */
function markedIn(fields: Partial<SearchDoc>, q: string): string[] {
  const hits = searchHits(indexOf(doc('p/a', { title: 'x', ...fields })), q);
  expect(hits).toHaveLength(1);
  const { text, highlights } = hits[0]!.snippet;
  return highlights.map(([s, e]) => text.slice(s, e));
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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

describe('search: Latin letters NFKD leaves whole, Hebrew acronyms, invisible characters', () => {
  const index = indexOf(
    doc('l/tr', { title: 'Kırmızı Başlıklı Kız', lang: 'tr' }),
    doc('l/sr', { title: 'Novak Đorđević', lang: 'sr' }),
    doc('l/en', { title: 'Fables', body: 'The fables of Æsop, told again', lang: 'en' }),
    doc('l/fr', { title: 'Cœur de Lion', lang: 'fr' }),
    doc('l/pl', { title: 'Łódź', body: 'Ħamrun, Øresund', lang: 'pl' }),
    doc('l/he', { title: 'חדשות', body: 'צה״ל הודיע היום', lang: 'he' }),
    doc('l/fa', { title: 'فهرست', body: 'این کتاب\u200Fها تازه است' }),
  );

  it('finds ı ł đ ø ħ æ œ typed as plain letters, in either case', () => {
    expect(keys(index, 'kirmizi')).toEqual(['l/tr']);
    expect(keys(index, 'KIRMIZI')).toEqual(['l/tr']);
    expect(keys(index, 'dordevic')).toEqual(['l/sr']);
    expect(keys(index, 'aesop')).toEqual(['l/en']);
    expect(keys(index, 'coeur')).toEqual(['l/fr']);
    expect(keys(index, 'lodz')).toEqual(['l/pl']);
    expect(keys(index, 'hamrun oresund')).toEqual(['l/pl']);
  });

  it('marks a word whose folded form is longer than it (Æsop -> aesop) as written', () => {
    const [hit] = searchHits(index, 'aesop');
    expect(hit!.snippet.highlights.map(([s, e]) => hit!.snippet.text.slice(s, e))).toEqual(['Æsop']);
    const [fr] = searchHits(index, 'coeur');
    expect(fr!.title.highlights.map(([s, e]) => fr!.title.text.slice(s, e))).toEqual(['Cœur']);
  });

  it('finds a Hebrew acronym with gershayim typed without it, and marks it', () => {
    expect(keys(index, 'צהל')).toEqual(['l/he']);
    expect(keys(index, 'צה״ל')).toEqual(['l/he']);
    expect(markedIn({ body: 'צה״ל הודיע היום', lang: 'he' }, 'צהל')).toEqual(['צה״ל']);
  });

  it('marks a word found across an invisible character the index leaves out (RLM)', () => {
    expect(keys(index, 'کتابها')).toEqual(['l/fa']);
    expect(markedIn({ body: 'این کتاب\u200Fها تازه است' }, 'کتابها')).toEqual(['کتاب\u200Fها']);
  });
});

describe('search: Urdu letter forms', () => {
  it('finds Urdu heh goal typed with heh, and the reverse', () => {
    expect(keys(indexOf(doc('p/a', { body: 'وزیر اعظم نے کہا کہ', lang: 'ur' })), 'کها')).toEqual(['p/a']);
    expect(keys(indexOf(doc('p/a', { body: 'وزیر اعظم نے کها که', lang: 'ur' })), 'کہا')).toEqual(['p/a']);
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

  it('finds a particle or suffix set off by a ZWNJ and a space, or by a doubled ZWNJ, typed joined', () => {
    expect(keys(indexOf(doc('p/a', { body: 'من می\u200C خواهم بروم' })), 'میخواهم')).toEqual(['p/a']);
    expect(keys(indexOf(doc('p/a', { body: 'این کتاب\u200C\u200Cها را خواندم' })), 'کتابها')).toEqual(['p/a']);
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
  const sample = () =>
    indexOf(
      doc('a/1', { title: 'كتاب علي', summary: 'خلاصه', body: 'متن کتاب' }),
      doc('a/2', { title: 'Other', body: 'English body text', lang: 'en' }),
      doc('a/3', { title: 'کتابخانه', tags: ['کتاب'], body: 'کتاب‌های تازه در کتابخانه' }),
    );
  // What IndexedDB and postMessage do to it.
  const stored = (index: SearchIndex): unknown => structuredClone(serializeIndex(index));
  // Scores are sums whose order may change with the index's internal order (last-bit float differences);
  // matched terms are a set.
  const comparable = (results: { score: number; terms?: string[] }[]) =>
    results.map((r) => ({ ...r, score: Math.round(r.score * 1e9), ...(r.terms ? { terms: [...r.terms].sort() } : {}) }));

  it('round-trips through its stored form', () => {
    const index = sample();
    const loaded = loadIndex(stored(index));
    expect(loaded).not.toBeNull();
    expect(countDocuments(loaded!)).toBe(3);
    expect(comparable(searchHits(loaded!, 'کتاب'))).toEqual(comparable(searchHits(index, 'کتاب')));
    expect(comparable(searchHits(loaded!, 'کتا'))).toEqual(comparable(searchHits(index, 'کتا')));
    expect(comparable(searchIndex(loaded!, 'englsh'))).toEqual(comparable(searchIndex(index, 'englsh')));
    expect(keys(loaded!, 'english')).toEqual(['a/2']);
  });

  it('is typed arrays (stored and copied between threads as bytes)', () => {
    const data = serializeIndex(sample());
    expect(isSerializedIndex(data)).toBe(true);
    expect(isSerializedIndex(structuredClone(data))).toBe(true);
    expect(isSerializedIndex({ ...data, postings: { ...data.postings, postings: [1, 2] } })).toBe(false);
  });

  it('keeps working after a load: adding, replacing and removing articles, and saving again', () => {
    const loaded = loadIndex(stored(sample()))!;
    addDocuments(loaded, [doc('a/4', { title: 'کتاب نو', body: 'new words' }), doc('a/1', { title: 'دیگر', body: 'nothing' })]);
    removeDocument(loaded, 'a/2');
    const fresh = indexOf(
      doc('a/3', { title: 'کتابخانه', tags: ['کتاب'], body: 'کتاب‌های تازه در کتابخانه' }),
      doc('a/4', { title: 'کتاب نو', body: 'new words' }),
      doc('a/1', { title: 'دیگر', body: 'nothing' }),
    );
    expect(countDocuments(loaded)).toBe(3);
    expect(keys(loaded, 'کتاب').sort()).toEqual(['a/3', 'a/4']);
    expect(keys(loaded, 'english')).toEqual([]);
    expect(keys(loaded, 'دیگر')).toEqual(['a/1']);
    // Saved and loaded again, it answers like an index built from scratch with the same articles.
    const again = loadIndex(stored(loaded))!;
    expect(countDocuments(again)).toBe(3);
    for (const q of ['کتاب', 'کت', 'new', 'nothing', 'english', 'دیگر']) {
      expect(comparable(searchIndex(again, q))).toEqual(comparable(searchIndex(fresh, q)));
    }
  });

  it('refuses an index from another version, or a damaged one', () => {
    const data = serializeIndex(sample());
    expect(loadIndex(undefined)).toBeNull();
    expect(loadIndex('')).toBeNull();
    expect(loadIndex('{}')).toBeNull();
    expect(loadIndex({})).toBeNull();
    expect(loadIndex({ ...data, format: data.format.replace(/search \d+/, 'search 999') })).toBeNull();
    const p = data.postings;
    expect(loadIndex({ ...data, postings: { ...p, postings: p.postings.slice(0, p.postings.length - 3) } })).toBeNull();
    expect(loadIndex({ ...data, postings: { ...p, postings: p.postings.map((b, i) => (i === 1 ? 0x7f : b)) } })).toBeNull();
    expect(loadIndex({ ...data, postings: { ...p, termStarts: p.termStarts.map((n, i) => (i === 1 ? n + 1 : n)) } })).toBeNull();
    expect(loadIndex({ ...data, postings: { ...p, documentCount: 2 } })).toBeNull();
    expect(loadIndex({ ...data, postings: { ...p, ids: new TextEncoder().encode('["a/1"') } })).toBeNull();
    expect(loadIndex({ ...data, stored: { ...data.stored, starts: data.stored.starts.slice(1) } })).toBeNull();
    expect(loadIndex({ ...data, stored: { ...data.stored, bytes: data.stored.bytes.slice(1) } })).toBeNull();
    expect(loadIndex({ ...data, postings: { ...p, fieldLengths: Array.from(p.fieldLengths) } })).toBeNull();
  });

  it('refuses an index made by another normalisation or tokenizer (NORMALIZE_VERSION): the app builds it again', () => {
    const data = serializeIndex(sample());
    expect(data.format.endsWith(` ${NORMALIZE_VERSION}`)).toBe(true);
    expect(loadIndex(structuredClone(data))).not.toBeNull();
    for (const other of [NORMALIZE_VERSION - 1, NORMALIZE_VERSION + 1]) {
      expect(loadIndex({ ...data, format: data.format.replace(/ \d+$/, ` ${other}`) })).toBeNull();
    }
  });

  it('does not read the text index of version 1: that cache is rebuilt from the library', () => {
    const index = sample();
    // INDEX_VERSION 1 stored "<format> 1 <normalize>\n<stored JSON>\n<MiniSearch JSON>", stored as [key, fields] pairs.
    const texts = ['a/1', 'a/2', 'a/3'].map((key) => {
      const [title, summary, excerpt, lang] = index.stored.get(key)!;
      return [key, { title, summary, excerpt, lang }];
    });
    const legacy = `offline-reader/search 1 ${NORMALIZE_VERSION}\n${JSON.stringify(texts)}\n${JSON.stringify(index.mini)}`;
    expect(loadIndex(legacy)).toBeNull();
    expect(loadIndex(legacy.slice(0, legacy.length - 10))).toBeNull();
    expect(loadIndex(legacy.replace(/^offline-reader\/search 1/, 'offline-reader/search 0'))).toBeNull();
  });
});

describe('searchPage', () => {
  const index = indexOf(
    ...Array.from({ length: 45 }, (_, i) => doc(`p/${i}`, { title: `report ${i}`, body: `the report number ${i}`, lang: 'en' })),
    doc('p/other', { title: 'Other', body: 'nothing here', lang: 'en' }),
  );

  it('counts every match and hands them out a page at a time, in ranked order', () => {
    const all = searchIndex(index, 'report', 1000).map((r) => r.key);
    expect(all).toHaveLength(45);
    const pages = [0, 20, 40].map((offset) => searchPage(index, 'report', offset, 20));
    expect(pages.map((p) => p.total)).toEqual([45, 45, 45]);
    expect(pages.map((p) => p.hits.length)).toEqual([20, 20, 5]);
    expect(pages.flatMap((p) => p.hits.map((h) => h.key))).toEqual(all);
    expect(searchPage(index, 'report', 45, 20)).toEqual({ hits: [], total: 45 });
    expect(searchPage(index, 'zebra')).toEqual({ hits: [], total: 0 });
  });

  it('highlights only the page it returns', () => {
    const page = searchPage(index, 'report', 0, 3);
    expect(page.hits.map((h) => h.title.highlights)).toEqual([[[0, 6]], [[0, 6]], [[0, 6]]]);
  });

  it('searches again after the index changes', () => {
    const changing = indexOf(doc('c/1', { title: 'alpha', lang: 'en' }));
    expect(searchPage(changing, 'alpha').total).toBe(1);
    addDocuments(changing, [doc('c/2', { title: 'alpha two', lang: 'en' })]);
    expect(searchPage(changing, 'alpha').total).toBe(2);
    removeDocument(changing, 'c/1');
    expect(searchPage(changing, 'alpha', 0, 20).hits.map((h) => h.key)).toEqual(['c/2']);
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

describe('searchHits: snippets', () => {
  it('ends a snippet near the end of the stored excerpt at a whole word, with an ellipsis when the body goes on', () => {
    const filler = 'گزارش خبرنگار ما از پایتخت کشور. ';
    let body = 'به گزارش خبرنگار ' + filler.repeat(15) + 'انتخابات ریاست جمهوری برگزار شد. ';
    while (body.length < 1500) body += filler;
    // The match sits in the last third of the characters kept for snippets.
    expect(body.indexOf('انتخابات')).toBeGreaterThan(400);
    expect(body.indexOf('انتخابات')).toBeLessThan(SNIPPET_SOURCE_CHARS);
    const [hit] = searchHits(indexOf(doc('p/a', { title: 'خبر', body })), 'انتخابات');
    const { text, highlights } = hit!.snippet;
    expect(text.slice(highlights[0]![0], highlights[0]![1])).toBe('انتخابات');
    // Every word shown is a whole word of the article, and the snippet says the body goes on.
    const words = new Set(body.split(/\s+/));
    expect(
      text
        .replace(/\u2026/g, '')
        .trim()
        .split(/\s+/)
        .filter((w) => !words.has(w)),
    ).toEqual([]);
    expect(text.endsWith('\u2026')).toBe(true);
  });

  it('shows a body that ends within the excerpt without an ellipsis at its end', () => {
    const body = 'a '.repeat(200) + 'b '.repeat(SNIPPET_SOURCE_CHARS / 2 - 202) + 'end';
    expect(body.length).toBeLessThanOrEqual(SNIPPET_SOURCE_CHARS);
    const [hit] = searchHits(indexOf(doc('p/a', { body, lang: 'en' })), 'end');
    expect(hit!.snippet.text.endsWith('b end')).toBe(true);
  });

  it('keeps and shows the excerpt of a body cut inside an emoji without a broken character', () => {
    for (const at of [SNIPPET_SOURCE_CHARS - 1, SNIPPET_SOURCE_CHARS]) {
      const body = '新闻'.padEnd(at, '。') + '🔥'.repeat(30);
      const index = indexOf(doc('p/a', { title: 'x', body, lang: 'zh' }));
      for (const loaded of [index, loadIndex(structuredClone(serializeIndex(index)))!]) {
        const [hit] = searchHits(loaded, '新闻', 20, 2 * SNIPPET_SOURCE_CHARS);
        expect(hit!.snippet.text).not.toMatch(LONE_SURROGATE);
        expect(hit!.snippet.text).not.toContain('\uFFFD');
        expect(hit!.snippet.text.endsWith('\u2026')).toBe(true);
      }
    }
  });

  it('never splits a surrogate pair in text without spaces', () => {
    const post = '🔥今日新闻速报🔥中国经济增长放缓，';
    const body = post.repeat(3) + '一'.repeat(15) + '政府宣布新的经济刺激计划' + post.repeat(6);
    const [hit] = searchHits(indexOf(doc('p/zh', { title: '新闻', body, lang: 'zh' })), '刺激');
    expect(hit!.snippet.text).not.toMatch(LONE_SURROGATE);
  });

  it('gives highlights in text order, not overlapping, for a query typed in another order than the text', () => {
    const [hit] = searchHits(indexOf(doc('p/zh', { title: '新闻', body: '他是北京大学的学生，大学生活很忙。', lang: 'zh' })), '学生 北京');
    const { highlights } = hit!.snippet;
    expect(highlights.length).toBeGreaterThan(0);
    const sorted = [...highlights].sort((a, b) => a[0] - b[0]);
    expect(highlights).toEqual(sorted);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThanOrEqual(sorted[i - 1]![1]);
  });

  it('marks the word in scripts without spaces, not the whole run it starts', () => {
    expect(markedIn({ body: 'コロナウイルスの感染が広がっています。', lang: 'ja' }, 'コロナ')).toEqual(['コロナ']);
    expect(markedIn({ body: 'ภาษาไทยง่ายมาก สำหรับเด็ก', lang: 'th' }, 'ภาษา')).toEqual(['ภาษา']);
  });

  it('marks words that normalisation changes in scripts without spaces (Thai SARA AM, half-width katakana)', () => {
    expect(markedIn({ body: 'ฉันดื่มน้ำเย็นทุกวัน', lang: 'th' }, 'น้ำ')).toEqual(['น้ำ']);
    expect(markedIn({ body: 'เขาทำงานที่กรุงเทพ', lang: 'th' }, 'ทำงาน')).toEqual(['ทำ', 'งาน']);
    expect(markedIn({ body: '今年はｺﾛﾅの年です', lang: 'ja' }, 'コロナ')).toEqual(['ｺﾛﾅ']);
  });

  it('marks Latin words and numbers written inside Japanese', () => {
    expect(markedIn({ body: '新しいiPhoneの発売日', lang: 'ja' }, 'iphone')).toEqual(['iPhone']);
    expect(markedIn({ body: '今年は2024年です', lang: 'ja' }, '2024')).toEqual(['2024']);
  });
});

describe('search: cost limits at scale', () => {
  // Enough articles that a word in all of them counts as common.
  const many = Array.from({ length: COMMON_TERM_DOCS + 100 }, (_, i) =>
    doc(`s/${i}`, { title: `عنوان ${i}`, body: `و این متن شماره ${i} است و زبان${i} دارد` }),
  );
  const index = indexOf(
    ...many,
    doc('s/special', { title: 'ویژه', body: 'و کتاب نادر ز' }),
    doc('s/titled', { title: 'متن‌است', body: 'چیزی دیگر' }),
  );

  it('leaves a word found in most bodies out when rarer words are present', () => {
    expect(keys(index, 'و کتاب')).toEqual(['s/special']);
  });

  it('looks for a common word alone in titles', () => {
    expect(keys(index, 'و')).toEqual(['s/special']);
  });

  it('treats a joined or spaced word made of common words as common too', () => {
    // Every body has "متن" and "است": the word is looked for in titles, as either part alone would be.
    expect(keys(index, 'متن‌است')).toEqual(['s/titled']);
    expect(keys(index, 'متن است')).toEqual(['s/titled']);
    expect(keys(index, 'متن')).toEqual(['s/titled']);
  });

  it('looks for a word in titles when all its forms are common, joined ones included', () => {
    // "کتاب ها" in every body: کتابها (joined by the tokenizer), کتاب and ها are all common.
    const books = indexOf(
      ...Array.from({ length: COMMON_TERM_DOCS + 10 }, (_, i) => doc(`b/${i}`, { title: `عنوان ${i}`, body: `این کتاب ها شماره ${i}` })),
      doc('b/title', { title: 'کتاب‌های تازه', body: 'چیزی دیگر' }),
    );
    expect(keys(books, 'کتاب‌ها')).toEqual(['b/title']);
    expect(keys(books, 'کتاب ها')).toEqual(['b/title']);
  });

  it('matches a prefix that expands past the budget as a whole word only', () => {
    // "ز" starts a different word in every body, far past the expansion budget.
    expect(keys(index, 'ز')).toEqual(['s/special']);
    expect(keys(index, 'زبان17')[0]).toBe('s/17');
  });

  it('looks for common words in every field, as whole words, when no title or tag holds them', () => {
    const news = indexOf(
      ...Array.from({ length: COMMON_TERM_DOCS + 100 }, (_, i) =>
        doc(`n/${i}`, { title: `خبر شماره ${i}`, body: `امروز در تهران باران آمد و هوا سرد شد ${i}` }),
      ),
      // Neither the word itself nor in every body: a prefix and a typo of "باران" are not looked for here.
      doc('n/near', { title: 'دیگر', body: 'بارانی بازان' }),
    );
    for (const q of ['امروز', 'تهران', 'باران سرد', 'امروز باران']) {
      expect(searchPage(news, q).total).toBe(COMMON_TERM_DOCS + 100);
    }
    expect(keys(news, 'باران')).not.toContain('n/near');
    const loaded = loadIndex(structuredClone(serializeIndex(news)))!;
    expect(searchPage(loaded, 'امروز باران').total).toBe(COMMON_TERM_DOCS + 100);
    const [hit] = searchHits(news, 'تهران', 1);
    expect(hit!.snippet.highlights.map(([s, e]) => hit!.snippet.text.slice(s, e))).toEqual(['تهران']);
    // A common word a title holds is still looked for in titles only (see above): the bodies are the last resort.
    expect(keys(index, 'و')).toEqual(['s/special']);
  });

  it('applies the same limits to a stored index, counting postings without decoding them', () => {
    const loaded = loadIndex(structuredClone(serializeIndex(index)))!;
    expect(keys(loaded, 'و کتاب')).toEqual(['s/special']);
    expect(keys(loaded, 'و')).toEqual(['s/special']);
    expect(keys(loaded, 'ز')).toEqual(['s/special']);
    expect(keys(loaded, 'زبان17')[0]).toBe('s/17');
  });
});

describe('warmUpQueries', () => {
  it('types words of the index letter by letter, and none when it is empty', () => {
    const index = indexOf(doc('w/1', { title: 'mountain station', body: 'journey remembers', lang: 'en' }));
    const queries = warmUpQueries(index);
    expect(queries.length).toBeGreaterThan(0);
    const word = queries[3]!;
    expect(['mountain', 'station', 'journey', 'remembers']).toContain(word);
    expect(queries.slice(0, 4)).toEqual([word.slice(0, 1), word.slice(0, 2), word.slice(0, 3), word]);
    expect(queries.every((q) => searchIndex(index, q).length > 0)).toBe(true);
    expect(warmUpQueries(createSearchIndex())).toEqual([]);
  });
});

describe('search: Han and Kana as bigrams', () => {
  it('finds 学生 (student) in 大学生 (university student)', () => {
    expect(keys(indexOf(doc('p/a', { title: 'x', body: '他是大学生。', lang: 'zh' })), '学生')).toEqual(['p/a']);
  });

  it('finds a word inside a longer dictionary word in Japanese, kana and ー included', () => {
    const index = indexOf(
      doc('j/net', { title: 'x', body: 'インターネットを使う', lang: 'ja' }),
      doc('j/gov', { title: 'x', body: '東京都知事選挙が始まった', lang: 'ja' }),
    );
    expect(keys(index, 'ネット')).toEqual(['j/net']);
    expect(keys(index, 'インターネット')).toEqual(['j/net']);
    expect(keys(index, '知事')).toEqual(['j/gov']);
  });

  it('finds any character with a one-character query, and needs every bigram of a longer one', () => {
    const index = indexOf(
      doc('z/a', { title: 'x', body: '他是北京大学的学生', lang: 'zh' }),
      doc('z/b', { title: 'x', body: '北京很大', lang: 'zh' }),
    );
    expect(keys(index, '京').sort()).toEqual(['z/a', 'z/b']);
    expect(keys(index, '生')).toEqual(['z/a']);
    expect(keys(index, '北京大学')).toEqual(['z/a']);
    expect(keys(index, '京大')).toEqual(['z/a']);
  });

  it('does not look for Han bigrams one edit away (astral characters included)', () => {
    const index = indexOf(doc('z/a', { title: 'x', body: '𠀀𠀁的字', lang: 'zh' }));
    expect(keys(index, '𠀀𠀁')).toEqual(['z/a']);
    expect(keys(index, '𠀀𠀂')).toEqual([]);
  });

  it('leaves Korean words whole', () => {
    const index = indexOf(doc('k/a', { title: 'x', body: '서울특별시에서 열린 회의', lang: 'ko' }));
    expect(keys(index, '서울')).toEqual(['k/a']);
    expect(keys(index, '특별')).toEqual([]);
  });

  it('marks what was found: the query word, not the dictionary word around it nor a bigram of it', () => {
    expect(markedIn({ body: '他是大学生。', lang: 'zh' }, '学生')).toEqual(['学生']);
    expect(markedIn({ body: '他是大学生。', lang: 'zh' }, '学')).toEqual(['学']);
    expect(markedIn({ body: '东京都知事选举', lang: 'zh' }, '知事')).toEqual(['知事']);
    expect(markedIn({ body: 'インターネットを使う', lang: 'ja' }, 'ネット')).toEqual(['ネット']);
    // Overlapping query words are marked as one range.
    const [hit] = searchHits(indexOf(doc('p/a', { title: 'x', body: '他是北京大学生', lang: 'zh' })), '北京大学 大学生');
    expect(hit!.snippet.highlights).toEqual([[2, 7]]);
  });
});

describe('search: numbers in digit groups', () => {
  const index = indexOf(
    doc('n/en', { title: 'x', body: 'It cost 1,200,000 dollars', lang: 'en' }),
    doc('n/fa', { title: 'x', body: 'قیمت ۱٬۲۰۰٬۰۰۰ تومان است' }),
    doc('n/de', { title: 'x', body: 'Es kostet 1.200.000 Euro', lang: 'de' }),
    doc('n/fr', { title: 'x', body: 'Il coûte 1\u202F200\u202F000 euros', lang: 'fr' }),
    doc('n/plain', { title: 'x', body: 'price 1200000 total', lang: 'en' }),
    doc('n/date', { title: 'x', body: 'on 2024-03-01 at 3.5 percent', lang: 'en' }),
  );
  const all = ['n/de', 'n/en', 'n/fa', 'n/fr', 'n/plain'];

  it('finds a number typed without separators, with them, or as its start', () => {
    expect(keys(index, '1200000').sort()).toEqual(all);
    expect(keys(index, '1,200,000').sort()).toEqual(all);
    expect(keys(index, '۱٬۲۰۰٬۰۰۰').sort()).toEqual(all);
    expect(keys(index, '1200').sort()).toEqual(all);
  });

  it('still finds a number by a group of it, and leaves dates and decimals alone', () => {
    expect(keys(index, '200').sort()).toEqual(['n/de', 'n/en', 'n/fa', 'n/fr']);
    expect(keys(index, '20240301')).toEqual([]);
    expect(keys(index, '35')).toEqual([]);
  });

  it('marks the number as written', () => {
    expect(markedIn({ body: 'It cost 1,200,000 dollars', lang: 'en' }, '1200000')).toEqual(['1,200,000']);
    expect(markedIn({ body: 'قیمت ۱٬۲۰۰٬۰۰۰ تومان است' }, '1200000')).toEqual(['۱٬۲۰۰٬۰۰۰']);
    expect(markedIn({ body: 'Il coûte 1\u202F200\u202F000 euros', lang: 'fr' }, '1,200,000')).toEqual(['1\u202F200\u202F000']);
    expect(markedIn({ body: 'It cost 1,200,000 dollars', lang: 'en' }, '200')).toEqual(['200']);
  });
});

describe('search: Thai, Lao, Khmer and Myanmar with a segmenter', () => {
  it('finds the words the segmenter makes, as before', () => {
    const index = indexOf(doc('t/a', { title: 'x', body: 'รัฐบาลไทยประกาศนโยบายใหม่', lang: 'th' }));
    expect(keys(index, 'นโยบาย')).toEqual(['t/a']);
    expect(keys(index, 'รัฐบาล')).toEqual(['t/a']);
  });
  // Known limit: a word the segmenter's dictionary joins to another (Lao ກິນເຂົ້າ "eat rice") is not found alone
  // (ເຂົ້າ "rice"). Indexing cluster bigrams too would fix it at several times the index size for these scripts.
});

describe('search without Intl.Segmenter', () => {
  let search: typeof import('./search');
  const saved = Object.getOwnPropertyDescriptor(Intl, 'Segmenter');

  beforeAll(async () => {
    // The segmenter is looked for on first use: a fresh copy of the modules finds none.
    delete (Intl as { Segmenter?: unknown }).Segmenter;
    vi.resetModules();
    search = await import('./search');
  });
  afterAll(() => {
    if (saved) Object.defineProperty(Intl, 'Segmenter', saved);
  });

  const build = (body: string, lang = 'th'): SearchIndex => {
    const index = search.createSearchIndex();
    search.addDocuments(index, [doc('p/a', { title: 'x', body, lang })]);
    return index;
  };
  const found = (body: string, q: string): string[] => search.searchIndex(build(body), q).map((r) => r.key);
  const marked = (body: string, q: string): string[] => {
    const { text, highlights } = search.searchHits(build(body), q)[0]!.snippet;
    return highlights.map(([s, e]) => text.slice(s, e));
  };

  it('finds a Thai word in the middle of a phrase', () => {
    expect(found('รัฐบาลไทยประกาศนโยบายใหม่', 'นโยบาย')).toEqual(['p/a']);
    expect(found('รัฐบาลไทยประกาศนโยบายใหม่', 'ประกาศนโยบาย')).toEqual(['p/a']);
    expect(found('รัฐบาลไทยประกาศนโยบายใหม่', 'ภาษา')).toEqual([]);
  });

  it('finds the first word of a Thai phrase longer than 64 characters', () => {
    const phrase = 'รัฐบาลไทยประกาศนโยบายเศรษฐกิจใหม่เพื่อช่วยเหลือประชาชนที่ได้รับผลกระทบจากน้ำท่วม';
    expect(phrase.length).toBeGreaterThan(64);
    expect(found(phrase, 'รัฐบาล')).toEqual(['p/a']);
  });

  it('finds words inside Lao, Khmer and Myanmar phrases', () => {
    expect(found('ຂ້ອຍກິນເຂົ້າ', 'ເຂົ້າ')).toEqual(['p/a']);
    expect(found('ខ្ញុំញ៉ាំបាយ', 'បាយ')).toEqual(['p/a']);
    expect(found('ကျွန်တော်ထမင်းစားတယ်', 'ထမင်း')).toEqual(['p/a']);
  });

  it('marks the query word in the phrase', () => {
    expect(marked('รัฐบาลไทยประกาศนโยบายใหม่', 'นโยบาย')).toEqual(['นโยบาย']);
    expect(marked('ฉันดื่มน้ำเย็นทุกวัน', 'น้ำ')).toEqual(['น้ำ']);
  });

  it('finds and marks Han the same as with a segmenter', () => {
    expect(found('他是大学生。', '学生')).toEqual(['p/a']);
    expect(marked('他是大学生。', '学生')).toEqual(['学生']);
  });

  it('refuses an index made where there was a segmenter: the app builds it again', () => {
    const data = serializeIndex(indexOf(doc('p/a', { title: 'x', body: 'ภาษาไทย', lang: 'th' })));
    expect(search.loadIndex(structuredClone(data))).toBeNull();
    expect(search.loadIndex(structuredClone(search.serializeIndex(build('ภาษาไทย'))))).not.toBeNull();
  });
});

describe('search: emoji, Arabic article, Kurdish/Urdu/Pashto and Hindi spellings, hyphens, long queries', () => {
  const index = indexOf(
    doc('tg/1', { title: 'اخبار امروز', body: '▪️خبر فوری از تهران\n⚠️هشدار هواشناسی' }),
    doc('en/1', { title: 'Love', body: 'I ❤️ pizza and ☺️ smiles', lang: 'en' }),
    doc('ja/1', { title: '名前', body: '葛\u{E0100}城市に行きました', lang: 'ja' }),
    doc('ar/1', { title: 'خبر', body: 'زار الرئيس المدرسة الجديدة وقرأ القرآن في المسجد. بالعربية. في البيت', lang: 'ar' }),
    doc('ur/1', { title: 'گھر', body: 'میرے بھائی کا گھر', lang: 'ur' }),
    doc('ku/1', { title: 'ھەولێر', body: 'ڕۆژ باش. گوڵ', lang: 'ckb' }),
    doc('ps/1', { title: 'ګل', body: 'ګل ښه دی', lang: 'ps' }),
    doc('hi/1', { title: 'हिन्दी', body: 'मैं घर पर हूँ, ज़रा रुको', lang: 'hi' }),
    doc('en/2', { title: 'Vaccines', body: 'COVID-19 and Wi-Fi by e-mail', lang: 'en' }),
  );

  it('finds a word written right after an emoji with a variation selector, and no emoji query matches everything', () => {
    expect(keys(index, 'خبر')).toContain('tg/1');
    expect(keys(index, 'هشدار')).toEqual(['tg/1']);
    expect(keys(index, '❤️')).toEqual([]);
    expect(keys(index, '葛城')).toEqual(['ja/1']);
  });

  it('finds Arabic words written with the article, typed without it, and marks the whole word', () => {
    for (const [q, word] of [
      ['قرآن', 'القرآن'],
      ['مسجد', 'المسجد'],
      ['مدرسة', 'المدرسة'],
      ['رئيس', 'الرئيس'],
      ['عربية', 'بالعربية'],
      ['بيت', 'البيت'],
    ]) {
      const hit = searchHits(index, q!).find((h) => h.key === 'ar/1');
      expect(hit, q).toBeDefined();
      expect(hit!.snippet.highlights.map(([s, e]) => hit!.snippet.text.slice(s, e))).toContain(word);
    }
  });

  it('ranks a word as written above the same word with an article', () => {
    const ranked = indexOf(
      doc('a/with', { title: 'الهام', body: 'متن' }),
      doc('a/without', { title: 'هام', body: 'متن' }),
      doc('a/quran', { title: 'القرآن', body: 'متن' }),
      doc('a/quran2', { title: 'قرآن', body: 'متن' }),
    );
    expect(keys(ranked, 'هام')).toEqual(['a/without', 'a/with']);
    expect(keys(ranked, 'الهام')).toEqual(['a/with']);
    expect(keys(ranked, 'قرآن')).toEqual(['a/quran2', 'a/quran']);
  });

  it('finds Kurdish, Urdu and Pashto spellings typed on a Persian keyboard', () => {
    expect(keys(index, 'گهر')).toEqual(['ur/1']);
    expect(keys(index, 'هولیر')).toEqual(['ku/1']);
    expect(keys(index, 'روژ')).toEqual(['ku/1']);
    expect(keys(index, 'گول')).toEqual(['ku/1']);
    expect(keys(index, 'گل')).toContain('ps/1');
  });

  it('finds Hindi written with chandrabindu, nukta or a dead n typed the other way', () => {
    for (const q of ['हूं', 'हूँ', 'जरा', 'ज़रा', 'हिंदी', 'हिन्दी']) expect(keys(index, q), q).toEqual(['hi/1']);
  });

  it('finds a hyphenated word typed joined, and marks it whole', () => {
    for (const [q, word] of [
      ['covid19', 'COVID-19'],
      ['wifi', 'Wi-Fi'],
      ['email', 'e-mail'],
    ]) {
      const [hit] = searchHits(index, q!);
      expect(hit?.key, q).toBe('en/2');
      expect(hit!.snippet.highlights.map(([s, e]) => hit!.snippet.text.slice(s, e))).toEqual([word]);
    }
  });
});
