/** Imported articles onto disk: the article file (front matter + Markdown + images), the hand-edit hash, what a re-run changes, and the all-or-nothing write. */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../../core/manifest';
import { splitFrontMatter } from '../front-matter';

/** An image written beside its article (`name` is how the Markdown refers to it). */
export interface ImportedImage {
  name: string;
  bytes: Uint8Array;
}

/** One article made by an importer, ready to be written as `<slug>.md` or `<slug>/index.md` with its images. */
export interface ImportedArticle {
  /** Stable id: the same post or item always gets the same slug. */
  slug: string;
  /** Where it came from, as recorded in the file ("telegram 1234567890/42", a feed item's id). */
  origin: string;
  title: string;
  /** Normalised ISO date-time (UTC). */
  date: string;
  updated?: string;
  lang: string;
  author?: string;
  summary?: string;
  tags: string[];
  /** Markdown body; images are referenced by their names. */
  body: string;
  images: ImportedImage[];
  /** Characters of text in the post (what --min-length counts). */
  textLength: number;
  /** Pictures that could not be downloaded this run: an update that would lose a picture of the article on disk waits for them (unless --overwrite). */
  missingPictures?: number;
}

/** What an importer read: the articles, and every post or item it left out, counted by reason. */
export interface ImportedSource {
  /** The channel's or feed's name. */
  name: string;
  articles: ImportedArticle[];
  skipped: Map<string, number>;
  warnings: string[];
}

/** Count one more post or item left out for `reason`. */
export function countSkipped(skipped: Map<string, number>, reason: string): void {
  skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
}

/** What a run does to one article. */
export type ChangeKind = 'new' | 'updated' | 'unchanged' | 'kept-edited' | 'kept-own' | 'kept-incomplete' | 'replaced';

/** One article and what the run does with it. */
export interface PlannedChange {
  article: ImportedArticle;
  kind: ChangeKind;
  /** The article's Markdown file as it will be (or is) on disk, relative to the articles folder. */
  file: string;
  /** What is on disk now under the slug and goes when the change is written (relative to the articles folder): only these are moved away. */
  replaces: string[];
}

/** The front matter field that records where an imported file came from and the hash of the file as written. */
export const IMPORTED_FIELD = 'imported';
const IMPORTED_LINE = new RegExp(`^${IMPORTED_FIELD}:[^\\n]*\\n`, 'm');
const HASH = /sha256:([0-9a-f]{64})/;

/** The article's Markdown file, front matter first; the `imported` line holds the SHA-256 of everything else in the file. */
export function renderArticleFile(a: ImportedArticle): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines = ['---', `title: ${q(a.title)}`, `date: ${q(a.date)}`];
  if (a.updated !== undefined && a.updated !== a.date) lines.push(`updated: ${q(a.updated)}`);
  lines.push(`lang: ${a.lang}`);
  if (a.author !== undefined) lines.push(`author: ${q(a.author)}`);
  if (a.summary !== undefined) lines.push(`summary: ${q(a.summary)}`);
  if (a.tags.length > 0) lines.push(`tags: [${a.tags.map(q).join(', ')}]`);
  const text = `${lines.join('\n')}\n---\n\n${a.body}`;
  const imported = `${IMPORTED_FIELD}: ${q(`${a.origin} sha256:${hashOf(text, a.images)}`)} # remove this line to keep the article as it is\n`;
  return text.replace(/\n---\n\n/, `\n${imported}---\n\n`);
}

/**
 * For an article on disk (its Markdown file and the other files of its folder): 'imported' (as the importer wrote it),
 * 'edited' (imported, then changed by hand: the text or an image) or 'own' (not made by an importer).
 */
export function fileState(text: string, images: ReadonlyMap<string, Uint8Array> = new Map()): 'imported' | 'edited' | 'own' {
  const { yaml } = splitFrontMatter(text);
  const line = yaml === undefined ? null : IMPORTED_LINE.exec(`${yaml}\n`);
  const hash = line ? HASH.exec(line[0]) : null;
  if (!hash) return 'own';
  const files = [...images].map(([name, bytes]) => ({ name, bytes }));
  return hashOf(text.replace(IMPORTED_LINE, ''), files) === hash[1] ? 'imported' : 'edited';
}

/** SHA-256 of an article as written: its text without the `imported` line, and each image by name. */
function hashOf(text: string, images: readonly ImportedImage[]): string {
  const h = createHash('sha256').update(text);
  for (const i of [...images].sort((a, b) => (a.name < b.name ? -1 : 1))) h.update(`\0${i.name}\0`).update(i.bytes);
  return h.digest('hex');
}

/** Where an article lives: a folder when it has images. */
function fileOf(a: ImportedArticle): string {
  return a.images.length > 0 ? `${a.slug}/index.md` : `${a.slug}.md`;
}

/** An article in one of the two forms an import writes (`<slug>.md`, `<slug>/index.md`): its text, the files beside it, and whether the folder holds anything else (a subfolder, a link). */
interface ArticleOnDisk {
  file: string;
  text: string;
  images: Map<string, Buffer>;
  other: boolean;
}

/** What holds an article's slug on disk now: every path (either form), and the article when it is exactly one in a form an import writes. */
interface ExistingSlug {
  paths: string[];
  /** The path a person should look at, as the summary names it. */
  file: string;
  article?: ArticleOnDisk;
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function articleAt(articlesDir: string, path: string): ArticleOnDisk | undefined {
  const abs = join(articlesDir, path);
  const stat = lstatSync(abs);
  if (path.endsWith('.md'))
    return stat.isFile() ? { file: path, text: readFileSync(abs, 'utf8'), images: new Map(), other: false } : undefined;
  if (!stat.isDirectory()) return undefined;
  const names = readdirSync(abs);
  const index = names.find((n) => n.toLowerCase() === 'index.md');
  if (index === undefined || !lstatSync(join(abs, index)).isFile()) return undefined;
  const images = new Map<string, Buffer>();
  let other = false;
  for (const n of names) {
    if (n === index) continue;
    if (lstatSync(join(abs, n)).isFile()) images.set(n, readFileSync(join(abs, n)));
    else other = true;
  }
  return { file: `${path}/${index}`, text: readFileSync(join(abs, index), 'utf8'), images, other };
}

/** Whatever holds the slug now (either form, a folder without index.md or a link too), or undefined. */
function existingOf(articlesDir: string, slug: string): ExistingSlug | undefined {
  const paths = [`${slug}.md`, slug].filter((p) => lexists(join(articlesDir, p)));
  const shown = (p: string): string => (p === slug ? `${slug}/` : p);
  const found = paths.map((p) => ({ path: p, article: articleAt(articlesDir, p) }));
  if (found.length === 1 && found[0]!.article) return { paths, file: found[0]!.article.file, article: found[0]!.article };
  if (found.length === 0) return undefined;
  // Not one article an import could have made: the publisher's own. Name the part that is not an import's article.
  const own = found.find((f) => !f.article || fileState(f.article.text, f.article.images) === 'own') ?? found[found.length - 1]!;
  return { paths, file: shown(own.path) };
}

function sameImages(a: ImportedArticle, existing: Map<string, Buffer>): boolean {
  return a.images.length === existing.size && a.images.every((i) => existing.get(i.name)?.equals(i.bytes) === true);
}

/** True when some picture on disk is not among the article's (by its bytes: an update may number them differently). */
function losesImages(a: ImportedArticle, existing: Map<string, Buffer>): boolean {
  const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const kept = new Set(a.images.map((i) => digest(i.bytes)));
  return [...existing.values()].some((bytes) => !kept.has(digest(bytes)));
}

/** What writing these articles would do, compared with the articles folder as it is. Throws on a slug the build would refuse or a slug used twice. */
export function planChanges(articlesDir: string, articles: readonly ImportedArticle[], opts: { overwrite: boolean }): PlannedChange[] {
  const seen = new Set<string>();
  return articles.map((article) => {
    if (!isValidId(article.slug)) throw new Error(`${article.origin}: the slug "${article.slug}" is not a valid article id.`);
    if (seen.has(article.slug)) throw new Error(`${article.origin}: the slug "${article.slug}" is used by two imported articles.`);
    seen.add(article.slug);
    const existing = existingOf(articlesDir, article.slug);
    if (!existing) return { article, kind: 'new', file: fileOf(article), replaces: [] };
    const replaces = existing.paths;
    const found = existing.article;
    // A folder holding more than files (a subfolder added by hand) counts as edited: an update would take it away.
    const state = found === undefined ? 'own' : found.other ? 'edited' : fileState(found.text, found.images);
    if (state !== 'imported' || found === undefined) {
      if (opts.overwrite) return { article, kind: 'replaced', file: fileOf(article), replaces };
      return { article, kind: state === 'edited' ? 'kept-edited' : 'kept-own', file: existing.file, replaces: [] };
    }
    const same = found.file === fileOf(article) && found.text === renderArticleFile(article) && sameImages(article, found.images);
    // A run on a bad connection must not strip a picture an earlier run carried (even when another one came instead).
    if (!same && !opts.overwrite && (article.missingPictures ?? 0) > 0 && losesImages(article, found.images)) {
      return { article, kind: 'kept-incomplete', file: found.file, replaces: [] };
    }
    return { article, kind: same ? 'unchanged' : 'updated', file: fileOf(article), replaces };
  });
}

/** True when the change writes files. */
export function writes(c: PlannedChange): boolean {
  return c.kind === 'new' || c.kind === 'updated' || c.kind === 'replaced';
}

/**
 * Write every change, all or nothing: each article is first written complete into a temporary folder inside the
 * articles folder (a '.' name, so a build never reads it), then moved into place; if a move fails, the moves already
 * made are undone. The temporary folder is always removed.
 */
export function applyChanges(articlesDir: string, changes: readonly PlannedChange[]): void {
  const todo = changes.filter(writes);
  if (todo.length === 0) return;
  mkdirSync(articlesDir, { recursive: true });
  const stage = mkdtempSync(join(articlesDir, '.import-'));
  try {
    for (const c of todo) {
      const a = c.article;
      if (a.images.length > 0) {
        mkdirSync(join(stage, a.slug));
        for (const image of a.images) writeFileSync(join(stage, a.slug, image.name), image.bytes);
      }
      writeFileSync(join(stage, fileOf(a)), renderArticleFile(a));
    }
    const replaced = join(stage, '.replaced');
    mkdirSync(replaced);
    const done: Array<[from: string, to: string]> = [];
    const move = (from: string, to: string): void => {
      renameSync(from, to);
      done.push([from, to]);
    };
    try {
      for (const c of todo) {
        const { slug } = c.article;
        // Either form of the old article goes, so a post that gained or lost its images is never there twice; only
        // what planning saw goes, so nothing the publisher put there since is lost.
        for (const old of c.replaces) move(join(articlesDir, old), join(replaced, `${done.length}-${old}`));
        const staged = c.article.images.length > 0 ? slug : `${slug}.md`;
        const target = join(articlesDir, staged);
        if (lexists(target)) throw new Error(`${target}: appeared while the import ran; run the import again.`);
        move(join(stage, staged), target);
      }
    } catch (e) {
      for (const [from, to] of done.reverse()) renameSync(to, from);
      throw e;
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The run's summary, one line each: counts by kind, then each article kept or replaced (those need a person's eye). */
export function summarizeChanges(changes: readonly PlannedChange[], dryRun: boolean): string[] {
  const count = (k: ChangeKind): number => changes.filter((c) => c.kind === k).length;
  const verb = dryRun ? 'would be ' : '';
  const lines = [
    `${count('new')} new, ${count('updated')} updated, ${count('unchanged')} unchanged, ` +
      `${count('kept-edited') + count('kept-own')} kept as edited by hand, ${count('replaced')} replaced (--overwrite)` +
      (count('kept-incomplete') > 0 ? `, ${count('kept-incomplete')} kept for missing pictures` : '') +
      (dryRun ? ' (dry run: nothing written)' : ''),
  ];
  for (const c of changes) {
    if (c.kind === 'kept-edited') lines.push(`  kept: ${c.file} was edited by hand (--overwrite replaces it)`);
    else if (c.kind === 'kept-own') lines.push(`  kept: ${c.file} was not made by an import (--overwrite replaces it)`);
    else if (c.kind === 'kept-incomplete') {
      const n = c.article.missingPictures!;
      lines.push(
        `  kept: ${c.file} as it was: ${n} ${n === 1 ? 'picture' : 'pictures'} could not be downloaded this time (run the import again later; --overwrite updates it without them)`,
      );
    } else if (c.kind === 'replaced') lines.push(`  ${verb}replaced: ${c.file}`);
    else if (dryRun && (c.kind === 'new' || c.kind === 'updated'))
      lines.push(`  ${verb}${c.kind === 'new' ? 'added' : 'updated'}: ${c.file}`);
  }
  return lines;
}
