/**
 * Finding articles on disk: `<slug>.md` or `<slug>/index.md`; names starting with '_' or '.' are not articles. Symbolic
 * links are followed (wherever they point: linking an article in is the publisher's choice); a broken one is reported.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../core/manifest';
import { ContentError, slugTooLong } from './errors';
import { invisibleNames, isInvisible } from './invisible';

/** One article's Markdown file. */
export interface ArticleSource {
  /** The article id (NFC). */
  slug: string;
  /** Absolute path of the Markdown file. */
  file: string;
  /** The file as named in messages. */
  shown: string;
  /** Folder that relative image and link paths start from. */
  dir: string;
}

const MARKDOWN = /\.md$/i;
// Markdown under another name: never read, so reported rather than left out without a word.
const OTHER_MARKDOWN = /\.(?:markdown|mdown|mkdn|mkd|mdwn|mdtxt|mdtext)$/i;
const hidden = (name: string): boolean => name.startsWith('_') || name.startsWith('.');

/** Every article under `articlesDir`, sorted by slug, and a problem per bad or duplicate name. `show` turns a path into the name used in messages. */
export function findArticleSources(
  articlesDir: string,
  show: (path: string) => string,
): { sources: ArticleSource[]; problems: ContentError[] } {
  const problems: ContentError[] = [];
  if (!existsSync(articlesDir) || !statSync(articlesDir).isDirectory()) {
    return { sources: [], problems: [new ContentError(show(articlesDir), 'the articles folder does not exist.')] };
  }
  const bySlug = new Map<string, ArticleSource>();
  const add = (name: string, file: string, dir: string): void => {
    // macOS file names may be decomposed (NFD); ids and links use the composed form.
    const slug = name.normalize('NFC');
    const shown = show(file);
    if (!isValidId(slug)) {
      const invisible = invisibleNames(slug);
      problems.push(
        new ContentError(
          shown,
          slugTooLong(slug) ??
            `bad slug "${slug}": a file or folder name must be letters or digits (any script), "-" or "_", starting with a letter or digit, at most 200 long.` +
              (invisible.length === 0
                ? ''
                : ` It holds the invisible character ${invisible.join(', ')}: replace it with "-" (${[...slug].map((c) => (isInvisible(c) ? '-' : c)).join('')}).`),
        ),
      );
      return;
    }
    const other = bySlug.get(slug);
    if (other) {
      problems.push(new ContentError(shown, `duplicate slug "${slug}": ${other.shown} is the same article; keep one of them.`));
      return;
    }
    bySlug.set(slug, { slug, file, shown, dir });
  };

  const entries = readdirSync(articlesDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const renameIt = (file: string, name: string): ContentError =>
    new ContentError(show(file), `Markdown files must end in .md: rename it to ${name.replace(OTHER_MARKDOWN, '.md')} to publish it.`);
  for (const entry of entries) {
    if (hidden(entry.name)) continue;
    const path = join(articlesDir, entry.name);
    const kind = kindOf(entry, path);
    if (kind === 'broken') {
      // Only what could be an article: a Markdown name, or a name without an extension (a folder).
      if (MARKDOWN.test(entry.name) || OTHER_MARKDOWN.test(entry.name) || !entry.name.includes('.')) {
        problems.push(new ContentError(show(path), BROKEN_LINK));
      }
    } else if (kind === 'file' && MARKDOWN.test(entry.name)) {
      add(entry.name.replace(MARKDOWN, ''), path, articlesDir);
    } else if (kind === 'file' && OTHER_MARKDOWN.test(entry.name)) {
      problems.push(renameIt(path, entry.name));
    } else if (kind === 'dir') {
      const inside = readdirSync(path);
      const index = inside.find((n) => n.toLowerCase() === 'index.md');
      if (index !== undefined) add(entry.name, join(path, index), path);
      else if (inside.some((n) => MARKDOWN.test(n) && !hidden(n))) {
        problems.push(
          new ContentError(show(path), 'this folder holds Markdown but no index.md: an article in a folder is <slug>/index.md.'),
        );
      } else {
        const otherIndex = inside.find((n) => /^index\./i.test(n) && OTHER_MARKDOWN.test(n));
        const deeper = otherIndex === undefined ? firstMarkdownBelow(path) : undefined;
        if (otherIndex !== undefined) problems.push(renameIt(join(path, otherIndex), otherIndex));
        else if (deeper !== undefined) {
          problems.push(
            new ContentError(
              show(deeper),
              'is in a folder inside a folder of articles/, where the build does not look: an article is articles/<slug>.md or ' +
                'articles/<slug>/index.md (a folder per year, for example, is not read).',
            ),
          );
        }
      }
    }
  }
  const sources = [...bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { sources, problems };
}

const BROKEN_LINK =
  'is a link to something that does not exist (or a loop of links), so it cannot be published: fix the link, or remove it.';

/** What a folder entry is, following a symbolic link to what it names; 'broken' for a link to nothing or a loop. */
function kindOf(entry: Dirent, path: string): 'file' | 'dir' | 'other' | 'broken' {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = statSync(path);
    return target.isFile() ? 'file' : target.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'broken';
  }
}

/**
 * The first Markdown file in the subfolders of `dir` (any depth, skipping names that start with '_' or '.'), if any.
 * `seen` holds the real paths already searched, so a link back up the tree ends the search rather than looping.
 */
function firstMarkdownBelow(dir: string, seen = new Set<string>([realpathSync(dir)])): string | undefined {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const sub = join(dir, entry.name);
    if (hidden(entry.name) || kindOf(entry, sub) !== 'dir') continue;
    const real = realpathSync(sub);
    if (seen.has(real)) continue;
    seen.add(real);
    const found =
      readdirSync(sub).find((n) => n.toLowerCase() === 'index.md') ??
      readdirSync(sub).find((n) => (MARKDOWN.test(n) || OTHER_MARKDOWN.test(n)) && !hidden(n));
    const hit = found !== undefined ? join(sub, found) : firstMarkdownBelow(sub, seen);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
