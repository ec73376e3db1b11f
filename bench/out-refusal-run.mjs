import { build } from 'rolldown';
import { pathToFileURL } from 'node:url';
const root = process.argv[2];
const out = `/tmp/refusal-${Date.now()}.mjs`;
await build({
  input: `${root}/bench/refusal.ts`,
  platform: 'node',
  logLevel: 'warn',
  output: { file: out, format: 'esm', codeSplitting: false },
});
const { measureRefusal } = await import(pathToFileURL(out).href);
console.log(root, JSON.stringify(await measureRefusal(6, 31)));
