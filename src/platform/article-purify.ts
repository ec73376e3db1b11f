/** DOMPurify with the article policy: the page's sanitiser where the browser has no Sanitizer API (a chunk of its own). */
import DOMPurify from 'dompurify';
import { SANITIZE_CONFIG, installSanitizerHooks } from '../core/sanitize-policy';
import type { ArticleSanitizer } from './article-html';

/** DOMPurify's page instance with the policy's hooks (installed once). */
export function purifySanitizer(): ArticleSanitizer {
  installSanitizerHooks(DOMPurify);
  return {
    // DOMPurify parses into a document of its own, so the fragment loads nothing until the article view has set its sources.
    fragment: (html) => DOMPurify.sanitize(html, { ...SANITIZE_CONFIG, RETURN_DOM_FRAGMENT: true }) as unknown as DocumentFragment,
    text: (html) => String(DOMPurify.sanitize(html, SANITIZE_CONFIG)),
  };
}
