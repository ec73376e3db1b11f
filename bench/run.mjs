#!/usr/bin/env node
// Owns starting the bench: bundles bench/*.ts (which reuse the e2e helpers and src/core) with rolldown, then runs it.
import { mkdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
// Two folders below the root, like e2e/helpers/, so the shared helpers' `new URL('../..', import.meta.url)` still finds the root.
const outFile = fileURLToPath(new URL('./out/bench.mjs', import.meta.url));

// Node 20 runs no TypeScript, and the bench shares TS helpers with the e2e tests: one quick bundle (well under a second).
await mkdir(new URL('./out/', import.meta.url), { recursive: true });
await build({
  input: entry,
  platform: 'node',
  logLevel: 'warn',
  external: [...builtinModules, /^node:/, 'playwright-core', 'rolldown', 'lighthouse', 'chrome-launcher'],
  // One file: core/signing's lazy import of the pure-JS hashes would otherwise make a second chunk.
  output: { file: outFile, format: 'esm', sourcemap: true, codeSplitting: false },
});
const { main } = await import(pathToFileURL(outFile).href);
process.exitCode = await main(process.argv.slice(2));
