import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../markdown';
import { isValidId } from '../../core/manifest';
import {
  cutText,
  escapeInline,
  guessLang,
  inlineCode,
  joinBlocks,
  markInline,
  rtlScriptOf,
  scriptOf,
  slugPart,
  titleFromLine,
} from './markdown-text';

/** What a reader sees of some Markdown: the text of the rendered HTML, line breaks as \n, paragraphs apart by \n\n. */
function shown(markdown: string): string {
  // The build's program has no DOM types (src/build/jsdom.d.ts): just what is used here.
  const doc = new JSDOM(renderMarkdown(markdown)).window.document as unknown as {
    querySelectorAll(selector: string): Iterable<{ replaceWith(text: string): void }>;
    body: { children: ArrayLike<{ textContent: string | null }> };
  };
  // A soft line break shows as a space, as in a browser; only <br> is a line break.
  for (const br of doc.querySelectorAll('br')) br.replaceWith('\u0001');
  return Array.from(doc.body.children)
    .map((el) =>
      (el.textContent ?? '')
        .replace(/\u0001\n/g, '\u0001')
        .replace(/\n/g, ' ')
        .replace(/\u0001/g, '\n'),
    )
    .join('\n\n');
}

describe('plain text written as Markdown reads back as the same text', () => {
  const nasty = [
    '# not a heading',
    '> not a quote',
    '- not a list',
    '+ not a list',
    '1. not a list',
    '2) not a list',
    '***',
    '---',
    '===',
    '`not code`',
    '<script>alert(1)</script>',
    '&copy; stays as typed',
    'snake_case_name and *stars* and __under__',
    '[not a link](https://example.org)',
    '![not an image](x.png)',
    '| a | b |',
    'ends with a backslash \\',
    '~~not struck~~',
    '<https://not-an-autolink.example>',
    'سلام، «نقل‌قول» و ۱۲۳ #برچسب',
  ];
  for (const text of nasty) {
    it(JSON.stringify(text), () => {
      expect(shown(joinBlocks([{ kind: 'text', markdown: escapeInline(text) }]))).toBe(text);
    });
  }

  it('keeps single line breaks as breaks and blank lines as paragraphs', () => {
    const text = 'first line\n- second\n1. third\n\nnew paragraph';
    expect(shown(joinBlocks([{ kind: 'text', markdown: escapeInline(text) }]))).toBe(text);
    expect(shown(escapeInline(text))).not.toBe(text);
  });

  it('reads Windows (CRLF) and old Mac (CR) line ends as line ends, in text, quotes and code', () => {
    const text = 'a\r\nb\r\n\r\nc\r# x\r- y';
    expect(shown(joinBlocks([{ kind: 'text', markdown: escapeInline(text) }]))).toBe('a\nb\n\nc\n# x\n- y');
    expect(joinBlocks([{ kind: 'quote', markdown: 'q\r\nr' }])).toBe('> q\\\n> r\n');
    expect(joinBlocks([{ kind: 'code', code: 'x\r\ny\r\n' }])).toBe('```\nx\ny\n```\n');
  });

  it('marks with Markdown where it cannot be misread, else with HTML, and the text stays', () => {
    expect(markInline('bold', 'bold', '', false)).toBe('**bold**');
    expect(markInline('"quoted"', 'bold', 'a', false)).toBe('<b>"quoted"</b>');
    expect(markInline('next', 'italic', '', true)).toBe('<i>next</i>');
    expect(markInline('a\n\nb', 'bold', '', false)).toBe('**a**\n\n**b**');
    expect(markInline('x', 'underline', '', false)).toBe('<u>x</u>');
    expect(shown(`${markInline('*a*', 'bold', '', false)}${markInline('b', 'italic', '', false)}`)).toBe('*a*b');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(shown(inlineCode('`x'))).toBe('`x');
  });
});

describe('titles and languages', () => {
  it('takes the first line as the title, cut at a word when long, and no title from hashtags alone', () => {
    expect(titleFromLine('  A short title  ')).toEqual({ title: 'A short title', whole: true });
    const long = titleFromLine('word '.repeat(40));
    expect(long!.whole).toBe(false);
    expect(long!.title.endsWith('word…')).toBe(true);
    expect([...long!.title].length).toBeLessThanOrEqual(121);
    expect(titleFromLine('#news #iran https://t.me/x 🔥')).toBeUndefined();
  });

  it('cuts text between user-perceived characters, within a limit counted as the build counts (UTF-16 units)', () => {
    expect(cutText('abc', 3)).toBe('abc');
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('abe\u0301', 3)).toBe('ab');
    // A family emoji is one character of several code points: all of it or none.
    expect(cutText('a👨‍👩‍👧', 6)).toBe('a');
    expect(cutText('مَن می\u200Cخواهم', 4)).toBe('مَن ');
    // A title cut inside a long word keeps whole characters: the emoji that would pass the limit goes.
    expect(titleFromLine(`${'x'.repeat(119)}😀 tail`)!.title).toBe(`${'x'.repeat(119)}…`);
  });

  it('guesses the language from the script', () => {
    const langs = { arabicScript: 'fa', other: 'en' };
    expect(guessLang('سلام دنیا hello', langs)).toBe('fa');
    expect(guessLang('Hello world سلام', langs)).toBe('en');
    expect(guessLang('123 🔥', langs)).toBe('en');
  });

  it('leaves URLs, e-mail addresses, @mentions and #hashtags out of the script count', () => {
    const langs = { arabicScript: 'fa', other: 'en' };
    expect(guessLang('گزارش کامل را بخوانید: https://www.example.com/news/2025/03/internet-shutdown-report-tehran', langs)).toBe('fa');
    expect(guessLang('ببینید www.example.com/internet-shutdown-report', langs)).toBe('fa');
    expect(guessLang('ببینید t.me/digital_rights_watch_channel', langs)).toBe('fa');
    expect(guessLang('نوشته tips@example.organization', langs)).toBe('fa');
    expect(guessLang('از @digital_rights_watch #internet_shutdown', langs)).toBe('fa');
    // Words still count, whatever links stand beside them.
    expect(guessLang('Read the full report here: https://example.org/fa/گزارش', langs)).toBe('en');
    expect(guessLang('Hello world سلام https://example.org', langs)).toBe('en');
    // A text of nothing but links or tags is judged by their letters.
    expect(scriptOf('#امنیت #گوشی')).toBe('arabic');
    expect(scriptOf('https://example.org')).toBe('other');
    expect(scriptOf('123 🔥')).toBeUndefined();
  });

  it('tells the right-to-left scripts apart, counting as scriptOf counts', () => {
    expect(rtlScriptOf('שלום עולם, hello')).toBe('Hebr');
    expect(rtlScriptOf('ייִדיש')).toBe('Hebr');
    expect(rtlScriptOf('ދިވެހި')).toBe('Thaa');
    expect(rtlScriptOf('ܠܫܢܐ ܣܘܪܝܝܐ')).toBe('Syrc');
    expect(rtlScriptOf('سلام שלום')).toBe('Arab');
    expect(rtlScriptOf('שלום https://example.org/a-long-english-address')).toBe('Hebr');
    expect(rtlScriptOf('中文 hello')).toBe('other');
    expect(rtlScriptOf('123')).toBeUndefined();
    expect(scriptOf('שלום עולם')).toBe('other');
  });
});

describe('slugPart', () => {
  it('keeps a slug within what the build takes as an id, however many bytes its letters take', () => {
    // Sixty Chinese letters are 540 characters percent-encoded: the build takes 512 with the hash.
    const one = slugPart('离'.repeat(60), 60, 501);
    expect(encodeURIComponent(one).length).toBeLessThanOrEqual(501);
    expect(one).toBe('离'.repeat(55));
    expect(isValidId(`${one}-0123456789`)).toBe(true);
    // Words stop before the bound; a word is never cut after the first.
    expect(slugPart(`${'中'.repeat(30)} ${'文'.repeat(29)}`, 60, 501)).toBe('中'.repeat(30));
    // A long word is cut between user-perceived characters: "स्" is not split from its marks.
    expect(slugPart('स्ते'.repeat(30), 120, 40)).toBe('स्ते');
    // What was within both bounds is as it was.
    expect(slugPart('اینترنت آزاد برای همه', 60, 501)).toBe('اینترنت-آزاد-برای-همه');
    expect(slugPart(`${'a'.repeat(61)} b`, 60, 501)).toBe('');
  });

  it('starts with a letter or digit', () => {
    expect(slugPart('\u0301\u0301abc def')).toBe('abc-def');
    expect(slugPart('x \u0301y')).toBe('x-\u0301y');
  });
});
