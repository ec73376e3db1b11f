import { describe, expect, it } from 'vitest';
import { isPageToSw, isSwToPage } from './messages';

describe('messages between the page and the service worker', () => {
  it('takes only the shapes it knows', () => {
    expect(isPageToSw({ type: 'SKIP_WAITING' })).toBe(true);
    expect(isPageToSw({ type: 'FETCH_PACKS', urls: ['https://example.org/content/pack-ab.html'] })).toBe(true);
    expect(isPageToSw({ type: 'STOP_PACKS' })).toBe(true);
    expect(isPageToSw({ type: 'ERASE' })).toBe(true);
    expect(isPageToSw({ type: 'FETCH_PACKS', urls: 'https://example.org/content/pack-ab.html' })).toBe(false);
    expect(isPageToSw({ type: 'FETCH_PACKS', urls: [1] })).toBe(false);
    expect(isPageToSw({ type: 'FETCH_PACKS' })).toBe(false);
    expect(isPageToSw({ type: 'SOMETHING_ELSE' })).toBe(false);
    expect(isPageToSw(null)).toBe(false);
    expect(isSwToPage({ type: 'PRECACHE_PROGRESS', done: 1, total: 2 })).toBe(true);
    expect(isSwToPage({ type: 'PRECACHE_PROGRESS', done: '1', total: 2 })).toBe(false);
  });
});
