import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../core/bundle-read';
import { verifyBundle } from '../core/verify';
import { SITE_YAML, article, makeRoot, writeFile } from './__fixtures__/library';
import { solidPng } from './__fixtures__/png';
import { utf8Decode } from '../core/bytes';
import { compileArticle } from './compile';
import { buildContent } from './content';
import { BuildFailure } from './errors';
import { createArticleSanitizer, type ArticleSanitizer } from './sanitizer';
import { findArticleSources } from './sources';

function build(root: string, warn: (w: string) => void = () => {}) {
  return buildContent({
    root,
    env: { OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_EDITION: '1000' },
    readerTemplate: false,
    log: () => {},
    warn,
  });
}

async function problemsOf(root: string): Promise<string[] | 'built'> {
  try {
    await build(root);
    return 'built';
  } catch (e) {
    if (e instanceof BuildFailure) return e.problems.map((p) => p.message);
    throw e;
  }
}

async function outcome(root: string) {
  try {
    const { files, report } = await build(root);
    const keys = report.keys.map((publicKey) => ({ publicKey }));
    const manifest = (await verifyBundle(parseBundle(files.get(report.editionFile)!), { keys })).editions[0]!.manifest;
    return {
      site: { lang: report.site.lang, dir: report.site.dir },
      articles: manifest.articles.map((a) => ({ lang: a.lang, dir: a.dir })),
    };
  } catch (e) {
    if (e instanceof BuildFailure) return { problems: e.problems.map((p) => p.message) };
    throw e;
  }
}

describe('lang given as a language name', () => {
  for (const name of ['Persian', 'farsi', 'Arabic', 'Hebrew', 'Pashto', 'Kurdish']) {
    it(`lang: ${name} in front matter fails naming the file and the field, never lang "${name.toLowerCase()}" left to right`, async () => {
      const { root, articles } = makeRoot();
      writeFile(articles, 'x.md', article(`title: A\ndate: 2024-01-01\nlang: ${name}`));
      const result = await outcome(root);
      expect(result).toEqual({ problems: [expect.stringMatching(/^articles\/x\.md: lang ".*did you mean/)] });
    });
  }

  it('site.config.yml lang: Persian fails naming the config and the field', async () => {
    const { root, articles } = makeRoot();
    writeFileSync(join(root, 'site.config.yml'), SITE_YAML.replace('lang: en', 'lang: Persian'));
    writeFile(articles, 'x.md', article('title: A\ndate: 2024-01-01\nlang: fa'));
    const result = await outcome(root);
    expect(result).toEqual({
      problems: ['site.config.yml: lang must be a BCP 47 language tag such as "fa" or "en", not "Persian": did you mean fa?'],
    });
  });
});

describe('Solar Hijri dates in front matter', () => {
  it('date: 1403-01-15 fails the build naming the file and the field', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'نوروز.md', article('title: نوروز\ndate: 1403-01-15\nlang: fa'));
    expect(await problemsOf(root)).toEqual([
      expect.stringMatching(/^articles\/نوروز\.md: date "1403-01-15" is before 1900: .*Solar Hijri/),
    ]);
  });
});

describe('front matter without its closing ---', () => {
  it('fails the build naming the file, instead of publishing an empty article', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'good.md', article('title: Fine\ndate: 2024-01-01'));
    writeFile(
      articles,
      'checkpoint.md',
      '---\ntitle: Before the checkpoint\ndate: 2024-01-01\n\n# Before you go\n\nRemember: delete old chats and log out of Telegram.\n',
    );
    expect(await problemsOf(root)).toEqual([
      'articles/checkpoint.md: front matter has no closing --- line: end the front matter block with a line of three dashes before the text.',
    ]);
  });
});

describe('image file names outside ASCII', () => {
  it('a missing Persian-named image is named as written in the Markdown', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'p/index.md', article('title: A\ndate: 2024-01-01\nlang: fa', '![نقشه](عکس.png)\n'));
    expect(await problemsOf(root)).toEqual(['articles/p/index.md: missing image "عکس.png".']);
  });

  it('an image stored with a decomposed (NFD) name is found from the composed name in the Markdown', async () => {
    const { root, articles } = makeRoot();
    // "آب" (water): آ (U+0622) decomposes to ا + U+0653 in NFD.
    const name = 'آب.png';
    expect(name.normalize('NFD')).not.toBe(name);
    writeFile(articles, 'p/index.md', article('title: A\ndate: 2024-01-01\nlang: fa', `![آب](${name})\n`));
    writeFile(articles, `p/${name.normalize('NFD')}`, solidPng(1, 4, 4));
    expect(await problemsOf(root)).toBe('built');
  });

  it('an image in a decomposed folder and named decomposed in the Markdown is found from a composed file on disk', async () => {
    const { root, articles } = makeRoot();
    const folder = 'آلبوم';
    writeFile(articles, 'p/index.md', article('title: A\ndate: 2024-01-01\nlang: fa', `![آب](${folder.normalize('NFD')}/آب.png)\n`));
    writeFile(articles, `p/${folder}/آب.png`, solidPng(1, 4, 4));
    expect(await problemsOf(root)).toBe('built');
  });
});

describe('an image path with spaces, not in <...>', () => {
  for (const name of ['Screenshot 2024-03-01 at 10.15.00.png', 'تصویر من.png']) {
    it(`![..](${name}) is reported naming the file and line, not published as literal Markdown`, async () => {
      const { root, articles } = makeRoot();
      writeFile(articles, 'p/index.md', article('title: A\ndate: 2024-01-01', `Look:\n\n![the screen](${name})\n`));
      writeFile(articles, `p/${name}`, solidPng(1, 4, 4));
      const warnings: string[] = [];
      let problems: string[] = [];
      try {
        await build(root, (w) => warnings.push(w));
      } catch (e) {
        if (!(e instanceof BuildFailure)) throw e;
        problems = e.problems.map((p) => p.message);
      }
      const reported = [...problems, ...warnings].filter((m) => m.startsWith('articles/p/index.md'));
      expect(reported).toEqual([expect.stringContaining(name)]);
      expect(reported[0]).toBe(
        `articles/p/index.md: line 7: "![the screen](${name})" is not an image because its path has spaces: write the path in <...>, as in ![...](<my photo.png>), or with %20 for each space.`,
      );
    });
  }

  it('builds the same image written in <...> or with %20, and leaves escaped image syntax alone', async () => {
    const { root, articles } = makeRoot();
    const body = '![a](<my shot.png>)\n\n![b](my%20shot.png)\n\nWrite \\![x](my shot.png) for an image.\n\n`![c](d e.png)`\n';
    writeFile(articles, 'p/index.md', article('title: A\ndate: 2024-01-01', body));
    writeFile(articles, 'p/my shot.png', solidPng(1, 4, 4));
    expect(await problemsOf(root)).toBe('built');
  });

  it('reports image syntax left as text inside a table or link too, with its line', async () => {
    const { root, articles } = makeRoot();
    writeFile(
      articles,
      'q.md',
      article('title: A\ndate: 2024-01-01', '| a |\n|---|\n| ![x](a b.png) |\n\n[![y](c d.png)](https://example.org)\n'),
    );
    expect(await problemsOf(root)).toEqual([
      expect.stringMatching(/^articles\/q\.md: line 7: "!\[x\]\(a b\.png\)" is not an image/),
      expect.stringMatching(/^articles\/q\.md: line 9: "!\[y\]\(c d\.png\)" is not an image/),
    ]);
  });
});

describe('article files that are not UTF-8', () => {
  it('a Windows-1256 Persian article fails naming the file and the line, not a published title of replacement characters', async () => {
    const { root, articles } = makeRoot();
    // "امنیت" in Windows-1256.
    const title = Buffer.from([0xc7, 0xe3, 0xe4, 0xed, 0xca]);
    const text = Buffer.concat([Buffer.from('---\ntitle: '), title, Buffer.from('\ndate: 2024-01-01\nlang: fa\n---\nText.\n')]);
    writeFile(articles, 'security.md', new Uint8Array(text));
    expect(await problemsOf(root)).toEqual([expect.stringMatching(/^articles\/security\.md: is not UTF-8 \(.*line 2\): save it as UTF-8/)]);
  });

  it('a UTF-16 file gets its own message', async () => {
    const { root, articles } = makeRoot();
    const utf16 = Buffer.from(`\uFEFF${article('title: A\ndate: 2024-01-01')}`, 'utf16le');
    writeFile(articles, 'wide.md', new Uint8Array(utf16));
    expect(await problemsOf(root)).toEqual([
      'articles/wide.md: is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8: save it as UTF-8.',
    ]);
  });

  it('a UTF-8 file with a byte order mark still builds', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'bom.md', `\uFEFF${article('title: A\ndate: 2024-01-01')}`);
    expect(await problemsOf(root)).toBe('built');
  });

  it('a site config that is not UTF-8 fails naming it', async () => {
    const { root, articles } = makeRoot();
    writeFileSync(join(root, 'site.config.yml'), Buffer.concat([Buffer.from(SITE_YAML), Buffer.from([0x23, 0x20, 0xc7, 0xe3, 0x0a])]));
    writeFile(articles, 'x.md', article('title: A\ndate: 2024-01-01'));
    await expect(build(root)).rejects.toThrow(/site\.config\.yml: is not UTF-8/);
  });
});

describe('HTML the build cannot handle', () => {
  async function compileWith(body: string, sanitize: ArticleSanitizer) {
    const { articles } = makeRoot();
    writeFile(articles, 'deep.md', article('title: Deep\ndate: 2024-01-01', body));
    const problems: string[] = [];
    const source = findArticleSources(articles, (p) => p.slice(p.indexOf('articles/'))).sources[0]!;
    const compiled = await compileArticle(source, {
      articlesDir: articles,
      defaultLang: 'en',
      slugs: new Set(['deep']),
      sanitize,
      imageCache: new Map(),
      show: (p) => p,
      problem: (e) => void problems.push(e.message),
      warn: () => {},
    });
    return { compiled, problems };
  }

  it('a stack overflow while cleaning (HTML nested thousands deep) is a problem naming the file, not a crash', async () => {
    // 5,000 nested <div> overflow the stack inside jsdom after about 13 s of CPU; the sanitiser stands in for it here.
    const overflow: ArticleSanitizer = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    expect(await compileWith('<div><div>x</div></div>\n', overflow)).toEqual({
      compiled: undefined,
      problems: [
        "articles/deep.md: the build cannot read this article's HTML (Maximum call stack size exceeded): it is probably nested too deeply, tags inside tags thousands of levels down. Simplify that HTML.",
      ],
    });
  });

  it('a body that cleaning empties (as 20,000 nested <div> are) is a problem, not an empty article', async () => {
    expect(await compileWith('<div><div>x</div></div>\n', () => '')).toEqual({
      compiled: undefined,
      problems: [
        'articles/deep.md: nothing of the body would be shown: the app removes scripts, styles, frames and forms, and HTML nested thousands of levels deep. Check its HTML.',
      ],
    });
    const real = await compileWith('<div><div>x</div></div>\n', createArticleSanitizer());
    expect(real.problems).toEqual([]);
    expect(utf8Decode(real.compiled!.body)).toBe('<div><div>x</div></div>\n');
  });
});

describe('an in-article #link', () => {
  it('that no heading or footnote answers gives a warning naming the file; one that works gives none', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'a.md', article('title: A\ndate: 2024-01-01', '[ok](#part-two) [gone](#part-three)\n\n## Part two\n'));
    const warnings: string[] = [];
    await build(root, (w) => warnings.push(w));
    expect(warnings.filter((w) => w.startsWith('articles/'))).toEqual([
      'articles/a.md: the link "#part-three" points to no heading or footnote in this article, so it leads nowhere: write a heading\'s text in lower case with - for spaces (## Second part is #second-part).',
    ]);
  });
});
