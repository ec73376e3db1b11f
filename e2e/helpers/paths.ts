// Owns where the e2e run keeps its builds and generated library (all under the git-ignored e2e/.tmp/).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const TMP = join(ROOT, 'e2e', '.tmp');
/** The app built with the sample articles of articles/. */
export const DIST_SAMPLES = join(TMP, 'dist-samples');
/** The app built with the generated many-script library. */
export const DIST_MANY = join(TMP, 'dist-many');
export const MANY_ARTICLES = join(TMP, 'articles-many');
/** JSON: { key, articles: GeneratedArticle[] } for the generated library. */
export const MANY_META = join(TMP, 'articles-many.json');
/** Size of the generated library and how often it has images. */
export const MANY_COUNT = 520;
export const MANY_IMAGE_EVERY = 40;
export const MANY_SEED = 2024;
