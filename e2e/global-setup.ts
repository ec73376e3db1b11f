// Owns the once-per-run preparation: Chromium present, the sample build and the many-script library build (the latter two shared with e2e/engines).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { ensureChromium } from './helpers/chromium';
import { buildApp, hashInputs } from './helpers/build-app';
import { generateLibrary, type GeneratedArticle } from './helpers/generate-library';
import { DIST_MANY, DIST_SAMPLES, MANY_ARTICLES, MANY_COUNT, MANY_IMAGE_EVERY, MANY_META, MANY_SEED, ROOT, TMP } from './helpers/paths';

async function prepareManyLibrary(): Promise<string> {
  const options = { count: MANY_COUNT, dir: MANY_ARTICLES, seed: MANY_SEED, imageEvery: MANY_IMAGE_EVERY };
  const key = await hashInputs([`${ROOT}/e2e/helpers/generate-library.ts`, `${ROOT}/e2e/helpers/languages.ts`], [JSON.stringify(options)]);
  const meta = existsSync(MANY_META) ? (JSON.parse(await readFile(MANY_META, 'utf8')) as { key: string }) : null;
  if (meta?.key !== key || !existsSync(MANY_ARTICLES)) {
    console.log(`e2e: generating ${MANY_COUNT} articles in many scripts...`);
    const articles: GeneratedArticle[] = await generateLibrary(options);
    await writeFile(MANY_META, JSON.stringify({ key, articles }));
  }
  return key;
}

/** Builds (or reuses) the two apps every end-to-end suite shares: the sample articles and the generated many-script library. */
export async function buildTestApps(): Promise<void> {
  await mkdir(TMP, { recursive: true });
  const samplesMs = await buildApp({ name: 'samples', outDir: DIST_SAMPLES });
  const manyKey = await prepareManyLibrary();
  const manyMs = await buildApp({ name: `${MANY_COUNT} articles`, outDir: DIST_MANY, articlesDir: MANY_ARTICLES, extraKey: [manyKey] });
  if (samplesMs || manyMs) {
    await writeFile(`${TMP}/build-times.json`, JSON.stringify({ samplesMs, manyMs, count: MANY_COUNT }));
  }
}

export default async function setup(): Promise<void> {
  ensureChromium();
  await buildTestApps();
}
