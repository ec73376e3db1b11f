import { describe, expect, it } from 'vitest';
import { articleHref, libraryHref, parseRoute } from './use-route';
import { detectUiLang, makeI18n, num } from './i18n';
import { importText } from './i18n-import';

describe('hash routes', () => {
  it('round-trips article ids in any script, with and without a publisher', () => {
    for (const id of ['hello-world', 'امنیت-گوشی', '中文-新闻', 'a b/c']) {
      expect(parseRoute(articleHref(id))).toEqual({ name: 'article', id, publisherId: undefined });
      expect(parseRoute(articleHref(id, 'other-pub'))).toEqual({ name: 'article', id, publisherId: 'other-pub' });
    }
  });
  it('maps the root, settings and share-target routes, and anything unknown to the library', () => {
    expect(parseRoute('')).toEqual({ name: 'library' });
    expect(parseRoute('#/')).toEqual({ name: 'library' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/import-shared')).toEqual({ name: 'import-shared' });
    expect(parseRoute('#/nope')).toEqual({ name: 'library' });
    expect(parseRoute('#/article/%E0%A4%A')).toEqual({ name: 'article', id: '%E0%A4%A', publisherId: undefined });
  });
  it('keeps the library section (a tag in any script) and the order in the hash, and drops the defaults', () => {
    expect(libraryHref({})).toBe('#/');
    expect(libraryHref({ sort: 'newest' })).toBe('#/');
    for (const section of ['guide', 'امنیت', 'a&b=c?d/e']) {
      expect(parseRoute(libraryHref({ section }))).toEqual({ name: 'library', section });
      expect(parseRoute(libraryHref({ section, sort: 'oldest' }))).toEqual({ name: 'library', section, sort: 'oldest' });
    }
    expect(parseRoute('#/?sort=oldest')).toEqual({ name: 'library', sort: 'oldest' });
    expect(parseRoute('#/?sort=sideways&section=')).toEqual({ name: 'library' });
  });
});

describe('interface language', () => {
  it('is Persian when Persian comes before English, English otherwise', () => {
    expect(detectUiLang(['fa-IR', 'en-US'])).toBe('fa');
    expect(detectUiLang(['en-GB', 'fa'])).toBe('en');
    expect(detectUiLang(['de-DE', 'fa-IR'])).toBe('fa');
    expect(detectUiLang(['de-DE'])).toBe('en');
    expect(detectUiLang([])).toBe('en');
  });
  it('is Persian for Dari and Tajik in the Persian script, not for Tajik in Cyrillic', () => {
    expect(detectUiLang(['prs-AF'])).toBe('fa');
    expect(detectUiLang(['tg-Arab'])).toBe('fa');
    expect(detectUiLang(['tg-TJ', 'fa'])).toBe('fa');
    expect(detectUiLang(['tg'])).toBe('en');
    expect(detectUiLang(['tg-Cyrl-TJ'])).toBe('en');
  });
  it('writes numbers in Persian digits and runs right to left in Persian', () => {
    const fa = makeI18n('fa');
    expect(fa.dir).toBe('rtl');
    expect(fa.n(2026)).toBe('۲۰۲۶');
    expect(makeI18n('en').n(2026)).toBe('2026');
    expect(importText(fa).importDone(fa.n(3), fa.n(1), fa.n(40))).toBe('۳ تازه، ۱ به‌روزشده، ۴۰ از پیش موجود');
  });
  it('writes every number as Intl.NumberFormat would (whole numbers spelt without it)', () => {
    for (const [lang, locale] of [
      ['fa', 'fa-IR'],
      ['en', 'en'],
    ] as const) {
      const intl = new Intl.NumberFormat(locale, { useGrouping: false });
      for (const n of [0, 7, 10, 99, 1234, 1_000_000, 2 ** 40, 3.5, -2, 0.25, Number.MAX_SAFE_INTEGER])
        expect(num(n, lang), `${lang} ${n}`).toBe(intl.format(n));
    }
  });
});
