/**
 * Owns making a stored article body safe on the page: the browser's own Sanitizer API where it has one, then the
 * policy's own pass (core/sanitize-policy.ts); DOMPurify, a chunk of its own, where the browser has none.
 */
import {
  SANITIZER_API_CONFIG,
  applyLinkAndImageRules,
  demoteHeading,
  isAllowedAttribute,
  isAllowedTag,
  prefixId,
} from '../core/sanitize-policy';
import { standardSanitizer, type SanitizingTemplate } from './capabilities';

/** A body made safe: as nodes for the article view, as text for a reader file. Both follow the same policy. */
export interface ArticleSanitizer {
  /** Inert until inserted: its nodes belong to a document that loads nothing. */
  fragment(html: string): DocumentFragment;
  text(html: string): string;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * The policy's own pass over what the browser's sanitiser kept: h1 to h2, id prefixes, the link and image rules, and
 * the allow-lists once more, so that an engine whose sanitiser keeps more than it was told to still yields the policy.
 */
function applyPolicy(root: DocumentFragment): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (el.namespaceURI !== HTML_NS) {
      el.remove();
      continue;
    }
    const tag = el.localName;
    if (tag === 'h1') {
      const h2 = demoteHeading(el) as Element | undefined;
      el.remove();
      if (h2) applyAttributeRules(h2);
    } else if (isAllowedTag(tag)) {
      applyAttributeRules(el);
    } else {
      el.replaceWith(...Array.from(el.childNodes));
    }
  }
}

function applyAttributeRules(el: Element): void {
  for (const attr of Array.from(el.attributes)) {
    if (attr.namespaceURI !== null || !isAllowedAttribute(attr.name)) el.removeAttributeNode(attr);
    else if (attr.name === 'id' && attr.value !== '') attr.value = prefixId(attr.value);
  }
  applyLinkAndImageRules(el);
}

/** The browser's own Sanitizer API with the policy's pass after it, where the browser has the standard API. */
export function nativeSanitizer(): ArticleSanitizer | undefined {
  const Sanitizer = standardSanitizer();
  if (!Sanitizer) return undefined;
  const sanitizer = new Sanitizer(SANITIZER_API_CONFIG);
  const parse = (html: string): HTMLTemplateElement => {
    const template = document.createElement('template') as SanitizingTemplate;
    template.setHTML(html, { sanitizer });
    applyPolicy(template.content);
    return template;
  };
  return { fragment: (html) => parse(html).content, text: (html) => parse(html).innerHTML };
}

let loading: Promise<ArticleSanitizer> | undefined;

/**
 * Code blocks and tables scroll sideways when wider than the screen: each takes the keyboard's focus, so it can be
 * scrolled without a pointer (engines that make a scroller focusable of their own accord are recent).
 */
function focusableScrollers(fragment: DocumentFragment): DocumentFragment {
  for (const el of Array.from(fragment.querySelectorAll('pre, table'))) el.setAttribute('tabindex', '0');
  return fragment;
}

/** The sanitiser this browser uses; DOMPurify's chunk is only fetched where the browser has no Sanitizer API. */
export function loadArticleSanitizer(): Promise<ArticleSanitizer> {
  loading ??= Promise.resolve(nativeSanitizer())
    .then((native) => native ?? import('./article-purify').then((m) => m.purifySanitizer()))
    .then(({ fragment, text }) => ({ fragment: (html) => focusableScrollers(fragment(html)), text }));
  return loading;
}
