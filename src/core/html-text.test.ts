import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-text';

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
