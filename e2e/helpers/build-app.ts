// Owns building the app for the e2e tests: once per set of inputs, skipped when a build of the same inputs is already there.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, createWriteStream } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ROOT } from './paths';

/** Files and folders whose content decides what a build produces. */
export const APP_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'site.config.yml', 'package-lock.json'];

async function listFiles(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (!entries) return [path];
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(path, e.name);
    out.push(...(e.isDirectory() ? await listFiles(p) : [p]));
  }
  return out;
}

/** SHA-256 over the names and bytes of the given files and folders, plus extra strings. */
export async function hashInputs(paths: string[], extra: string[] = []): Promise<string> {
  const h = createHash('sha256');
  for (const x of extra) h.update(`${x}\0`);
  for (const p of paths) {
    for (const file of await listFiles(p)) {
      h.update(`${relative(ROOT, file)}\0`);
      h.update(await readFile(file));
    }
  }
  return h.digest('hex');
}

/** A build to make: where, from which articles, and which files also decide its output. */
export interface BuildSpec {
  name: string;
  outDir: string;
  /** Articles folder (default: the repository's articles/). */
  articlesDir?: string;
  /** More strings that change the output (e.g. the generator's options). */
  extraKey?: string[];
}

/** Builds the app with the development key unless an identical build exists; returns the build time in ms (0 when reused). */
export async function buildApp(spec: BuildSpec): Promise<number> {
  const articles = spec.articlesDir ?? join(ROOT, 'articles');
  const key = await hashInputs(
    [...APP_INPUTS.map((p) => join(ROOT, p)), join(ROOT, 'e2e', 'helpers', 'build-app.ts'), articles],
    spec.extraKey ?? [],
  );
  const stamp = `${spec.outDir}.key`;
  const previous = await readFile(stamp, 'utf8').catch(() => '');
  if (previous === key && existsSync(join(spec.outDir, 'index.html'))) {
    console.log(`e2e: reusing the ${spec.name} build (same inputs).`);
    return 0;
  }
  const started = Date.now();
  console.log(`e2e: building the app (${spec.name})...`);
  await runViteBuild({
    outDir: spec.outDir,
    env: spec.articlesDir ? { OFFLINE_READER_ARTICLES: spec.articlesDir } : {},
    what: `the app for the e2e tests (${spec.name})`,
  });
  const ms = Date.now() - started;
  await writeFile(stamp, key);
  console.log(`e2e: built ${spec.name} in ${(ms / 1000).toFixed(1)} s.`);
  return ms;
}

/** Runs `vite build` with the development key into `outDir`, logging to `<outDir>.log`; throws with the log's tail on failure. */
export async function runViteBuild(opts: { outDir: string; env: Record<string, string>; what: string; logFile?: string }): Promise<void> {
  const logFile = opts.logFile ?? `${opts.outDir}.log`;
  const log = createWriteStream(logFile);
  const code = await new Promise<number>((done, fail) => {
    // Each e2e build has its own outDir, so parallel builds never share output.
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', opts.outDir, '--emptyOutDir'],
      {
        cwd: ROOT,
        // NODE_ENV: vitest sets 'test', which would make Vite build development JSX (bigger, with source paths): test what ships.
        env: { ...process.env, NODE_ENV: 'production', OFFLINE_READER_DEV_KEY: '1', ...opts.env },
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
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
    throw new Error(`Building ${opts.what} failed; the log is ${relative(ROOT, logFile)}:\n${tail}`);
  }
}
