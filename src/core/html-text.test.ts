import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, tidyLines } from './html-text';

describe('htmlToText', () => {
  it('removes tags and keeps every piece of text', () => {
    expect(htmlToText('<p>Hello <b>wor</b>ld, <a href="x">link</a>!</p>')).toBe('Hello world, link!');
  });

  it('puts block elements on their own lines', () => {
    expect(htmlToText('<h1>Title</h1><p>One</p><p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>')).toBe('Title\nOne\nTwo\nThree\na\nb');
  });

  it('separates table cells with spaces', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>')).toBe('a b\nc');
  });

  it('collapses source whitespace like a browser', () => {
    expect(htmlToText('<p>\n  one\n\ttwo   three\n</p>')).toBe('one two three');
  });

  it('decodes entities', () => {
    expect(htmlToText('<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&nbsp;g</p>')).toBe('a & b <c> "d" \'e\' f\u00A0g');
    expect(htmlToText('&#1740;&#x6CC;&#X6A9; &hellip; &laquo;x&raquo;')).toBe('یی\u06A9 \u2026 \u00ABx\u00BB');
  });

  it('keeps Persian ZWNJ written as an entity', () => {
    expect(htmlToText('<p>می&zwnj;خواهم</p>')).toBe('می\u200Cخواهم');
  });

  it('does not treat markup inside attribute values as tags', () => {
    expect(htmlToText('<a title="a > b" data-x=\'<p>\'>text</a>')).toBe('text');
  });

  it('drops comments, doctype and the content of script and style', () => {
    expect(htmlToText('<!doctype html><!-- hidden --><p>shown</p><script>alert("<p>x</p>")</script><style>p{}</style>')).toBe('shown');
    expect(htmlToText('a<SCRIPT type="x">evil()</SCRIPT >b')).toBe('ab');
  });

  it('keeps a < that starts no tag', () => {
    expect(htmlToText('<p>1 < 2 and 3 <= 4</p>')).toBe('1 < 2 and 3 <= 4');
  });

  it('survives broken markup', () => {
    expect(htmlToText('<p>open <b title="never closed>rest')).toBe('open');
    expect(htmlToText('text <!-- never closed')).toBe('text');
    expect(htmlToText('<script>never closed')).toBe('');
    expect(htmlToText('')).toBe('');
  });

  it('handles pathological input in one pass', () => {
    const hostile = '<'.repeat(50_000) + '<!'.repeat(50_000) + '<a "'.repeat(50_000) + '&#'.repeat(50_000);
    expect(typeof htmlToText(hostile)).toBe('string');
    expect(htmlToText('<b>'.repeat(100_000) + 'x')).toBe('x');
  });
});

/** A seeded generator of numbers in [0, 1): the same cases on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('htmlToText on hostile and long bodies', () => {
  it('takes time linear in a long run of spaces with no line feed', () => {
    // 800 KB of single spaces between tags: `[ \t]*\n` was tried again from every space of the run, and the run found
    // no line feed: seconds here, and about 40 s with the tabs below (8 MB, a body's limit: hours), on every start of the
    // search worker. Linear: milliseconds.
    const hostile = '<i> </i>'.repeat(100_000);
    const started = performance.now();
    expect(htmlToText(hostile)).toBe('');
    // Tabs (written as references: a tab in the source is a space) between single spaces, and still no line feed.
    const tabs = htmlToText(`a${hostile}b${'&#9; '.repeat(100_000)}c`);
    // Compared whole but not printed whole: a failure's diff of a megabyte string takes minutes.
    expect(tabs.length).toBe(200_004);
    expect(tabs === `a b${'\t '.repeat(100_000)}c`).toBe(true);
    // Far over what the linear scan takes on a slow machine, far under what the old one took on a fast one.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('tidies white space exactly as the regular expressions it replaces did', () => {
    // The old tidying, quadratic on long runs of spaces: fine on the short strings below.
    const before = (s: string) =>
      s
        .replace(/[ \t]*\n[ \t\n]*/g, '\n')
        .replace(/ {2,}/g, ' ')
        .trim();
    const alphabet = [' ', ' ', '\t', '\n', 'a', 'ب', '\u00A0', '\r', '\u200C'];
    const random = seeded(7);
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let len = Math.floor(random() * 24); len > 0; len--) s += alphabet[Math.floor(random() * alphabet.length)];
      expect(tidyLines(s), JSON.stringify(s)).toBe(before(s));
    }
  });

  it('with a limit, gives exactly the start of the whole text', () => {
    const pieces = ['<p>', '</p>', '<br>', ' ', '  ', 'word', 'واژه', '&#9;', '&#10;', '&nbsp;', '<td>', '<script>x</script>', '\n'];
    const random = seeded(11);
    for (let k = 0; k < 3_000; k++) {
      let html = '';
      for (let len = Math.floor(random() * 40); len > 0; len--) html += pieces[Math.floor(random() * pieces.length)];
      const whole = htmlToText(html);
      for (const max of [0, 1, 2, 3, 5, 8, 13, 40, 200])
        expect(htmlToText(html, max), JSON.stringify([html, max])).toBe(whole.slice(0, max));
    }
  });
});

describe('decodeEntities', () => {
  it('replaces invalid code points with U+FFFD', () => {
    expect(decodeEntities('&#0;&#xD800;&#x110000;')).toBe('\uFFFD\uFFFD\uFFFD');
  });

  it('leaves unknown names and bare ampersands alone', () => {
    expect(decodeEntities('&unknown; AT&T & more')).toBe('&unknown; AT&T & more');
    // Names every object inherits are not entities: they stay as written, not the source text of a function.
    expect(decodeEntities('&valueOf; &toString; &constructor; &AMP;')).toBe('&valueOf; &toString; &constructor; &');
  });

  it('decodes astral code points', () => {
    expect(decodeEntities('&#x1F600;')).toBe('😀');
  });
});

describe('htmlToText: ruby annotations and accented letters by name', () => {
  it('leaves out ruby readings and their parentheses, whether their end tags are written or not', () => {
    expect(
      htmlToText('<p><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>を<ruby>勉強<rp>(</rp><rt>べんきょう</rt><rp>)</rp></ruby>する</p>'),
    ).toBe('漢字を勉強する');
    expect(htmlToText('<ruby>漢<rt>かん</rt>字<rt>じ</ruby>です')).toBe('漢字です');
    expect(htmlToText('<ruby>東京<rp>(<rt>とうきょう<rp>)</ruby>へ')).toBe('東京へ');
  });

  it('never drops the text after an annotation that is not closed', () => {
    expect(htmlToText('<p>漢<rt>かん</p><p>この文は残る</p>')).toBe('漢\nこの文は残る');
    expect(htmlToText('<ruby>字<rt>じ</ruby> and the rest')).toBe('字 and the rest');
  });

  it('decodes accented Latin letters by name, in their case', () => {
    expect(decodeEntities('Jes&uacute;s &oacute; caf&eacute; &Auml;rger &Eacute;t&eacute; &ntilde; &Ccedil;a &scaron;')).toBe(
      'Jesús ó café Ärger Été ñ Ça š',
    );
    expect(decodeEntities('&AElig;sop &oslash; &thorn;')).toBe('Æsop ø þ');
    // A letter that has no such accent, or a name that is no letter, stays as written.
    expect(decodeEntities('&qacute; &xyzuml;')).toBe('&qacute; &xyzuml;');
  });
});
