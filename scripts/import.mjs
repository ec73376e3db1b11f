#!/usr/bin/env node
// Owns starting `npm run import:telegram` and `npm run import:feed`: bundles src/build/importers/cli.ts with rolldown, then runs it.
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const [kind, ...args] = process.argv.slice(2);
if (kind !== 'telegram' && kind !== 'feed') {
  console.error('Usage: node scripts/import.mjs telegram|feed <inputs>... [options]');
  process.exit(2);
}
const entry = fileURLToPath(new URL('../src/build/importers/cli.ts', import.meta.url));
const outDir = new URL('../node_modules/.cache/offline-reader/', import.meta.url);
// One file per process: two imports started at once never load each other's half-written bundle.
const outFile = fileURLToPath(new URL(`import-${process.pid}.mjs`, outDir));

// Node 20 runs no TypeScript: one quick bundle of our own code (packages stay imports, resolved from node_modules).
await mkdir(outDir, { recursive: true });
await build({
  input: entry,
  platform: 'node',
  logLevel: 'warn',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  output: { file: outFile, format: 'esm' },
});
const { main } = await import(pathToFileURL(outFile).href).finally(() => rm(outFile, { force: true }));
process.exitCode = await main(kind, args);
