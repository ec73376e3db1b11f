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

describe('splitFrontMatter without a closing line', () => {
  const UNCLOSED =
    '---\ntitle: Before the checkpoint\ndate: 2024-01-01\n\n# Before you go\n\nRemember: delete old chats and log out of Telegram.\n';

  it('does not hand the Markdown body to the YAML reader', () => {
    const split = splitFrontMatter(UNCLOSED);
    expect(split.yaml ?? '').not.toContain('Remember: delete old chats');
    expect(split.yaml).toBeUndefined();
    expect(split.unclosed).toBe(true);
  });

  it('is not reported for a closed block or a file without front matter', () => {
    expect(splitFrontMatter('---\ntitle: A\n---\nB').unclosed).toBeUndefined();
    expect(splitFrontMatter('# Just Markdown').unclosed).toBeUndefined();
  });
});

describe('dates before 1900 (Solar Hijri) and updates earlier than the date', () => {
  it('refuses a Solar Hijri date, naming the field and giving the Gregorian date', () => {
    expect(() => read('title: A\ndate: 1403-01-15')).toThrow(
      'date "1403-01-15" is before 1900: it looks like a Solar Hijri (Persian calendar) date; write the Gregorian date instead (as a Solar Hijri date, 1403-01-15 is 2024-04-03).',
    );
    expect(() => read('title: A\ndate: 1403-12-29T10:00:00Z')).toThrow(
      /^date "1403-12-29T10:00:00Z" is before 1900: .*Solar Hijri.* 2025-03-19/,
    );
    expect(() => read('title: A\ndate: 2024-01-01\nupdated: 1403-02-01')).toThrow(/^updated "1403-02-01" is before 1900: .*Solar Hijri/);
    expect(() => read('title: A\ndate: 1066-10-14')).toThrow('date "1066-10-14" is before 1900: write the Gregorian date of the article.');
  });

  it('an update written as a Solar Hijri date does not silently keep version 0 (the same as before)', () => {
    let result: string;
    try {
      const before = read('title: A\ndate: 1403-01-15').version;
      const after = read('title: A\ndate: 1403-01-15\nupdated: 1403-02-01').version;
      result = `accepted: version ${before} -> ${after}`;
      if (after > before) result = 'ok';
    } catch (e) {
      result = /date/.test((e as Error).message) ? 'ok' : `refused without naming the field: ${(e as Error).message}`;
    }
    expect(result).toBe('ok');
  });

  it('still accepts 1900 and later', () => {
    expect(read('title: A\ndate: 1900-01-01').date).toBe('1900-01-01');
  });

  it('refuses updated earlier than date (a lower version never replaces the copy readers have)', () => {
    expect(() => read('title: A\ndate: 2024-05-01\nupdated: 2024-04-01')).toThrow(
      /^updated "2024-04-01" is earlier than date "2024-05-01": /,
    );
    expect(() => read('title: A\ndate: 2024-05-01T10:00:00Z\nupdated: 2024-05-01')).toThrow(/is earlier than date/);
    expect(read('title: A\ndate: 2024-05-01\nupdated: 2024-05-01').version).toBe(Date.UTC(2024, 4, 1) / 1000);
  });
});

describe('lang given as a language name', () => {
  it('refuses it, naming the field and the code it probably means', () => {
    expect(() => read('title: A\ndate: 2024-01-01\nlang: Persian')).toThrow(
      'lang "Persian" is not a BCP 47 language tag such as fa, en or ku-Arab: did you mean fa?',
    );
    expect(() => read('title: A\ndate: 2024-01-01\nlang: farsi')).toThrow(/did you mean fa\?/);
    expect(() => read('title: A\ndate: 2024-01-01\nlang: Arabic')).toThrow(/did you mean ar\?/);
    expect(() => read('title: A\ndate: 2024-01-01\nlang: urdu')).toThrow(/did you mean ur\?/);
    expect(() => read('title: A\ndate: 2024-01-01\nlang: فارسی')).toThrow(/did you mean fa\?/);
    expect(() => read('title: A\ndate: 2024-01-01\nlang: Kurdish')).toThrow(/did you mean ckb .* or ku /);
    expect(() => read('title: A\ndate: 2024-01-01\nlang: klingonese')).toThrow(/^lang "klingonese" .*2 or 3 letters/);
  });
});

describe('direction of Arabic-script Kurdish', () => {
  it('an article with lang: ku-IQ gets dir rtl', () => {
    expect(readFrontMatter('title: A\ndate: 2024-01-01\nlang: ku-IQ', { lang: 'en' }).dir).toBe('rtl');
  });
});

describe('text fields that look like numbers', () => {
  const readEn = (yaml: string) => readFrontMatter(yaml, { lang: 'en' });

  it('keeps the title as written', () => {
    expect(readEn('title: 1.10\ndate: 2024-01-01').title).toBe('1.10');
    expect(readEn('title: 007\ndate: 2024-01-01').title).toBe('007');
    expect(readEn('title: 0x1F # hex\ndate: 2024-01-01').title).toBe('0x1F');
  });

  it('keeps tags, summary and author as written', () => {
    expect(readEn('title: A\ndate: 2024-01-01\ntags: [1.0, 2.50, 5G]').tags).toEqual(['1.0', '2.50', '5G']);
    expect(readEn('title: A\ndate: 2024-01-01\ntags:\n  - 1e3\n  - TRUE').tags).toEqual(['1e3', 'TRUE']);
    expect(readEn('title: A\ndate: 2024-01-01\nsummary: .5\nauthor: 1.50')).toMatchObject({ summary: '.5', author: '1.50' });
  });
});

describe('titles without a visible character', () => {
  for (const [name, t] of [
    ['a right-to-left mark', '\u200f'],
    ['a zero-width space and a non-joiner', '\u200b\u200c'],
    ['a left-to-right embedding and pop', ' \u202a\u202c '],
  ] as const) {
    it(`refuses a title of only ${name}`, () => {
      expect(() => read(`title: "${t}"\ndate: 2024-01-01`)).toThrow(/title/);
    });
  }

  it('names the invisible characters', () => {
    expect(() => read('title: "\u200f"\ndate: 2024-01-01')).toThrow(
      'title holds only invisible characters (U+200F RIGHT-TO-LEFT MARK): write it in visible letters.',
    );
  });

  it('still accepts a real title with marks in it', () => {
    expect(read('title: "\u200fمی\u200cخواهم"\ndate: 2024-01-01').title).toBe('\u200fمی\u200cخواهم');
  });
});
