// Owns the small hand-written fixture libraries of e2e/fixtures/ and their app builds (dev key, optional edition), cached by input hash.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { hashInputs } from './build-app';
import { ROOT, TMP } from './paths';

/** The fixture article folders. */
export const FIXTURES = join(ROOT, 'e2e', 'fixtures');

/** What decides a build's output besides the articles (the same list build-app.ts hashes). */
const APP_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'site.config.yml', 'package-lock.json'].map((p) => join(ROOT, p));

/** One fixture build: the folder of e2e/fixtures/ it reads and, optionally, a fixed edition number. */
export interface FixtureBuild {
  /** A folder name under e2e/fixtures/ (also names the build). */
  fixture: string;
  /** OFFLINE_READER_EDITION; the build time when absent (the cached build keeps its first number). */
  edition?: number;
}

/** Where a fixture build lives. */
export function fixtureDist(b: FixtureBuild): string {
  return join(TMP, `fixture-${b.fixture}${b.edition === undefined ? '' : `-e${b.edition}`}`);
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
  const key = await hashInputs([...APP_INPUTS, articles], [`edition=${b.edition ?? 'build-time'}`]);
  const stamp = `${outDir}.key`;
  if ((await readFile(stamp, 'utf8').catch(() => '')) === key && existsSync(join(outDir, 'index.html'))) return outDir;

  const building = `${outDir}.building-${process.pid}`;
  const logFile = `${outDir}.log`;
  const log = createWriteStream(logFile);
  console.log(`e2e: building the app from e2e/fixtures/${b.fixture}${b.edition === undefined ? '' : ` (edition ${b.edition})`}...`);
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', building, '--emptyOutDir'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          OFFLINE_READER_DEV_KEY: '1',
          OFFLINE_READER_ARTICLES: articles,
          ...(b.edition === undefined ? {} : { OFFLINE_READER_EDITION: String(b.edition) }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', fail);
    child.on('close', (c) => done(c ?? 1));
  });
  await new Promise<void>((r) => log.end(r));
  if (code !== 0) {
    await rm(building, { recursive: true, force: true });
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
    throw new Error(`Building the app from e2e/fixtures/${b.fixture} failed; the log is ${relative(ROOT, logFile)}:\n${tail}`);
  }
  await rm(outDir, { recursive: true, force: true });
  await rename(building, outDir);
  await writeFile(stamp, key);
  return outDir;
}
