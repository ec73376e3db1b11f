/** One article from Markdown file to signed-manifest metadata and exact body bytes, with its images. */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { MANIFEST_FORMAT, MANIFEST_VERSION, parseManifest, serializeManifest } from '../core/manifest';
import { articleRoute } from '../core/sanitize-policy';
import type { ArticleMeta, MediaMeta } from '../core/types';
import { ContentError, messageOf } from './errors';
import { readFrontMatter, splitFrontMatter, UNCLOSED_FRONT_MATTER } from './front-matter';
import { readImage, type ImageFile } from './images';
import { renderArticle } from './markdown';
import type { ArticleRefs, ArticleSanitizer } from './sanitizer';
import type { ArticleSource } from './sources';
import { readUtf8File } from './text-file';

/** A compiled article: metadata as the manifest lists it, the body's exact bytes, and the images it uses in first-use order. */
export interface CompiledArticle {
  meta: ArticleMeta;
  body: Uint8Array;
  images: ImageFile[];
}

/** What compiling needs besides the file: the library's layout, shared state and where to report. */
export interface CompileContext {
  articlesDir: string;
  defaultLang: string;
  slugs: ReadonlySet<string>;
  sanitize: ArticleSanitizer;
  /** Images already read, by absolute path (an image used twice is read once). */
  imageCache: Map<string, ImageFile | Error>;
  show: (path: string) => string;
  problem: (e: ContentError) => void;
  warn: (message: string) => void;
}

/** Compile one article; problems go to ctx.problem (all of them) and the result is undefined when there were any. */
export async function compileArticle(source: ArticleSource, ctx: CompileContext): Promise<CompiledArticle | undefined> {
  let found = false;
  const problem = (reason: string): void => {
    found = true;
    ctx.problem(new ContentError(source.shown, reason));
  };
  let text: string;
  try {
    text = readUtf8File(source.file);
  } catch (e) {
    problem(e instanceof Error && !('code' in e) ? e.message : `cannot be read (${messageOf(e)}).`);
    return undefined;
  }
  const split = splitFrontMatter(text);
  if (split.unclosed) {
    problem(UNCLOSED_FRONT_MATTER);
    return undefined;
  }
  let fm;
  try {
    fm = readFrontMatter(split.yaml, { lang: ctx.defaultLang }, (w) => ctx.warn(`${source.shown}: ${w}`));
  } catch (e) {
    problem(messageOf(e));
    return undefined;
  }

  const images: ImageFile[] = [];
  const refs: ArticleRefs = {
    image: (path) => {
      const image = resolveImage(source, path, ctx, problem);
      if (image && !images.includes(image)) images.push(image);
      return image;
    },
    link: (path) => resolveLink(source, path, ctx),
  };
  let rendered: ReturnType<typeof renderArticle>;
  let html: string;
  try {
    rendered = renderArticle(split.body, refs, fm.lang);
    html = rendered.needsSanitizer ? ctx.sanitize(rendered.html, refs) : rendered.html;
  } catch (e) {
    problem(renderFailure(e));
    return undefined;
  }
  for (const stray of rendered.strayImages) {
    const line = split.bodyLine + stray.line - 1;
    problem(
      pathHasSpaces(stray.text)
        ? `line ${line}: "${stray.text}" is not an image because its path has spaces: write the path in <...>, as in ![...](<my photo.png>), or with %20 for each space.`
        : `line ${line}: "${stray.text}" is not an image in Markdown and would be shown as that text: check its brackets and parentheses.`,
    );
  }
  for (const anchor of new Set(rendered.deadAnchors))
    ctx.warn(
      `${source.shown}: the link "${anchor}" points to no heading or footnote in this article, so it leads nowhere: write a heading's text in lower case with - for spaces (## Second part is #second-part).`,
    );
  if (showsSomething(rendered.html) && !showsSomething(html)) problem(NOTHING_LEFT);
  if (found) return undefined;

  const body = utf8Encode(html);
  const meta: ArticleMeta = {
    id: source.slug,
    version: fm.version,
    title: fm.title,
    date: fm.date,
    lang: fm.lang,
    dir: fm.dir,
    tags: fm.tags,
    size: body.length,
    sha256: await sha256Hex(body),
    media: images.map((i) => i.sha256),
  };
  if (fm.summary !== undefined) meta.summary = fm.summary;
  if (fm.author !== undefined) meta.author = fm.author;
  try {
    checkAgainstManifestRules(meta, images);
  } catch (e) {
    problem(`the app would refuse this article: ${messageOf(e)}`);
    return undefined;
  }
  return { meta, body, images };
}

/** Why an article could not be turned into HTML, for the publisher: a JavaScript stack overflow means HTML nested too deeply. */
export function renderFailure(e: unknown): string {
  return e instanceof RangeError
    ? `the build cannot read this article's HTML (${e.message}): it is probably nested too deeply, tags inside tags thousands of levels down. Simplify that HTML.`
    : `the build cannot turn this article into a page (${messageOf(e)}): check its HTML and Markdown.`;
}

const NOTHING_LEFT =
  'nothing of the body would be shown: the app removes scripts, styles, frames and forms, and HTML nested thousands of levels deep. Check its HTML.';

/** True if HTML holds text or a picture a reader would see. */
const showsSomething = (html: string): boolean => /<img\b/i.test(html) || /[^\s]/.test(html.replace(/<[^>]*>/g, ''));

/** The reader app validates every manifest strictly; a one-article manifest run through the same check blames this file, not the edition. */
function checkAgainstManifestRules(meta: ArticleMeta, images: ImageFile[]): void {
  const media: MediaMeta[] = images.map(mediaMetaOf);
  parseManifest(
    serializeManifest({
      format: MANIFEST_FORMAT,
      v: MANIFEST_VERSION,
      publisher: { id: 'check', name: 'check' },
      edition: 0,
      created: '2000-01-01T00:00:00.000Z',
      articles: [meta],
      media,
    }),
  );
}

/** Manifest metadata of an image. */
export function mediaMetaOf(i: ImageFile): MediaMeta {
  const m: MediaMeta = { sha256: i.sha256, type: i.type, size: i.bytes.length };
  if (i.width !== undefined && i.height !== undefined) {
    m.width = i.width;
    m.height = i.height;
  }
  return m;
}

/** True if the destination of `![alt](dest)` has white space that is not before a "title". */
function pathHasSpaces(image: string): boolean {
  const inner = image.slice(image.lastIndexOf('](') + 2, -1).trim();
  return /\s/.test(inner) && !/^\S+\s+["'(]/.test(inner);
}

function decodePath(path: string): string {
  const bare = path.replace(/[?#].*$/, '');
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}

function resolveImage(source: ArticleSource, path: string, ctx: CompileContext, problem: (r: string) => void): ImageFile | undefined {
  // Messages name the path as the author wrote it: Markdown hands it over percent-encoded ("%D8%B9..." for "عکس").
  const decoded = decodePath(path);
  const abs = resolve(source.dir, decoded);
  const inside = relative(ctx.articlesDir, abs);
  if (inside.startsWith('..') || resolve(ctx.articlesDir, inside) !== abs) {
    problem(`image "${decoded}" is outside the articles folder.`);
    return undefined;
  }
  let cached = ctx.imageCache.get(abs);
  if (cached === undefined) {
    try {
      cached = readImage(onDisk(ctx.articlesDir, inside));
    } catch (e) {
      cached = e instanceof Error ? e : new Error(String(e));
    }
    ctx.imageCache.set(abs, cached);
  }
  if (cached instanceof Error) {
    problem(cached.message.startsWith('the file does not exist') ? `missing image "${decoded}".` : `image "${decoded}": ${cached.message}`);
    return undefined;
  }
  return cached;
}

/**
 * The file at `inside` (relative to the articles folder) as it is named on disk: a name stored decomposed (NFD, as macOS
 * and some zip tools write it) is found from the composed form the Markdown has, and the other way round.
 */
function onDisk(articlesDir: string, inside: string): string {
  const exact = join(articlesDir, inside);
  if (existsSync(exact)) return exact;
  let dir = articlesDir;
  for (const part of inside.split(sep)) {
    let name = part;
    if (!existsSync(join(dir, part))) {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        return exact;
      }
      const match = entries.find((e) => e.normalize('NFC') === part.normalize('NFC'));
      if (match === undefined) return exact;
      name = match;
    }
    dir = join(dir, name);
  }
  return dir;
}

/** A relative link to another article's file or folder becomes its in-app route; any other relative link is dropped (with a warning). */
function resolveLink(source: ArticleSource, path: string, ctx: CompileContext): string | undefined {
  const decoded = decodePath(path);
  const abs = resolve(source.dir, decoded);
  const rel = relative(ctx.articlesDir, abs).split(sep);
  let slug: string | undefined;
  if (rel.length === 1 && /\.md$/i.test(rel[0]!)) slug = rel[0]!.replace(/\.md$/i, '');
  else if (rel.length === 1 && rel[0] !== '' && rel[0] !== '..') slug = rel[0];
  else if (rel.length === 2 && rel[1]!.toLowerCase() === 'index.md') slug = rel[0];
  slug = slug?.normalize('NFC');
  if (slug !== undefined && ctx.slugs.has(slug)) return articleRoute(slug);
  if (decoded === '') return undefined;
  ctx.warn(`${source.shown}: the link "${path}" points to no article, so it is shown as plain text.`);
  return undefined;
}
