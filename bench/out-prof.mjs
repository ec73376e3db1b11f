import { build } from 'rolldown';
import { pathToFileURL } from 'node:url';
const out = `/tmp/refusal-prof.mjs`;
await build({
  input: `/work/main/bench/refusal.ts`,
  platform: 'node',
  logLevel: 'warn',
  output: { file: out, format: 'esm', codeSplitting: false },
});
const { measureRefusal } = await import(pathToFileURL(out).href);
console.log(JSON.stringify(await measureRefusal(3, 31)));
