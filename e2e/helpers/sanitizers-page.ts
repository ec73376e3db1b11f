// Owns what article-html.e2e.ts loads into a blank Chromium page: both of the page's article sanitisers, by name.
import { nativeSanitizer } from '../../src/platform/article-html';
import { purifySanitizer } from '../../src/platform/article-purify';

(globalThis as Record<string, unknown>).sanitizers = { native: nativeSanitizer(), purify: purifySanitizer() };
