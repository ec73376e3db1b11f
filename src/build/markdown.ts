/**
 * Markdown to article HTML (markdown-it: CommonMark plus tables, strikethrough and footnotes), with heading ids for `#x`
 * links, applying the sanitiser policy to its tokens.
 */
/// <reference path="./markdown-it-footnote.d.ts" />
import MarkdownIt, { type Env, type MarkdownIt as Md, type StateCore, type Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import {
  EXTERNAL_LINK_ATTRS,
  ID_PREFIX,
  IMAGE_ATTRS,
  isAllowedAttribute,
  isAllowedTag,
  isMediaSrc,
  linkPolicy,
} from '../core/sanitize-policy';
import { isRelativePath, type ArticleRefs } from './sanitizer';

/** Rendered HTML, and whether it holds raw HTML from the author (then it must go through the DOM sanitiser). */
export interface RenderedArticle {
  html: string;
  needsSanitizer: boolean;
  /**
   * Image syntax Markdown did not take as an image and leaves as text (`![shot](My photo.png)`: a path with spaces must
   * be in <...>), with its line in the Markdown (from 1).
   */
  strayImages: { line: number; text: string }[];
  /** In-article links (`#x`, as written) that no heading, footnote or id of the article answers. */
  deadAnchors: string[];
}

// `![alt](dest)` left in text; \0 stands for an inline element that is not text (a real image, a link, code).
const STRAY_IMAGE = /!\[[^\]\0]*\]\([^)\n\0]*\)/g;

const OPTIONS = { html: true, linkify: false, typographer: false, breaks: false } as const;
// Raw HTML is allowed because the sanitiser runs on it; links are never guessed from bare text.
const md = withAnchors(new MarkdownIt('default', OPTIONS));
// Renders token streams that hold only Markdown, after applyPolicy: every text and attribute escaped as a browser
// writes HTML back (see escapeText), so the stored body is byte for byte what the page's sanitiser makes of it.
const policyRenderer = withAnchors(new MarkdownIt('default', OPTIONS)).renderer;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\u00a0': '&nbsp;' };
const escape = (c: string): string => ESCAPES[c] ?? c;

/**
 * Text as HTML's serialisation writes it (innerHTML, in every browser and jsdom): `&`, `<`, `>` and the no-break space
 * escaped, quotes as they are. markdown-it writes `"` as `&quot;`, which means the same, but a reader file then carried
 * the body twice: as it is, and as the page's sanitiser wrote it (src/core/reader-file.ts).
 */
function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, escape);
}

/** An attribute value as HTML's serialisation writes it: `&`, `"`, `<`, `>` and the no-break space escaped. */
function escapeAttribute(value: string): string {
  return value.replace(/[&"<>\u00a0]/g, escape);
}

policyRenderer.renderAttrs = (token) => (token.attrs ?? []).map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`).join('');
policyRenderer.rules.text = (tokens, idx) => escapeText(tokens[idx]!.content);
policyRenderer.rules.code_inline = (tokens, idx, _options, _env, self) =>
  `<code${self.renderAttrs(tokens[idx]!)}>${escapeText(tokens[idx]!.content)}</code>`;
policyRenderer.rules.code_block = (tokens, idx, _options, _env, self) =>
  `<pre${self.renderAttrs(tokens[idx]!)}><code>${escapeText(tokens[idx]!.content)}</code></pre>\n`;
// applyPolicy empties a fence's language (its class), so a fence is a code block.
policyRenderer.rules.fence = policyRenderer.rules.code_block;
policyRenderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (!isMediaSrc(attr(token, 'src'))) {
    // The DOM sanitiser's rule: an image that is not carried in the file leaves only its alt text.
    const text = alt.trim();
    return text === '' ? '' : escapeText(text);
  }
  token.attrSet('alt', alt);
  for (const [name, value] of IMAGE_ATTRS) token.attrSet(name, value);
  return self.renderToken(tokens, idx, options);
};

/** The HTML of a Markdown text, not yet sanitised (the DOM sanitiser's input). */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}

/**
 * Render an article. Markdown without raw HTML is rendered with the sanitiser's policy applied to its tokens (the same
 * rules, and about twenty times faster than a DOM pass); with raw HTML, or any element the policy does not know, the
 * plain rendering is returned with needsSanitizer set, for the DOM sanitiser.
 */
export function renderArticle(markdown: string, refs: ArticleRefs, lang = ''): RenderedArticle {
  const env: AnchorEnv = { lang };
  const tokens = md.parse(markdown, env);
  const found = { strayImages: findStrayImages(tokens, markdown.split('\n')), deadAnchors: env.deadAnchors ?? [] };
  if (hasRawHtml(tokens)) return { html: md.renderer.render(tokens, md.options, env), needsSanitizer: true, ...found };
  if (applyPolicy(tokens, refs)) return { html: policyRenderer.render(tokens, md.options, env), needsSanitizer: false, ...found };
  return { html: md.render(markdown, { lang } satisfies AnchorEnv), needsSanitizer: true, ...found };
}

/** What the anchor rule leaves in markdown-it's env. */
interface AnchorEnv extends Env {
  deadAnchors?: string[];
  /** The article's language: a footnote's number is written in its digits where its list is (Persian, Dari). */
  lang?: string;
}

/** A footnote's number as its list shows it: Persian digits where the stylesheets number lists in Persian. */
function footnoteNumber(n: number, lang = ''): string {
  return /^(fa|prs)\b/i.test(lang) ? String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : String(n);
}

/**
 * Footnotes in markup the policy keeps (no section, no class), and heading ids; every id and `#` href already carries
 * ID_PREFIX, as the sanitiser would leave it, so both renderings (fast and DOM) give the same body.
 */
function withAnchors(m: Md): Md {
  m.use(footnote);
  const rules = m.renderer.rules;
  rules.footnote_block_open = () => '<hr>\n<ol>\n';
  rules.footnote_block_close = () => '</ol>\n';
  rules.footnote_open = (tokens, idx) => `<li id="${ID_PREFIX}${footnoteId(tokens[idx]!)}">`;
  rules.footnote_ref = (tokens, idx, _options, env?: AnchorEnv) => {
    const t = tokens[idx]!;
    const n = footnoteNumber(footnoteOf(t).id + 1, env?.lang);
    return `<sup><a href="#${ID_PREFIX}${footnoteId(t)}" id="${ID_PREFIX}${footnoteRefId(t)}">[${n}]</a></sup>`;
  };
  // The text-style arrow (U+FE0E): iOS would otherwise draw an emoji.
  rules.footnote_anchor = (tokens, idx) => ` <a href="#${ID_PREFIX}${footnoteRefId(tokens[idx]!)}">\u21a9\ufe0e</a>`;
  m.core.ruler.push('anchors', resolveAnchors);
  return m;
}

/** A footnote's id (`fn1`) and the id of each reference to it (`fnref1`, then `fnref1:1`...), as markdown-it-footnote names them. */
const footnoteId = (t: Token): string => `fn${footnoteOf(t).id + 1}`;
const footnoteRefId = (t: Token): string => {
  const { id, subId = 0 } = footnoteOf(t);
  return `fnref${id + 1}${subId > 0 ? `:${subId}` : ''}`;
};
/** The numbering markdown-it-footnote keeps on its tokens (id from 0; subId: which reference to the same note). */
const footnoteOf = (t: Token): { id: number; subId?: number } => t.meta as { id: number; subId?: number };

/**
 * GitHub's heading slug, for any script: lower case, letters, marks, digits, `_` and `-` kept, white space to `-`, the
 * rest (punctuation, emoji, the zero-width non-joiner of Persian) dropped.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\s-]/gu, '')
    .replace(/\s/g, '-');
}

// An id attribute in raw HTML: quoted either way or bare.
const HTML_ID = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/**
 * Gives each heading its slug as id (a repeated one gets -1, -2...), then checks the in-article links: one that names a
 * heading as written rather than as a slug (`#Part Two`, `#می‌خواهم`) is pointed at it; one with no target is recorded.
 */
function resolveAnchors(state: StateCore): void {
  const ids = new Set<string>();
  const headings: [open: Token, inline: Token | undefined][] = [];
  const links: Token[] = [];
  const walk = (tokens: Token[]): void => {
    for (const [i, t] of tokens.entries()) {
      if (t.type === 'heading_open') headings.push([t, tokens[i + 1]]);
      else if (t.type === 'link_open') links.push(t);
      else if (t.type === 'footnote_open') ids.add(footnoteId(t));
      else if (t.type === 'footnote_ref') ids.add(footnoteRefId(t));
      else if (t.type === 'html_block' || t.type === 'html_inline')
        for (const m of t.content.matchAll(HTML_ID)) ids.add(unprefixed(m[1] ?? m[2] ?? m[3]!));
      if (t.children) walk(t.children);
    }
  };
  walk(state.tokens);
  for (const [open, inline] of headings) {
    const text = (inline?.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('');
    const base = slugify(text);
    if (base === '') continue;
    let id = base;
    for (let n = 1; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    open.attrSet('id', ID_PREFIX + id);
  }
  const dead: string[] = [];
  for (const link of links) {
    const href = attr(link, 'href');
    if (!href.startsWith('#') || href.startsWith('#/') || href.length < 2) continue;
    const name = unprefixed(decodeFragment(href.slice(1)));
    if (ids.has(name)) continue;
    if (ids.has(slugify(name))) link.attrSet('href', state.md.normalizeLink(`#${slugify(name)}`));
    else dead.push(`#${decodeFragment(href.slice(1))}`);
  }
  (state.env as AnchorEnv).deadAnchors = dead;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

const unprefixed = (id: string): string => (id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : id);

/** True if `text` is in `line` as it is, not after a backslash (`\![x](y)` is meant as text). */
function writtenAt(line: string, text: string): boolean {
  for (let at = line.indexOf(text); at !== -1; at = line.indexOf(text, at + 1)) if (line[at - 1] !== '\\') return true;
  return false;
}

/** Image syntax that stayed text after parsing, with the line it is on. */
function findStrayImages(tokens: Token[], lines: string[]): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  for (const t of tokens) {
    if (t.type !== 'inline' || !t.children) continue;
    let text = '';
    for (const c of t.children) {
      if (c.type === 'text') text += c.content;
      else if (c.type === 'softbreak' || c.type === 'hardbreak') text += '\n';
      // Emphasis inside the alt text ("![a *b*](x y.png)") does not break the pattern; anything else does.
      else if (!/^(?:em|strong|s)_(?:open|close)$/.test(c.type)) text += '\0';
    }
    for (const m of text.matchAll(STRAY_IMAGE)) {
      // Only as written in the source: an author (or importer) who escaped it (`!\[x\](y)`) meant the text.
      const head = m[0].split('\n')[0]!;
      const [from, to] = t.map ?? [0, lines.length];
      for (let i = from; i < to; i++) {
        if (writtenAt(lines[i]!, head)) {
          found.push({ line: i + 1, text: m[0].replace(/\s*\n\s*/g, ' ') });
          break;
        }
      }
    }
  }
  return found;
}

function attr(t: Token, name: string): string {
  return String(t.attrGet(name) ?? '');
}

function hasRawHtml(tokens: Token[]): boolean {
  for (const t of tokens) {
    if (t.type === 'html_block' || t.type === 'html_inline') return true;
    if (t.children && hasRawHtml(t.children)) return true;
  }
  return false;
}

/** The sanitiser policy on tokens: h1 -> h2, allowed elements and attributes only, link and image rules. False if an element is unknown. */
function applyPolicy(tokens: Token[], refs: ArticleRefs): boolean {
  for (const t of tokens) {
    if (t.tag === 'h1') t.tag = 'h2';
    if (t.tag !== '' && !isAllowedTag(t.tag)) return false;
    // A fence's language becomes a class attribute, which the policy drops.
    if (t.type === 'fence') t.info = '';
    if (t.attrs) t.attrs = t.attrs.filter(([name]) => isAllowedAttribute(name));
    if (t.type === 'link_open') applyLinkPolicy(t, refs);
    else if (t.type === 'image') resolveImage(t, refs);
    if (t.children && !applyPolicy(t.children, refs)) return false;
  }
  return true;
}

function applyLinkPolicy(t: Token, refs: ArticleRefs): void {
  let href = attr(t, 'href');
  if (isRelativePath(href.trim())) href = refs.link(href.trim()) ?? '';
  const link = linkPolicy(href);
  t.attrs = (t.attrs ?? []).filter(([name]) => name !== 'href');
  if (!link) return;
  t.attrs.unshift(['href', link.href]);
  if (link.external) for (const [name, value] of EXTERNAL_LINK_ATTRS) t.attrSet(name, value);
}

function resolveImage(t: Token, refs: ArticleRefs): void {
  const src = attr(t, 'src').trim();
  if (!isRelativePath(src)) return;
  const image = refs.image(src);
  if (!image) {
    t.attrSet('src', '');
    return;
  }
  t.attrSet('src', image.src);
  if (image.width && image.height) {
    t.attrSet('width', String(image.width));
    t.attrSet('height', String(image.height));
  }
}
