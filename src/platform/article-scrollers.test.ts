// @vitest-environment jsdom
/** The article view's sanitised body: code blocks and tables, which scroll sideways when wide, take the keyboard's focus. */
import { describe, expect, it } from 'vitest';
import { loadArticleSanitizer } from './article-html';

describe('the article view’s body', () => {
  it('makes code blocks and tables focusable, so a keyboard can scroll them; the reader file’s text is left as it was', async () => {
    const sanitizer = await loadArticleSanitizer();
    const html = '<p>Before <code>inline()</code></p><pre><code>a very long line</code></pre><table><tr><td>1</td></tr></table>';
    const fragment = sanitizer.fragment(html);
    expect([...fragment.querySelectorAll('[tabindex]')].map((el) => [el.localName, el.getAttribute('tabindex')])).toEqual([
      ['pre', '0'],
      ['table', '0'],
    ]);
    // Hostile input cannot give itself a tab stop elsewhere: the policy still drops tabindex from what it is given.
    expect(sanitizer.fragment('<p tabindex="1">x</p>').querySelector('[tabindex]')).toBeNull();
    expect(sanitizer.text(html)).not.toContain('tabindex');
  });
});
