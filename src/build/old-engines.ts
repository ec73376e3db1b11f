/** Build steps that keep shipped code runnable on the oldest engines we support (see README, "Which browsers"). */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * The oldest engines the app's scripts and CSS are compiled for (app chunks, workers, service worker): README, "Which
 * browsers". Named browsers rather than an ES year: all of ES2019 stays as written (object spread, async iteration,
 * optional catch binding need no helpers), while what Chrome 76 lacks (`?.`, `??`, class fields) is lowered; the CSS
 * keeps native logical properties these engines have. `ios14` keeps the -webkit- prefixes iOS Safari needs.
 */
export const SCRIPT_TARGET = ['chrome76', 'safari14', 'ios14', 'firefox78'];
/** The reader file's small script costs nothing to hold lower: it reads on phones older still (README, "Which browsers"). */
export const READER_TARGET = 'es2015';

/**
 * Rewrites `Object.hasOwn(o, k)` (ES2022: Chrome 93, Safari 15.4) in dependencies to the equivalent
 * `Object.prototype.hasOwnProperty.call(o, k)`, which every engine has. @noble/hashes calls it when it checks
 * options, so without this the portable hash and signature code throws on an older phone.
 */
export function hasOwnForOldEngines(): Plugin {
  return {
    name: 'offline-reader:has-own-for-old-engines',
    transform: {
      filter: { code: /\bObject\.hasOwn\(/ },
      handler(code) {
        return { code: code.replace(/\bObject\.hasOwn\(/g, 'Object.prototype.hasOwnProperty.call('), map: null };
      },
    },
  };
}

/**
 * In the workers' build, puts `src/workers/pure-hashes.ts` (importScripts of a script of its own) in the place of
 * `src/core/pure-hashes.ts` (a dynamic import): a classic worker script cannot be split into chunks, so the import
 * would pull @noble/hashes into the one worker script that every first visit downloads, for the rare page that has no
 * WebCrypto.
 */
export function pureHashesForWorkers(): Plugin {
  const core = fileURLToPath(new URL('../core/pure-hashes.ts', import.meta.url));
  const worker = fileURLToPath(new URL('../workers/pure-hashes.ts', import.meta.url));
  return {
    name: 'offline-reader:pure-hashes-for-workers',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/pure-hashes(\.ts)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === core ? worker : null;
    },
  };
}
