/** Build-time sanitising: one jsdom window and DOMPurify instance for every article, the shared policy, plus path rewriting. */
import createDOMPurify from 'dompurify';
import { JSDOM, type DOMWindow } from 'jsdom';
import { installSanitizerHooks, SANITIZE_CONFIG } from '../core/sanitize-policy';

/** How the build resolves an article's relative references (both return undefined when there is nothing to point to). */
export interface ArticleRefs {
  /** A relative image path -> its media src and pixel size; undefined drops the image (its alt text stays). */
  image(path: string): { src: string; width?: number; height?: number } | undefined;
  /** A relative link -> the article route it points to; undefined drops the link (its text stays). */
  link(path: string): string | undefined;
}

/** Sanitises one article's HTML with its references resolved. */
export type ArticleSanitizer = (html: string, refs: ArticleRefs) => string;

interface HookElement {
  nodeName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** True for a path relative to the article's file: no scheme, not absolute, not a fragment or query. */
export function isRelativePath(url: string): boolean {
  return url !== '' && !SCHEME.test(url) && !/^[/\\#?]/.test(url);
}

/** Articles sanitised per jsdom window before it is replaced (see createArticleSanitizer). */
const ARTICLES_PER_WINDOW = 100;

/**
 * A sanitiser on one jsdom window, replaced every ARTICLES_PER_WINDOW articles. A window per article would be far too
 * slow, but one window forever is worse: each document DOMPurify parses adds listeners to its window (jsdom's selector
 * engine) that are never removed, so every later document costs more.
 */
export function createArticleSanitizer(): ArticleSanitizer {
  let refs: ArticleRefs | undefined;
  let window: DOMWindow | undefined;
  let purify: ReturnType<typeof createDOMPurify> | undefined;
  let uses = 0;

  const open = (): ReturnType<typeof createDOMPurify> => {
    window?.close();
    window = new JSDOM('').window;
    const p = createDOMPurify(window as never);
    // Runs before the policy checks attributes, so rewritten paths are then judged like any other.
    p.addHook('beforeSanitizeAttributes', (node: HookElement) => {
      if (refs) rewriteReference(node, refs);
    });
    installSanitizerHooks(p);
    p.setConfig(SANITIZE_CONFIG);
    uses = 0;
    return p;
  };

  return (html, articleRefs) => {
    if (!purify || uses >= ARTICLES_PER_WINDOW) purify = open();
    uses++;
    refs = articleRefs;
    try {
      return String(purify.sanitize(html));
    } finally {
      refs = undefined;
    }
  };
}

function rewriteReference(node: HookElement, refs: ArticleRefs): void {
  if (node.nodeName === 'IMG') {
    const src = (node.getAttribute('src') ?? '').trim();
    if (!isRelativePath(src)) return;
    const image = refs.image(src);
    if (!image) return;
    node.setAttribute('src', image.src);
    if (image.width && image.height && !node.hasAttribute('width') && !node.hasAttribute('height')) {
      node.setAttribute('width', String(image.width));
      node.setAttribute('height', String(image.height));
    }
  } else if (node.nodeName === 'A') {
    const href = (node.getAttribute('href') ?? '').trim();
    if (!isRelativePath(href)) return;
    const route = refs.link(href);
    if (route !== undefined) node.setAttribute('href', route);
  }
}
