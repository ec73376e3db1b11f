#!/usr/bin/env node
// Owns the language-level gate on what ships: es-check over every script of a build (app chunks, workers, sw.js, the reader file's inline script).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ES_CHECK = join(ROOT, 'node_modules', 'es-check', 'lib', 'cli', 'index.js');

/** The syntax levels scripts are compiled to (src/build/old-engines.ts): the app's, and the reader file's. */
export const LEVEL = 'es2019';
export const READER_LEVEL = 'es2015';

/**
 * Newer built-ins and syntax the oldest supported browsers have (Chrome/WebView 76, Safari/iOS 14, Firefox 78; see the
 * README): es-check flags them against es2019, and they are allowed by name. Anything else newer fails the check.
 * ES2020: BigInt (the portable Ed25519 verifier), globalThis, Promise.allSettled (Workbox), String.prototype.matchAll.
 * Not allowed: optional chaining and `??` (Chrome 80), which the build lowers.
 */
const ALLOWED = ['BigInt', 'globalThis', 'PromiseAllSettled', 'StringMatchAll'];
/**
 * Browser APIs newer than those engines, which es-check does not know (it checks the language, not the DOM): a use in
 * any shipped script breaks the app there (Element.replaceChildren left every article blank on Chrome/WebView 76-85).
 * Each with the first versions that have it. Code that needs one feature-detects it under another spelling.
 */
const NEWER_APIS = [
  ['.replaceChildren(', 'Chrome 86'],
  ['structuredClone(', 'Chrome 98, Safari 15.4, Firefox 94'],
  ['.findLast(', 'Chrome 97, Safari 15.4, Firefox 104'],
  ['.findLastIndex(', 'Chrome 97, Safari 15.4, Firefox 104'],
  ['.toSorted(', 'Chrome 110, Safari 16, Firefox 115'],
  ['.toReversed(', 'Chrome 110, Safari 16, Firefox 115'],
  ['.replaceAll(', 'Chrome 85'],
  ['.at(', 'Chrome 92, Safari 15.4, Firefox 90'],
  ['Promise.any(', 'Chrome 85'],
  ['AbortSignal.timeout(', 'Chrome 103, Safari 16, Firefox 100'],
  ['AbortSignal.any(', 'Chrome 116, Safari 17.4, Firefox 124'],
  ['.randomUUID(', 'Chrome 92, Safari 15.4, Firefox 95'],
];

/**
 * A call as it reads in minified code: a method after a value (`x.at(`, `)[0].at(`), not a spread of a function the
 * minifier named alike (`...at(`); a global not as part of a longer name.
 */
function callPattern(call) {
  const escaped = call.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(call.startsWith('.') ? `(?<=[\\w$)\\]])${escaped}` : `(?<![\\w$.])${escaped}`);
}

/** The NEWER_APIS a script's text calls, as problems naming the file. */
function newerApis(file) {
  const text = readFileSync(file, 'utf8');
  return NEWER_APIS.filter(([call]) => callPattern(call).test(text)).map(
    ([call, since]) => `${file}: calls ${call.replace(/^\.|\($/g, '')}, which the oldest supported browsers lack (${since})`,
  );
}

/** Page chunks are modules and may load others with import(); workers, the service worker and the reader file may not. */
const ALLOWED_IN_MODULES = [...ALLOWED, 'DynamicImport'];

/** Groups a build's shipped scripts by how a browser runs them; the reader file's script is written to `scratch`. */
export function shippedScripts(dist, scratch) {
  let reader = null;
  const assets = join(dist, 'assets');
  if (!existsSync(join(dist, 'index.html')) || !existsSync(assets))
    throw new Error(`${dist} is not a build of the app (no index.html or assets/).`);
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  // Classic scripts: the worker script, and the script of pure hashes a worker runs with importScripts.
  const isWorker = (f) => /worker|pure-hashes-script/i.test(f);
  const modules = js.filter((f) => !isWorker(f)).map((f) => join(assets, f));
  const classic = js.filter(isWorker).map((f) => join(assets, f));
  if (existsSync(join(dist, 'sw.js'))) classic.push(join(dist, 'sw.js'));
  const library = join(dist, 'library.html');
  if (existsSync(library)) {
    // The reader's script is the one <script> with no attributes; the records are <script data-or=… type=…> data.
    const html = readFileSync(library, 'utf8');
    const found = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    if (found.length !== 1) throw new Error(`${library} should hold exactly one inline script, not ${found.length}.`);
    reader = join(scratch, 'library-reader-script.js');
    writeFileSync(reader, found[0][1]);
  }
  return { modules, classic, reader };
}

/**
 * es-check in one of its two modes: `--checkFeatures` parses with the newest grammar and names every newer syntax or
 * built-in it knows (so allowed ones can be let through); without it, the parser itself is held to `level`, which
 * also catches syntax the feature list misses (an async arrow function, say), but can allow nothing.
 */
function esCheck(files, { module, allowed, level = LEVEL, parserOnly = false }) {
  if (files.length === 0) return { ok: true, output: '' };
  const args = [ES_CHECK, level, ...files, '--noColor', '--noCache'];
  if (!parserOnly) args.push('--checkFeatures');
  if (!parserOnly && allowed.length > 0) args.push(`--ignore=${allowed.join(',')}`);
  if (module) args.push('--module');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** Checks every shipped script of `dist`; returns the failures as readable text ('' when all pass). */
export function checkBuild(dist) {
  const scratch = mkdtempSync(join(tmpdir(), 'check-es-'));
  try {
    const { modules, classic, reader } = shippedScripts(dist, scratch);
    const problems = [];
    for (const [files, opts] of [
      [modules, { module: true, allowed: ALLOWED_IN_MODULES }],
      [classic, { module: false, allowed: ALLOWED }],
      // The reader file's script has no allowances: plain es2015.
      [reader ? [reader] : [], { module: false, allowed: [], level: READER_LEVEL }],
      [reader ? [reader] : [], { module: false, allowed: [], level: READER_LEVEL, parserOnly: true }],
    ]) {
      const r = esCheck(files, opts);
      if (!r.ok) {
        const lines = r.output.split('\n').filter((l) => /erroring file|error:|Unsupported|SyntaxError/.test(l));
        // A failure es-check words differently still fails the gate, with its own last lines.
        problems.push(
          ...(lines.length > 0
            ? new Set(lines.map((l) => l.trim()))
            : [r.output.trim().split('\n').slice(-5).join(' / ') || 'es-check failed']),
        );
      }
    }
    for (const file of [...modules, ...classic, ...(reader ? [reader] : [])]) problems.push(...newerApis(file));
    return { files: modules.length + classic.length + (reader ? 1 : 0), problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? 'dist');
  const { files, problems } = checkBuild(dist);
  if (problems.length > 0) {
    console.error(`es-check: scripts in ${dist} use more than ${LEVEL} plus the allowed built-ins:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(
    `es-check: all ${files} shipped scripts of ${dist} are ${LEVEL} (plus the built-ins the oldest supported browsers have), the reader file's ${READER_LEVEL}.`,
  );
}
