/**
 * Owns one rule of the service worker's first download: a file is kept only whole. A connection cut halfway through a
 * body is an error in Chromium, but Firefox keeps what arrived as if it were the whole file; a short copy in the precache
 * would then be served for good (an edition that never verifies, a script that never runs). The build gives each file
 * named by its content's hash its size; a copy of another size fails the install, which the page starts again later.
 */
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { isErasing } from './content';

/**
 * The precache's test of a response before it is kept, in place of Workbox's own (which it also does: no error
 * status). `sizes` are by absolute URL, without a query.
 */
export function wholeFiles(sizes: ReadonlyMap<string, number>): WorkboxPlugin {
  return {
    async cacheWillUpdate({ request, response }) {
      // Nothing is kept once a page erases the library: the install fails instead of re-creating the caches.
      if (!response || response.status >= 400 || isErasing()) return null;
      const url = new URL(request.url);
      url.search = '';
      const expected = sizes.get(url.href);
      if (expected === undefined) return response;
      return (await response.clone().arrayBuffer()).byteLength === expected ? response : null;
    },
  };
}
