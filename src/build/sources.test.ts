import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, makeRoot, writeFile } from './__fixtures__/library';
import { solidPng } from './__fixtures__/png';
import { buildContent } from './content';
import { BuildFailure } from './errors';
import { findArticleSources } from './sources';

async function problemsOf(root: string): Promise<string[] | 'built'> {
  try {
    await buildContent({
      root,
      env: { OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_EDITION: '1000' },
      readerTemplate: false,
      log: () => {},
      warn: () => {},
    });
    return 'built';
  } catch (e) {
    if (e instanceof BuildFailure) return e.problems.map((p) => p.message);
    throw e;
  }
}

const problemsIn = (articles: string): string[] =>
  findArticleSources(articles, (p) => p.slice(p.indexOf('articles/'))).problems.map((p) => p.message);

describe('articles nested one folder too deep', () => {
  it('are reported (naming the file), not silently left out of the edition', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'kept.md', article('title: Kept\ndate: 2024-01-01'));
    writeFile(articles, '2024/checkpoint/index.md', article('title: Lost\ndate: 2024-02-01'));
    expect(await problemsOf(root)).toEqual([
      'articles/2024/checkpoint/index.md: is in a folder inside a folder of articles/, where the build does not look: an article is articles/<slug>.md or articles/<slug>/index.md (a folder per year, for example, is not read).',
    ]);
  });

  it('are reported at any depth, but not under names starting with _ or ., nor when the folder is an article', () => {
    const { articles } = makeRoot();
    writeFile(articles, '2023/spring/march/post.md', article('title: A\ndate: 2024-01-01'));
    writeFile(articles, '_drafts/2024/x/index.md', 'draft');
    writeFile(articles, 'images/.cache/x/index.md', 'cache');
    writeFile(articles, 'post/index.md', article('title: B\ndate: 2024-01-01'));
    writeFile(articles, 'post/notes/old.md', 'kept beside the article');
    expect(problemsIn(articles)).toEqual([
      expect.stringMatching(/^articles\/2023\/spring\/march\/post\.md: is in a folder inside a folder/),
    ]);
  });
});

describe('Markdown files that do not end in .md', () => {
  it('are reported with the name to give them', () => {
    const { articles } = makeRoot();
    writeFile(articles, 'good.md', article('title: A\ndate: 2024-01-01'));
    writeFile(articles, 'notes.markdown', article('title: B\ndate: 2024-01-01'));
    writeFile(articles, 'post/index.markdown', article('title: C\ndate: 2024-01-01'));
    writeFile(articles, '_draft.markdown', 'draft');
    expect(problemsIn(articles).sort()).toEqual([
      'articles/notes.markdown: Markdown files must end in .md: rename it to notes.md to publish it.',
      'articles/post/index.markdown: Markdown files must end in .md: rename it to index.md to publish it.',
    ]);
  });
});

describe('a Persian file name with a half-space (ZWNJ)', () => {
  it('fails with a message that names the invisible character and suggests "-"', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'امنیت\u200cگوشی.md', article('title: امنیت گوشی\ndate: 2024-01-01\nlang: fa'));
    const problems = await problemsOf(root);
    expect(problems).toEqual([expect.stringMatching(/200C|ZWNJ|non-joiner|half-space|نیم‌فاصله/i)]);
    expect(problems).toEqual([
      'articles/امنیت\u200cگوشی.md: bad slug "امنیت\u200cگوشی": a file or folder name must be letters or digits (any script), "-" or "_", starting with a letter or digit, at most 200 long. It holds the invisible character U+200C ZERO WIDTH NON-JOINER (نیم‌فاصله, half-space): replace it with "-" (امنیت-گوشی).',
    ]);
  });
});

describe('a Persian slug too long for a record attribute', () => {
  it('fails the build naming the file and saying the slug is too long; one letter shorter builds', async () => {
    const { root, articles } = makeRoot();
    // 86 letters: 172 bytes, 516 characters percent-encoded (data-id holds 512). The build stopped while writing the
    // pack with "The value of data-id has characters a record attribute cannot hold", naming no file.
    const long = 'س'.repeat(86);
    writeFile(articles, `${long}.md`, article('title: بلند\ndate: 2024-01-01\nlang: fa'));
    expect(await problemsOf(root)).toEqual([
      `articles/${long}.md: the slug "${long}" is too long: percent-encoded (as files carry it) it takes 516 characters, and a slug may take 512 (one for an ASCII letter or digit, six for a Persian letter: at most 85 Persian letters). Rename the file or folder to a shorter slug.`,
    ]);
    const fits = makeRoot();
    writeFile(fits.articles, `${'س'.repeat(85)}.md`, article('title: بلند\ndate: 2024-01-01\nlang: fa'));
    expect(await problemsOf(fits.root)).toBe('built');
  });
});

describe('symbolic links in articles/', () => {
  it('to a file or a folder (even outside articles/) are published like the real thing', async () => {
    const { root, articles } = makeRoot();
    const shared = mkdtempSync(join(tmpdir(), 'or-shared-'));
    writeFileSync(join(shared, 'real.md'), article('title: Linked file\ndate: 2024-01-01'));
    mkdirSync(join(shared, 'folder'));
    writeFileSync(join(shared, 'folder', 'index.md'), article('title: Linked folder\ndate: 2024-01-01', '![p](p.png)\n'));
    writeFileSync(join(shared, 'folder', 'p.png'), solidPng(1));
    writeFile(articles, 'plain.md', article('title: Plain\ndate: 2024-01-01'));
    symlinkSync(join(shared, 'real.md'), join(articles, 'linked.md'));
    symlinkSync(join(shared, 'folder'), join(articles, 'linked-folder'));
    const found = findArticleSources(articles, (p) => p);
    expect(found.problems).toEqual([]);
    expect(found.sources.map((s) => s.slug)).toEqual(['linked', 'linked-folder', 'plain']);
    expect(await problemsOf(root)).toBe('built');
  });

  it('that lead nowhere or round in a loop are reported, naming the link; a link back up the tree does not hang the search', () => {
    const { articles } = makeRoot();
    writeFile(articles, 'kept.md', article('title: Kept\ndate: 2024-01-01'));
    symlinkSync(join(articles, 'gone.md'), join(articles, 'dangling.md'));
    symlinkSync(join(articles, 'loop-b'), join(articles, 'loop-a'));
    symlinkSync(join(articles, 'loop-a'), join(articles, 'loop-b'));
    symlinkSync(join(articles, 'nothing.png'), join(articles, 'picture.png'));
    writeFile(articles, '2024/spring/post.md', article('title: Deep\ndate: 2024-01-01'));
    symlinkSync(join(articles, '2024'), join(articles, '2024', 'spring', 'again'));
    symlinkSync(join(articles, '2024'), join(articles, '2024', 'again'));
    const broken =
      'is a link to something that does not exist (or a loop of links), so it cannot be published: fix the link, or remove it.';
    expect(problemsIn(articles)).toEqual([
      expect.stringMatching(/^articles\/2024\/spring\/post\.md: is in a folder inside a folder/),
      `articles/dangling.md: ${broken}`,
      `articles/loop-a: ${broken}`,
      `articles/loop-b: ${broken}`,
    ]);
  });
});
