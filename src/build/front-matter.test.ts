import { describe, expect, it } from 'vitest';
import { normalizeDate, readFrontMatter, splitFrontMatter } from './front-matter';

const read = (yaml: string, lang = 'fa') => readFrontMatter(yaml, { lang });

describe('splitFrontMatter', () => {
  it('cuts the leading --- block, with CRLF and a BOM', () => {
    const s = splitFrontMatter('\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n');
    expect(s.yaml).toBe('title: A');
    expect(s.body).toBe('Body\n');
    expect(s.bodyLine).toBe(4);
  });

  it('accepts ... as the end and reports a file without front matter', () => {
    expect(splitFrontMatter('---\ntitle: A\n...\nB').body).toBe('B');
    expect(splitFrontMatter('# Just Markdown').yaml).toBeUndefined();
  });
});

describe('readFrontMatter', () => {
  it('reads every field and fills the defaults', () => {
    const fm = read('title: "Hello"\ndate: 2024-05-01\nsummary: "Short"\nauthor: "Ana"\ntags: [a, b, a]');
    expect(fm).toEqual({
      title: 'Hello',
      date: '2024-05-01',
      version: Date.UTC(2024, 4, 1) / 1000,
      lang: 'fa',
      dir: 'rtl',
      summary: 'Short',
      author: 'Ana',
      tags: ['a', 'b'],
    });
  });

  it('accepts a YAML date and an ISO string, with or without time and zone', () => {
    expect(read('title: A\ndate: 2024-05-01').date).toBe('2024-05-01');
    expect(read('title: A\ndate: "2024-05-01"').date).toBe('2024-05-01');
    expect(read('title: A\ndate: 2024-05-01T10:30:00Z').date).toBe('2024-05-01T10:30:00.000Z');
    expect(read('title: A\ndate: "2024-05-01T10:30:00+03:30"').date).toBe('2024-05-01T07:00:00.000Z');
    expect(read('title: A\ndate: 2024-05-01 10:30').date).toBe('2024-05-01T10:30:00.000Z');
    expect(read('title: A\ndate: 2024-05-01T10:30:00.123456+0100').date).toBe('2024-05-01T09:30:00.123Z');
  });

  it('takes the version from updated when there is one', () => {
    const fm = read('title: A\ndate: 2024-05-01\nupdated: 2024-06-01T00:00:10Z');
    expect(fm.updated).toBe('2024-06-01T00:00:10.000Z');
    expect(fm.version).toBe(Date.UTC(2024, 5, 1) / 1000 + 10);
  });

  it('reads tags as a list or one comma-separated string (Latin or Arabic comma)', () => {
    expect(read('title: A\ndate: 2024-01-01\ntags: news').tags).toEqual(['news']);
    expect(read('title: A\ndate: 2024-01-01\ntags: "news, phones ,"').tags).toEqual(['news', 'phones']);
    expect(read('title: A\ndate: 2024-01-01\ntags: "امنیت، تلفن"').tags).toEqual(['امنیت', 'تلفن']);
    expect(read('title: A\ndate: 2024-01-01\ntags: [2024, safety]').tags).toEqual(['2024', 'safety']);
    expect(read('title: A\ndate: 2024-01-01').tags).toEqual([]);
  });

  it('canonicalises lang, follows its direction, and lets dir override it', () => {
    expect(read('title: A\ndate: 2024-01-01\nlang: EN-us', 'fa')).toMatchObject({ lang: 'en-US', dir: 'ltr' });
    expect(read('title: A\ndate: 2024-01-01\nlang: iw', 'en')).toMatchObject({ lang: 'he', dir: 'rtl' });
    expect(read('title: A\ndate: 2024-01-01\nlang: ku-arab', 'en')).toMatchObject({ lang: 'ku-Arab', dir: 'rtl' });
    expect(read('title: A\ndate: 2024-01-01\nlang: en\ndir: rtl')).toMatchObject({ lang: 'en', dir: 'rtl' });
    expect(read('title: A\ndate: 2024-01-01', 'en')).toMatchObject({ lang: 'en', dir: 'ltr' });
  });

  it('takes a number as a title', () => {
    expect(read('title: 1984\ndate: 2024-01-01').title).toBe('1984');
  });

  it.each([
    [undefined, /no front matter/],
    ['date: 2024-01-01', /missing title/],
    ['title: ""\ndate: 2024-01-01', /missing title/],
    ['title: A', /missing date/],
    ['title: A\ndate: yesterday', /date "yesterday" is not a date/],
    ['title: A\ndate: 2024-02-30', /date "2024-02-30" is not a date/],
    ['title: A\ndate: 2024-01-01T25:00:00Z', /is not a date/],
    ['title: A\ndate: 2024', /date "2024" is not a date/],
    ['title: A\ndate: 2024-01-01\nupdated: soon', /updated "soon" is not a date/],
    ['title: A\ntitle: B\ndate: 2024-01-01', /broken front matter: Map keys must be unique \(line 3\)/],
    ['title: [A\ndate: 2024-01-01', /broken front matter/],
    ['- a\n- b', /must be a YAML mapping/],
    ['title: A\ndate: 2024-01-01\nlang: "not a tag!"', /lang "not a tag!" is not a BCP 47 language tag/],
    ['title: A\ndate: 2024-01-01\ndir: auto', /dir must be "rtl" or "ltr"/],
    ['title: A\ndate: 2024-01-01\ntags: {a: 1}', /tags must be a list/],
    ['title: {a: 1}\ndate: 2024-01-01', /title must be text/],
    [`title: "${'x'.repeat(1001)}"\ndate: 2024-01-01`, /title is longer than 1000/],
  ])('refuses %j with a clear reason', (yaml, reason) => {
    expect(() => read(yaml as string)).toThrow(reason);
  });

  it('warns about unknown fields', () => {
    const warnings: string[] = [];
    readFrontMatter('title: A\ndate: 2024-01-01\ntitel: typo', { lang: 'en' }, (w) => warnings.push(w));
    expect(warnings).toEqual(['unknown front matter field "titel" is ignored.']);
  });
});

describe('normalizeDate', () => {
  it('checks the calendar', () => {
    expect(normalizeDate('2024-02-29')).toBe('2024-02-29');
    expect(normalizeDate('2023-02-29')).toBeUndefined();
    expect(normalizeDate(new Date(Date.UTC(2020, 0, 2)))).toBe('2020-01-02T00:00:00.000Z');
    expect(normalizeDate(20240101)).toBeUndefined();
  });
});
