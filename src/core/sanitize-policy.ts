/**
 * The article HTML policy: which elements and attributes stay, and the rules for ids, links, images and h1. Used at
 * build time (DOMPurify in jsdom) and again in the page before rendering (the browser's Sanitizer API, or DOMPurify).
 */
import { MEDIA_DIR, MEDIA_TYPES } from './constants';

/** The only image source that survives: a media file named by its SHA-256, carried with the article. */
export const MEDIA_SRC_PATTERN = new RegExp(`^${MEDIA_DIR}/[0-9a-f]{64}\\.(?:${Object.values(MEDIA_TYPES).join('|')})$`);
/** Prefix of every id in article HTML, so an article can never take an id the app itself uses. */
export const ID_PREFIX = 'user-content-';

/** Where a link to another article points (the app's hash route); the id is percent-encoded. */
export const ARTICLE_ROUTE = '#/article/';

/** The in-app link to an article: what relative links between articles become at build time. */
export function articleRoute(id: string): string {
  return ARTICLE_ROUTE + encodeURIComponent(id);
}

const EXTERNAL_LINK = /^(?:https?:|mailto:|tel:)/i;
const DIMENSION = /^\d{1,5}$/;
/** Attributes every outside link gets: it opens apart from the app and tells the other site nothing. */
export const EXTERNAL_LINK_ATTRS: ReadonlyArray<readonly [string, string]> = [
  ['rel', 'noopener noreferrer'],
  ['target', '_blank'],
];
/** Attributes every kept image gets. */
export const IMAGE_ATTRS: ReadonlyArray<readonly [string, string]> = [
  ['loading', 'lazy'],
  ['decoding', 'async'],
];

/**
 * What a link's href becomes: http(s), mailto and tel stay (external); article routes stay; '#x' becomes '#user-content-x';
 * anything else (javascript:, data:, relative files, other app routes) is undefined: the link goes, its text stays.
 */
export function linkPolicy(rawHref: string): { href: string; external: boolean } | undefined {
  const href = rawHref.trim();
  if (EXTERNAL_LINK.test(href)) return { href, external: true };
  if (href.startsWith(ARTICLE_ROUTE) && href.length > ARTICLE_ROUTE.length) return { href, external: false };
  // Another route of the app (settings, import...) is not for an article to link to.
  if (href.startsWith('#/')) return undefined;
  if (href.startsWith('#') && href.length > 1) return { href: `#${prefixId(href.slice(1))}`, external: false };
  return undefined;
}

/** True for the only image source that survives (media/<sha256>.<ext>). */
export function isMediaSrc(src: string): boolean {
  return MEDIA_SRC_PATTERN.test(src);
}

/** True for a width or height value an image may keep (whole pixels). */
export function isDimension(value: string): boolean {
  return DIMENSION.test(value);
}

/** Ordinary article markup. h1 is not here: the hooks turn it into h2 (the title is the page's h1). */
const ALLOWED_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'q',
  'cite',
  'a',
  'img',
  'figure',
  'figcaption',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'hr',
  'br',
  'wbr',
  'sup',
  'sub',
  'abbr',
  'dl',
  'dt',
  'dd',
  'mark',
  'small',
  'del',
  'ins',
  'time',
  'details',
  'summary',
  'span',
  'div',
  'bdi',
  'bdo',
  'ruby',
  'rt',
  'rp',
];
/** Named on purpose (they are also missing from ALLOWED_TAGS) so that a later edit of the allow-list cannot let them in. */
const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'output',
  'fieldset',
  'legend',
  'label',
  'meter',
  'progress',
  'svg',
  'math',
  'link',
  'meta',
  'base',
  'template',
  'noscript',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'canvas',
  'portal',
  'slot',
  'dialog',
];
/** No URL-bearing attribute but href (on a) and src (on img), and the hooks check those two. */
const ALLOWED_ATTR = [
  'href',
  'src',
  'alt',
  'title',
  'width',
  'height',
  'id',
  'lang',
  'dir',
  'colspan',
  'rowspan',
  'scope',
  'start',
  'reversed',
  'value',
  'datetime',
  'open',
  'span',
];
const FORBID_ATTR = ['style', 'srcset', 'sizes', 'class', 'name', 'target', 'rel', 'ping', 'download', 'action', 'formaction'];

/** True for an element the policy keeps (lowercase name; h1 is not: it becomes h2). */
export function isAllowedTag(tag: string): boolean {
  return ALLOWED_TAGS.includes(tag) && !FORBID_TAGS.includes(tag);
}

/** True for an attribute the policy keeps (lowercase name), before the link and image rules. */
export function isAllowedAttribute(name: string): boolean {
  return ALLOWED_ATTR.includes(name) && !FORBID_ATTR.includes(name);
}

/** The DOMPurify options of the policy (a subset of DOMPurify's Config, so it can be passed as is). */
export interface SanitizeConfig {
  ALLOWED_TAGS: string[];
  ALLOWED_ATTR: string[];
  FORBID_TAGS: string[];
  FORBID_ATTR: string[];
  ALLOW_DATA_ATTR: boolean;
  ALLOW_ARIA_ATTR: boolean;
  ALLOW_UNKNOWN_PROTOCOLS: boolean;
  ALLOW_SELF_CLOSE_IN_ATTR: boolean;
  SAFE_FOR_XML: boolean;
  KEEP_CONTENT: boolean;
  WHOLE_DOCUMENT: boolean;
}

/** Pass to DOMPurify.sanitize together with installSanitizerHooks on the same instance. */
export const SANITIZE_CONFIG: SanitizeConfig = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  SAFE_FOR_XML: true,
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
};

/**
 * Elements whose text a hostile or hand-made body may wrap in markup the policy does not keep: the browser's Sanitizer
 * keeps their content, as DOMPurify keeps the content of any element it drops (`KEEP_CONTENT`). Any other element the
 * policy does not keep goes with its content there. A built body holds none of them (the build sanitised it).
 */
const UNWRAPPED_TAGS = [
  'address',
  'article',
  'aside',
  'footer',
  'header',
  'hgroup',
  'main',
  'nav',
  'section',
  'search',
  'center',
  'font',
  'big',
  'tt',
  'strike',
  'acronym',
  'dfn',
  'nobr',
  'data',
  'label',
  'legend',
  'fieldset',
  'form',
  'button',
  'picture',
];

/** The policy as a Sanitizer API configuration (the page's first pass where the browser has it; see platform/article-html.ts). */
export interface SanitizerApiConfig {
  elements: string[];
  attributes: string[];
  replaceWithChildrenElements: string[];
  comments: false;
  dataAttributes: false;
}

/** h1 stays through the browser's pass so that the policy's own pass can turn it into h2. */
export const SANITIZER_API_CONFIG: SanitizerApiConfig = {
  elements: [...ALLOWED_TAGS.filter(isAllowedTag), 'h1'],
  attributes: ALLOWED_ATTR.filter(isAllowedAttribute),
  replaceWithChildrenElements: UNWRAPPED_TAGS,
  comments: false,
  dataAttributes: false,
};

/** The few DOM members the hooks use: core has no DOM types, and the page's and jsdom's nodes both fit. */
export interface PolicyNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: PolicyNode | null;
  readonly nextSibling: PolicyNode | null;
  readonly firstChild: PolicyNode | null;
  readonly ownerDocument: PolicyDocument | null;
  insertBefore(node: PolicyNode, child: PolicyNode | null): unknown;
  appendChild(node: PolicyNode): unknown;
  removeChild(node: PolicyNode): unknown;
}

export interface PolicyElement extends PolicyNode {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
}

interface PolicyDocument {
  createElement(tag: string): PolicyNode;
  createTextNode(text: string): PolicyNode;
}

/** The attribute event DOMPurify gives an uponSanitizeAttribute hook (the part the policy uses). */
export interface PolicyAttributeEvent {
  attrName: string;
  attrValue: string;
  keepAttr: boolean;
}

/** The part of a DOMPurify instance the policy needs: a DOMPurify instance (page or jsdom) fits. */
export interface SanitizerHooks {
  addHook(entryPoint: 'uponSanitizeElement', hook: (node: PolicyNode, event: { tagName: string }) => void): void;
  addHook(entryPoint: 'uponSanitizeAttribute', hook: (node: PolicyNode, event: PolicyAttributeEvent) => void): void;
  addHook(entryPoint: 'afterSanitizeAttributes', hook: (node: PolicyNode) => void): void;
}

const ELEMENT_NODE = 1;

function isElement(node: PolicyNode): node is PolicyElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Adds the policy's hooks (h1 to h2, id prefix, link and image rules) to a DOMPurify instance; call once per instance. */
export function installSanitizerHooks(purify: SanitizerHooks): void {
  purify.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName === 'h1' && isElement(node)) demoteHeading(node);
  });
  purify.addHook('uponSanitizeAttribute', (_node, event) => {
    if (event.attrName === 'id' && event.attrValue !== '') event.attrValue = prefixId(event.attrValue);
  });
  purify.addHook('afterSanitizeAttributes', applyLinkAndImageRules);
}

/** The link and image rules, on an element whose attributes are already the allowed ones (a removed image leaves its alt text). */
export function applyLinkAndImageRules(node: PolicyNode): void {
  if (!isElement(node)) return;
  if (node.nodeName === 'A') checkLink(node);
  else if (node.nodeName === 'IMG') checkImage(node);
}

/**
 * Title-level headings in a body become h2: the children move to a new h2 after it (returned), and the empty h1 is
 * left for the caller to drop.
 */
export function demoteHeading(h1: PolicyElement): PolicyElement | undefined {
  const doc = h1.ownerDocument;
  const parent = h1.parentNode;
  if (!doc || !parent) return undefined;
  const h2 = doc.createElement('h2') as PolicyElement;
  for (const name of ['id', 'lang', 'dir']) {
    const value = h1.getAttribute(name);
    if (value !== null) h2.setAttribute(name, value);
  }
  while (h1.firstChild) h2.appendChild(h1.firstChild);
  // Inserted after the h1, so DOMPurify's walk still visits (and sanitises) the h2 and its children.
  parent.insertBefore(h2, h1.nextSibling);
  return h2;
}

/** An id as article HTML may carry it: always with ID_PREFIX. */
export function prefixId(id: string): string {
  return id.startsWith(ID_PREFIX) ? id : ID_PREFIX + id;
}

function checkLink(a: PolicyElement): void {
  const link = linkPolicy(a.getAttribute('href') ?? '');
  a.removeAttribute('target');
  a.removeAttribute('rel');
  if (!link) {
    a.removeAttribute('href');
    return;
  }
  a.setAttribute('href', link.href);
  if (link.external) for (const [name, value] of EXTERNAL_LINK_ATTRS) a.setAttribute(name, value);
}

function checkImage(img: PolicyElement): void {
  if (!isMediaSrc(img.getAttribute('src') ?? '')) {
    replaceWithAlt(img);
    return;
  }
  for (const name of ['width', 'height']) {
    const value = img.getAttribute(name);
    if (value !== null && !isDimension(value)) img.removeAttribute(name);
  }
  for (const [name, value] of IMAGE_ATTRS) img.setAttribute(name, value);
}

/** A remote or data: image would tell a server who reads, so only its alt text stays. */
function replaceWithAlt(img: PolicyElement): void {
  const parent = img.parentNode;
  if (!parent) return;
  const alt = (img.getAttribute('alt') ?? '').trim();
  if (alt !== '' && img.ownerDocument) parent.insertBefore(img.ownerDocument.createTextNode(alt), img);
  parent.removeChild(img);
}
