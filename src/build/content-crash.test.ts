import { describe, expect, it, vi } from 'vitest';
import { article, makeRoot, writeFile } from './__fixtures__/library';
import { buildContent } from './content';
import { BuildFailure } from './errors';

// An article whose compiling throws, as 5,000 nested <div> did after about 13 s of CPU in jsdom.
vi.mock('./compile', async (original) => {
  const actual = await original<typeof import('./compile')>();
  return {
    ...actual,
    compileArticle: async (...args: Parameters<typeof actual.compileArticle>) => {
      if (args[0].slug === 'deep') throw new RangeError('Maximum call stack size exceeded');
      return actual.compileArticle(...args);
    },
  };
});

describe('an article whose compiling throws', () => {
  it('fails the build naming that file, with the problems of the other articles, not a bare stack overflow', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'deep.md', article('title: Deep\ndate: 2024-01-01'));
    writeFile(articles, 'fine.md', article('title: Fine\ndate: 2024-01-01'));
    writeFile(articles, 'untitled.md', article('date: 2024-01-01'));
    const failure = await buildContent({
      root,
      env: { OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_EDITION: '1000' },
      readerTemplate: false,
      log: () => {},
      warn: () => {},
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BuildFailure);
    expect((failure as BuildFailure).problems.map((p) => p.message)).toEqual([
      "articles/deep.md: the build cannot read this article's HTML (Maximum call stack size exceeded): it is probably nested too deeply, tags inside tags thousands of levels down. Simplify that HTML.",
      'articles/untitled.md: missing title in the front matter.',
    ]);
  });
});
