// @vitest-environment jsdom
/** The reader file's search, on a page the real writer made: hidden with scripts off, and what it finds with them on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { chunksToBytes } from '../core/bundle-write';
import { writeReaderFile } from '../core/reader-file';
import { makeEdition, readerFileInput } from '../core/testing/sample';
import { foldText, queryWords } from './search';

describe('foldText and queryWords', () => {
  it('fold Arabic letter forms, vowel marks and tatweel to what Persian readers type, and part a query at a ZWNJ', () => {
    expect(foldText('كتابِ علي')).toBe(foldText('کتاب علی'));
    expect(foldText('كتـــاب')).toBe('کتاب');
    expect(foldText('می\u200Cخواهم  Hello\n')).toBe('میخواهم hello ');
    // As the app's search finds them: hamza seats, presentation forms, Persian and Arabic digits, accents.
    expect(foldText('أحمد إيران ﻙﺘﺎﺏ ۱۴۰۲ ٣ Café')).toBe(foldText('احمد ایران کتاب 1402 3 cafe'));
    expect(queryWords(' می\u200Cخواهم  ')).toEqual(['می', 'خواهم']);
    expect(queryWords(' \u200C ')).toEqual([]);
  });
});

describe('the search box of a reader file', () => {
  let html = '';
  const entry = (id: string): HTMLElement => document.querySelector<HTMLElement>(`nav.or-toc li:has(> a[href="#a-${id}"])`)!;
  const shown = (): string[] =>
    [...document.querySelectorAll<HTMLElement>('nav.or-toc li')]
      .filter((li) => !li.hidden)
      .map((li) => li.querySelector('a')!.hash.slice(3));
  const status = (): string => document.querySelector('.or-search [role=status]')!.textContent ?? '';
  const search = (text: string): void => {
    const input = document.querySelector<HTMLInputElement>('.or-search input')!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
  };

  beforeAll(async () => {
    const ed = await makeEdition({
      extra: {
        arabic: '<p>كتاب علي را خواند.</p>',
        zwnj: '<p>من می\u200Cخواهم بخوانم.</p>',
      },
    });
    html = new TextDecoder().decode(chunksToBytes(await writeReaderFile(readerFileInput(ed))));
    const page = new DOMParser().parseFromString(html, 'text/html');
    document.replaceChild(document.importNode(page.documentElement, true), document.documentElement);
    window.scrollTo = () => undefined;
  });

  it('is hidden with scripts off, the contents listing every article', () => {
    expect(document.querySelector<HTMLElement>('.or-search')!.hidden).toBe(true);
    expect(html).toMatch(/<div class="or-search" hidden data-none="[^"]+" data-one="[^"]+" data-many="[^"]+"><label for="or-q">/);
    expect(shown()).toHaveLength(4);
  });

  it('with the script on, finds articles by their text in Persian and Arabic letter forms, and says how many', async () => {
    await import('./main');
    expect(document.querySelector<HTMLElement>('.or-search')!.hidden).toBe(false);
    expect(entry('arabic').hidden).toBe(false);
    // Typed with Persian forms, written with Arabic ones: the site is Persian, so is the count.
    search('کتاب علی');
    expect(shown()).toEqual(['arabic']);
    expect(status()).toBe('۱ مقاله این واژه‌ها را دارد.');
    // A ZWNJ-joined word, typed with the ZWNJ, a space or nothing.
    for (const typed of ['می\u200Cخواهم', 'می خواهم', 'میخواهم', 'بخوانم']) {
      search(typed);
      expect(shown(), typed).toEqual(['zwnj']);
    }
    // A word of a body, not of its title or summary (in capitals); then a word of three articles' titles.
    search('INSIDE');
    expect(shown()).toEqual(['hello-world']);
    search('friends');
    expect(shown().sort()).toEqual(['arabic', 'hello-world', 'zwnj']);
    expect(status()).toBe('۳ مقاله این واژه‌ها را دارد.');
    search('friends nowhere');
    expect(shown()).toEqual([]);
    expect(status()).toBe('هیچ مقاله‌ای همهٔ این واژه‌ها را ندارد.');
    // Nothing typed: every article again, and nothing said.
    search('  ');
    expect(shown()).toHaveLength(4);
    expect(status()).toBe('');
  });
});
