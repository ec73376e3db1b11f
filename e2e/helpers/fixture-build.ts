// Owns the small hand-written fixture libraries of e2e/fixtures/ and their app builds (dev key, optional edition), cached by input hash.
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { APP_INPUTS, hashInputs, runViteBuild } from './build-app';
import { ROOT, TMP } from './paths';

/** The fixture article folders. */
export const FIXTURES = join(ROOT, 'e2e', 'fixtures');

/** One fixture build: the folder of e2e/fixtures/ it reads and, optionally, a fixed edition number. */
export interface FixtureBuild {
  /** A folder name under e2e/fixtures/ (also names the build). */
  fixture: string;
  /** OFFLINE_READER_EDITION; the build time when absent (the cached build keeps its first number). */
  edition?: number;
  /** Lines added to the project's site.config.yml for this build (e.g. a `withdrawn:` list); they also name the build. */
  siteExtra?: { name: string; yaml: string };
  /** Another site config file (OFFLINE_READER_SITE_CONFIG), for a build that differs only in its settings (e.g. mirrors). */
  siteConfig?: string;
  /** Names a build with another site config apart from the default one (so the two never replace each other). */
  variant?: string;
}

/** Where a fixture build lives. */
export function fixtureDist(b: FixtureBuild): string {
  return join(
    TMP,
    `fixture-${b.fixture}${b.edition === undefined ? '' : `-e${b.edition}`}${b.variant ? `-${b.variant}` : ''}${b.siteExtra ? `-${b.siteExtra.name}` : ''}`,
  );
}

/**
 * Builds the app from one fixture folder with the development key (kept in node_modules/.cache, so every build
 * signs with the same key and every build trusts the others' files) unless a build of the same inputs exists.
 * Each build writes to its own folder and is moved into place only when complete. Returns the output folder.
 */
export async function buildFixtureApp(b: FixtureBuild): Promise<string> {
  const outDir = fixtureDist(b);
  const articles = join(FIXTURES, b.fixture);
  if (!existsSync(articles)) throw new Error(`The fixture folder ${relative(ROOT, articles)} does not exist.`);
  const key = await hashInputs(
    [...APP_INPUTS.map((p) => join(ROOT, p)), articles, ...(b.siteConfig ? [b.siteConfig] : [])],
    [`edition=${b.edition ?? 'build-time'}`, `site=${b.siteExtra?.yaml ?? ''}`],
  );
  const stamp = `${outDir}.key`;
  if ((await readFile(stamp, 'utf8').catch(() => '')) === key && existsSync(join(outDir, 'index.html'))) return outDir;

  const building = `${outDir}.building-${process.pid}`;
  const siteConfig = `${outDir}.site.yml`;
  if (b.siteExtra) await writeFile(siteConfig, `${await readFile(join(ROOT, 'site.config.yml'), 'utf8')}\n${b.siteExtra.yaml}\n`);
  console.log(`e2e: building the app from e2e/fixtures/${b.fixture}${b.edition === undefined ? '' : ` (edition ${b.edition})`}...`);
  try {
    await runViteBuild({
      outDir: building,
      logFile: `${outDir}.log`,
      env: {
        OFFLINE_READER_ARTICLES: articles,
        ...(b.edition === undefined ? {} : { OFFLINE_READER_EDITION: String(b.edition) }),
        ...(b.siteExtra ? { OFFLINE_READER_SITE_CONFIG: siteConfig } : b.siteConfig ? { OFFLINE_READER_SITE_CONFIG: b.siteConfig } : {}),
      },
      what: `the app from e2e/fixtures/${b.fixture}`,
    });
  } catch (e) {
    await rm(building, { recursive: true, force: true });
    throw e;
  }
  await rm(outDir, { recursive: true, force: true });
  await rename(building, outDir);
  await writeFile(stamp, key);
  return outDir;
}
