/** The "Unverified" mark goes wherever an article is offered to open: not only in the list (a forged look-alike title). */
import { describe, expect, it, vi } from 'vitest';
import { h, render, type VNode } from 'preact';
import { builtinEnvironments } from 'vitest/environments';
import type { ArticleRecord } from '../storage/db';

// The components' modules read the site's configuration, which only a build provides: mocked, then loaded in a DOM.
vi.mock('virtual:site-config', () => ({ default: { publisher: { id: 'p' } } }));
await builtinEnvironments.jsdom.setup(globalThis, { jsdom: { url: 'http://localhost/' } });
const { ContinueReading } = await import('./ContinueReading');
const { ArticleNeighbours } = await import('./ArticleNeighbours');

const article = (id: string, trust: ArticleRecord['trust']): ArticleRecord =>
  ({
    publisherId: trust === 'verified' ? 'p' : 'q',
    id,
    trust,
    meta: { id, title: `Title ${id}`, date: '2025-01-01', lang: 'en', dir: 'ltr', sha256: '', bytes: 1 },
  }) as unknown as ArticleRecord;

function shown(vnode: VNode): HTMLElement {
  const root = document.createElement('div');
  render(vnode, root);
  return root;
}

describe('the Unverified mark', () => {
  it('is on "Continue reading" for an unverified article, not for a verified one', () => {
    expect(shown(h(ContinueReading, { article: article('a', 'unverified'), position: 0.5 })).textContent).toContain('Unverified');
    expect(shown(h(ContinueReading, { article: article('b', 'verified'), position: 0.5 })).textContent).not.toContain('Unverified');
  });

  it('is on the previous/next link of an unverified article only', () => {
    const root = shown(
      h(ArticleNeighbours, { articles: [article('a', 'unverified'), article('b', 'verified'), article('c', 'verified')], at: 1 }),
    );
    const [prev, next] = [...root.querySelectorAll('a')];
    expect(prev?.textContent).toContain('Unverified');
    expect(prev?.getAttribute('href')).toBe('#/article/a/q');
    expect(next?.textContent).not.toContain('Unverified');
    expect(next?.getAttribute('href')).toBe('#/article/c');
  });
});
