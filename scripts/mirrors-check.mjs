#!/usr/bin/env node
// Owns starting `npm run mirrors:check`: bundles src/build/mirrors-check.ts (which reuses src/core's verifier) with rolldown, then runs it.
import { mkdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const entry = fileURLToPath(new URL('../src/build/mirrors-check.ts', import.meta.url));
const outFile = fileURLToPath(new URL('../node_modules/.cache/offline-reader/mirrors-check.mjs', import.meta.url));

// Node 20 runs no TypeScript: one quick bundle of the checker and the core it shares with the app.
await mkdir(new URL('../node_modules/.cache/offline-reader/', import.meta.url), { recursive: true });
await build({
  input: entry,
  platform: 'node',
  logLevel: 'warn',
  external: [...builtinModules, /^node:/, 'yaml'],
  output: { file: outFile, format: 'esm', codeSplitting: false },
});
const { main } = await import(pathToFileURL(outFile).href);
process.exitCode = await main(process.argv.slice(2));
