/** Build steps that keep shipped code runnable on the oldest engines we support (see README, "Which browsers"). */
import type { Plugin } from 'vite';

/** The syntax level every shipped script is compiled to (app, workers, service worker, reader file). */
export const SCRIPT_TARGET = 'es2017';

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
