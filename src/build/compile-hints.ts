/** Build step for a slow phone's first paint: the app shell is compiled off the main thread while it downloads. */
import type { Plugin } from 'vite';

/**
 * V8's explicit compile hint (Chrome 136 and later; a plain comment everywhere else). Without it, each function of the
 * shell is compiled on the main thread the first time it runs, most of them inside the first render; with it, the
 * whole file is compiled eagerly on the thread that streams the download. It must be the file's first line.
 */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Puts the hint on the entry chunk only: every function in it runs at start (the first paint), while the lazy chunks
 * hold code that may never run on a visit.
 */
export function compileHintForShell(): Plugin {
  return {
    name: 'offline-reader:compile-hint-for-shell',
    apply: 'build',
    enforce: 'post',
    // Last of all, after Vite prepends its map of lazy chunks' dependencies to the entry.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle))
          if (file.type === 'chunk' && file.isEntry && !file.code.startsWith(EAGER_COMPILE_HINT))
            file.code = `${EAGER_COMPILE_HINT}\n${file.code}`;
      },
    },
  };
}
