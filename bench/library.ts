/** Owns the bench's synthetic libraries (Persian and English, realistic lengths, some images) and the size of the articles' own content. */
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashInputs } from '../e2e/helpers/build-app';
import { generateLibrary, type GeneratedArticle } from '../e2e/helpers/generate-library';
import { ROOT } from '../e2e/helpers/paths';
import { parseBundle } from '../src/core/bundle-read';
import { brotliSizeOfCorpus } from './compress';

/** The mix issue 6 asks for: Persian and English only, an image in every 20th article (one or two). */
export const LIBRARY_LANGUAGES = ['fa', 'en'];
export const IMAGE_EVERY = 20;
const SEED = 6;

/** Writes (or reuses, when the generator and options are unchanged) a library of `count` articles in `dir`. */
export async function prepareLibrary(count: number, dir: string): Promise<GeneratedArticle[]> {
  const options = { count, dir, seed: SEED, imageEvery: IMAGE_EVERY, languages: LIBRARY_LANGUAGES };
  const generator = ['generate-library.ts', 'languages.ts'].map((f) => join(ROOT, 'e2e', 'helpers', f));
  const key = await hashInputs(generator, [JSON.stringify(options)]);
  const metaFile = `${dir}.json`;
  const meta = existsSync(metaFile)
    ? (JSON.parse(await readFile(metaFile, 'utf8')) as { key: string; articles: GeneratedArticle[] })
    : null;
  if (meta?.key === key && existsSync(dir)) return meta.articles;
  const articles = await generateLibrary(options);
  await writeFile(metaFile, JSON.stringify({ key, articles }));
  return articles;
}

/** Changes one article's text (an appended paragraph and a newer `updated` date), as an editor's correction would. */
export async function editOneArticle(dir: string, article: GeneratedArticle): Promise<void> {
  const file = join(dir, article.file);
  const text = await readFile(file, 'utf8');
  const updated = new Date(Date.UTC(2030, 0, 1)).toISOString().slice(0, 19) + 'Z';
  const edited = text
    .replace(/^---\n/, `---\nupdated: "${updated}"\n`)
    .replace(/\n*$/, `\n\nCorrection (${updated}): one paragraph was added to this article after it was published.\n`);
  await writeFile(file, edited);
}

/** The articles' own content, the floor a perfect packer could reach. */
export interface OwnContent {
  articles: number;
  /** UTF-8 bytes of the article bodies as the app stores them (sanitised HTML, what the manifest hashes). */
  htmlBytes: number;
  htmlBrotli: number;
  /** The Markdown body text the publisher wrote (front matter excluded). */
  markdownBytes: number;
  markdownBrotli: number;
  /** Image files, as they are (already compressed formats). */
  mediaFiles: number;
  mediaBytes: number;
}

/** Reads the bodies and images out of a build's content packs, and the Markdown bodies out of the library folder. */
export async function measureOwnContent(distDir: string, articlesDir: string, articles: GeneratedArticle[]): Promise<OwnContent> {
  const packs = (await readdir(join(distDir, 'content'))).filter((f) => f.startsWith('pack-') && f.endsWith('.html'));
  const bodies: Uint8Array[] = [];
  const media = new Map<string, number>();
  for (const name of packs) {
    const parsed = parseBundle(new Uint8Array(await readFile(join(distDir, 'content', name))));
    for (const a of parsed.articles) bodies.push(a.bytes);
    for (const m of parsed.media) media.set(m.sha256, m.bytes.length);
  }
  const markdown: Buffer[] = [];
  for (const a of articles) {
    const text = await readFile(join(articlesDir, a.file), 'utf8');
    markdown.push(Buffer.from(text.replace(/^---\n[\s\S]*?\n---\n/, ''), 'utf8'));
  }
  const html = Buffer.concat(bodies);
  const md = Buffer.concat(markdown);
  // Both at once: one core each.
  const [htmlBrotli, markdownBrotli] = await Promise.all([brotliSizeOfCorpus(html), brotliSizeOfCorpus(md)]);
  return {
    articles: bodies.length,
    htmlBytes: html.length,
    htmlBrotli,
    markdownBytes: md.length,
    markdownBrotli,
    mediaFiles: media.size,
    mediaBytes: [...media.values()].reduce((s, n) => s + n, 0),
  };
}
