import { describe, expect, it } from 'vitest';
import { fallbacksOf, isFallbackPart, serviceWorkerUrl } from './fallbacks';

describe('fallbacks: code only some browsers need', () => {
  it('names what a page lacks in its service worker URL, and reads it back', () => {
    expect(serviceWorkerUrl([])).toBe('./sw.js');
    expect(serviceWorkerUrl(['sanitizer'])).toBe('./sw.js?fallback=sanitizer');
    const base = 'https://example.org/reader/';
    expect([...fallbacksOf(new URL(serviceWorkerUrl(['sanitizer']), base).href)]).toEqual(['sanitizer']);
    expect(fallbacksOf(new URL(serviceWorkerUrl([]), base).href).size).toBe(0);
  });

  it('ignores what it does not know in the URL', () => {
    expect(fallbacksOf('https://example.org/sw.js?fallback=ed25519&fallback=&x=sanitizer').size).toBe(0);
  });

  it('tells a marked precache entry from the others', () => {
    expect(isFallbackPart({ url: 'assets/article-purify-x.js', revision: null, fallback: 'sanitizer' })).toBe(true);
    expect(isFallbackPart({ url: 'assets/index-x.js', revision: null })).toBe(false);
    expect(isFallbackPart({ url: 'assets/a.js', revision: null, fallback: 'other' })).toBe(false);
    expect(isFallbackPart('assets/a.js')).toBe(false);
    expect(isFallbackPart(null)).toBe(false);
  });
});
