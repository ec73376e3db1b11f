/** Build steps that keep shipped code runnable on the oldest engines we support (see README, "Which browsers"). */
import type { Plugin } from 'vite';

/** The syntax level the app's scripts are compiled to (app chunks, workers, service worker). */
export const SCRIPT_TARGET = 'es2017';
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
