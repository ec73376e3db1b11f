/** Finding articles on disk: `<slug>.md` or `<slug>/index.md`; names starting with '_' or '.' are not articles. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../core/manifest';
import { ContentError } from './errors';

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
      problems.push(
        new ContentError(
          shown,
          `bad slug "${slug}": a file or folder name must be letters or digits (any script), "-" or "_", starting with a letter or digit, at most 200 long.`,
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
  for (const entry of entries) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const path = join(articlesDir, entry.name);
    if (entry.isFile() && MARKDOWN.test(entry.name)) {
      add(entry.name.replace(MARKDOWN, ''), path, articlesDir);
    } else if (entry.isDirectory()) {
      const inside = readdirSync(path);
      const index = inside.find((n) => n.toLowerCase() === 'index.md');
      if (index !== undefined) add(entry.name, join(path, index), path);
      else if (inside.some((n) => MARKDOWN.test(n) && !n.startsWith('_') && !n.startsWith('.'))) {
        problems.push(
          new ContentError(show(path), 'this folder holds Markdown but no index.md: an article in a folder is <slug>/index.md.'),
        );
      }
    }
  }
  const sources = [...bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { sources, problems };
}
