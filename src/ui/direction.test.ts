// @vitest-environment jsdom
/**
 * Text of the other direction set into a sentence: each case runs the Unicode Bidirectional Algorithm (bidi-js) over
 * what the page shows, and checks that the reader sees the inserted value whole and in its own order.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import bidiFactory from 'bidi-js';
import { I18nContext, makeI18n } from './i18n';
import { describeFailure } from './errors';
import { ImportPrompt } from './ImportPrompt';
import { importText } from './i18n-import';

const bidi = bidiFactory();

/** The characters in display order, left to right (BMP text; mirroring ignored: only the order is checked). */
function visual(text: string, dir: 'rtl' | 'ltr'): string {
  const levels = bidi.getEmbeddingLevels(text, dir);
  const chars = text.split('');
  for (const [start, end] of bidi.getReorderSegments(text, levels)) {
    chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
  }
  return chars.join('');
}

/** A node's text as the browser lays it out: <bdi> and elements with `dir` isolate their content (HTML's UA style). */
function logical(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  const inner = [...node.childNodes].map(logical).join('');
  const dir = node.getAttribute('dir');
  if (dir === 'ltr') return `\u2066${inner}\u2069`;
  if (dir === 'rtl') return `\u2067${inner}\u2069`;
  if (dir === 'auto' || node.localName === 'bdi') return `\u2068${inner}\u2069`;
  return inner;
}

const strip = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

describe('values of the other direction inside Persian sentences', () => {
  it('shows the untrusted key’s fingerprint in its own order in the Persian import question', () => {
    // A fingerprint (core/signing.ts fingerprint()) whose first groups are digits only: about one key in seven.
    const fingerprint = '1234 5678 ABCD EF01 2345';
    const root = document.createElement('div');
    act(() =>
      render(
        h(
          I18nContext.Provider,
          { value: makeI18n('fa') },
          h(ImportPrompt, { pending: { publisher: fingerprint, words: importText, accept() {}, cancel() {} } }),
        ),
        root,
      ),
    );
    const p = root.querySelector('p')!;
    const seen = strip(visual(logical(p), 'rtl'));
    render(null, root);
    // Without its own direction the reader saw "ABCD EF01 2345 5678 1234": not the key the publisher announces.
    expect(seen).toContain(fingerprint);
  });

  it('shows an article id that starts with digits in its own order in Persian error sentences', () => {
    const fa = makeI18n('fa');
    const article = '2024-05-report';
    for (const code of ['duplicate', 'hash-mismatch'] as const) {
      const sentence = describeFailure({ code, message: '', params: { article } }, fa);
      // Without isolation: «report-05-2024».
      expect(strip(visual(sentence, 'rtl'))).toContain(article);
    }
  });

  it('keeps the English sentence of the no-JavaScript notice whole in the right-to-left page', () => {
    const html = readFileSync(resolve(__dirname, '../../index.html'), 'utf8');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const dir = (doc.documentElement.getAttribute('dir') ?? 'ltr') as 'rtl' | 'ltr';
    const noscript = doc.querySelector('noscript')!;
    // A <noscript> holds markup where scripting is off (DOMParser), text where it is on: read it as markup either way.
    const inner = noscript.querySelector('p') ? noscript : new DOMParser().parseFromString(noscript.textContent ?? '', 'text/html').body;
    const paragraphs = [...inner.querySelectorAll('p')].map((p) => ({ p, dir: (p.getAttribute('dir') as 'rtl' | 'ltr' | null) ?? dir }));
    const english = paragraphs.find(({ p }) => p.textContent?.includes('This app needs JavaScript.'))!;
    // In one right-to-left paragraph: ".This app needs JavaScript" (the full stop jumped to the start).
    expect(strip(visual(logical(english.p), english.dir))).toContain('This app needs JavaScript.');
  });
});
