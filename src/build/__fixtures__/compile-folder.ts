/** Compile every article of a folder the way the build does, for tests of what importers write: HTML by slug, problems and warnings. */
import { compileArticle } from '../compile';
import { utf8Decode } from '../../core/bytes';
import { ContentError } from '../errors';
import type { ImageFile } from '../images';
import { createArticleSanitizer } from '../sanitizer';
import { findArticleSources } from '../sources';

/** The build's view of an articles folder: each article's sanitised HTML and metadata, and every problem and warning. */
export async function compileFolder(articlesDir: string, defaultLang = 'en') {
  const problems: string[] = [];
  const warnings: string[] = [];
  const { sources, problems: found } = findArticleSources(articlesDir, (p) => p);
  problems.push(...found.map((p) => p.message));
  const ctx = {
    articlesDir,
    defaultLang,
    slugs: new Set(sources.map((s) => s.slug)),
    sanitize: createArticleSanitizer(),
    imageCache: new Map<string, ImageFile | Error>(),
    show: (p: string) => p,
    problem: (e: ContentError) => void problems.push(e.message),
    warn: (m: string) => void warnings.push(m),
  };
  const articles = new Map<string, { html: string; meta: Awaited<ReturnType<typeof compileArticle>> }>();
  for (const source of sources) {
    const compiled = await compileArticle(source, ctx);
    if (compiled) articles.set(source.slug, { html: utf8Decode(compiled.body), meta: compiled });
  }
  return { articles, problems, warnings };
}
