// The portable Ed25519 check (@noble/ed25519), which Safari 14-16, Chrome and WebViews before 137 and Firefox ESR 115/128 use
// because their WebCrypto lacks Ed25519, run in Firefox and WebKit: it accepts the publisher's signatures and refuses altered ones.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { SCRIPT_TARGET } from '../../src/build/old-engines';
import { generateKeyPair, signManifest } from '../../src/core/signing';
import type { SignedManifest } from '../../src/core/types';
import { ROOT, TMP } from '../helpers/paths';
import { waitUntil, type EnginePage } from './driver';
import { openFirefox } from './firefox';
import { openWebKit } from './webkit';

const SITE = join(TMP, 'engines-signing');

interface Case {
  name: string;
  signed: SignedManifest;
  genuine: boolean;
}
interface Outcome {
  backend: string;
  results: { name: string; valid: boolean | string }[];
}

/** Runs in the page: every case through verifySignature, with WebCrypto's Ed25519 refused when `withoutNative`. */
const PAGE_SCRIPT = `
import { ed25519Backend, resetEd25519Backend, verifySignature } from '${join(ROOT, 'src/core/signing.ts')}';
export async function check(cases, withoutNative) {
  if (withoutNative) {
    const subtle = crypto.subtle;
    const importKey = subtle.importKey.bind(subtle);
    // What an engine without Ed25519 in WebCrypto answers.
    subtle.importKey = (format, key, alg, ...rest) =>
      alg === 'Ed25519' || (alg && alg.name === 'Ed25519')
        ? Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'))
        : importKey(format, key, alg, ...rest);
  }
  resetEd25519Backend();
  const backend = await ed25519Backend();
  const results = [];
  for (const c of cases) {
    let valid;
    try { valid = await verifySignature(c.signed); } catch (e) { valid = 'threw ' + e; }
    results.push({ name: c.name, valid });
  }
  return { backend, results };
}
`;

let server: RunningServer;
let cases: Case[];
beforeAll(async () => {
  const key = await generateKeyPair();
  const short = await signManifest(JSON.stringify({ title: 'خبر فوری '.repeat(20), n: 1 }), key.privateKey, key.publicKey, 2);
  // Over the 16 KB a native check takes at once (WebKitGTK): scheme 1 signs the whole text.
  const long = await signManifest(JSON.stringify({ body: 'متن '.repeat(20_000) }), key.privateKey, key.publicKey, 1);
  const other = await generateKeyPair();
  cases = [
    { name: 'genuine (scheme 2)', signed: short, genuine: true },
    { name: 'text altered (scheme 2)', signed: { ...short, text: short.text.replace('1', '2') }, genuine: false },
    { name: 'genuine, 80 KB (scheme 1)', signed: long, genuine: true },
    { name: 'text altered, 80 KB (scheme 1)', signed: { ...long, text: long.text.replace('متن', 'متي') }, genuine: false },
    { name: 'another key claimed', signed: { ...short, publicKey: other.publicKey }, genuine: false },
  ];
  await mkdir(SITE, { recursive: true });
  const entry = join(SITE, 'entry.js');
  await writeFile(entry, PAGE_SCRIPT);
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: SITE,
    build: {
      write: false,
      minify: true,
      target: SCRIPT_TARGET,
      lib: { entry, formats: ['iife'], name: 'SigningCheck', fileName: () => 'check.js' },
    },
  });
  const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : [])).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('The signing check did not build.');
  await writeFile(join(SITE, 'check.js'), chunk.code);
  await writeFile(join(SITE, 'index.html'), '<!doctype html><meta charset="utf-8"><title>signing</title><script src="check.js"></script>');
  server = await startServer({ dir: SITE });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function outcome(page: EnginePage, withoutNative: boolean): Promise<Outcome> {
  await page.goto(server.url);
  await waitUntil(page, () => 'SigningCheck' in window, null, { what: 'the signing check loaded' });
  return page.run(
    ({ list, without }) =>
      (window as unknown as { SigningCheck: { check(c: unknown, w: boolean): Promise<Outcome> } }).SigningCheck.check(list, without),
    { list: cases, without: withoutNative },
  );
}

describe.each([
  ['Firefox ESR', openFirefox],
  ['WebKitGTK', openWebKit],
])('%s', (_name, open) => {
  it('without Ed25519 in WebCrypto, the portable check accepts genuine signatures and refuses altered ones, as the native one does', async () => {
    const page = await open({});
    try {
      const expected = cases.map((c) => ({ name: c.name, valid: c.genuine }));
      const portable = await outcome(page, true);
      expect(portable.backend, 'the portable check ran').toBe('noble');
      expect(portable.results).toEqual(expected);
      const native = await outcome(page, false);
      expect(native.backend, 'this engine has Ed25519 itself').toBe('webcrypto');
      expect(native.results).toEqual(expected);
    } finally {
      await page.close();
    }
  });
});
