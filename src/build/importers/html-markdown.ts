/** Feed HTML to Markdown with turndown: inert elements removed, unsafe links unlinked, images collected for download. */
import TurndownService from 'turndown';

/** What the rules read of an element (turndown hands jsdom's nodes; the build program has no DOM types). */
interface AttributeReader {
  getAttribute(name: string): string | null;
}

/** What the table rule changes in a copy of a table. */
interface HtmlElement extends AttributeReader {
  tagName: string;
  outerHTML: string;
  childNodes: ArrayLike<unknown>;
  ownerDocument: { createElement(name: string): HtmlElement };
  cloneNode(deep: true): HtmlElement;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
  setAttribute(name: string, value: string): void;
  getAttributeNames(): string[];
  removeAttribute(name: string): void;
  replaceWith(...nodes: unknown[]): void;
  remove(): void;
}

/** Markdown with a placeholder (`imagePlaceholder(n)`) where each image goes, and the images in order with absolute URLs. */
export interface ConvertedHtml {
  markdown: string;
  images: Array<{ src: string; alt: string }>;
}

const SAFE_HREF = /^(?:https?:|mailto:|tel:)/i;
// Elements whose content is no text for a reader (and some that can run code): dropped with everything inside.
const DROPPED = [
  'script',
  'style',
  'noscript',
  'iframe',
  'object',
  'embed',
  'form',
  'svg',
  'math',
  'template',
  'video',
  'audio',
  'canvas',
  'button',
  'select',
  'textarea',
  'input',
  'head',
  'title',
  // What changes how a page loads rather than what it says.
  'base',
  'meta',
  'link',
];
// The attributes a table's elements keep, besides a link's href and an image's src and alt: the rest are styles,
// scripts (onclick, onmouseover...) and addresses (background, cite) that would reach servers a reader never chose.
const TABLE_ATTRIBUTES = new Set(['colspan', 'rowspan', 'scope', 'headers', 'dir', 'lang', 'title']);

/** A URL resolved against the item's address when it is relative; undefined when it cannot be. */
function absolute(url: string, base: string | undefined): string | undefined {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

// Where lazy-loading scripts keep the real picture while `src` is empty, missing or a placeholder (data:).
const LAZY_SOURCES = ['data-src', 'data-original', 'data-lazy-src'];
// The widest srcset candidate kept (a phone's screen at twice its density): larger ones cost readers' bandwidth for nothing.
const SRCSET_WIDTH = 1600;

/**
 * The address an <img> shows, as written: its src, else a lazy-loading attribute, else a srcset candidate (the widest
 * up to SRCSET_WIDTH pixels, or the densest up to 2x). A data: placeholder counts only when nothing else is given.
 * Undefined when it names none: an empty or fragment-only reference resolves to the page itself, which is no picture.
 */
function imageSource(el: AttributeReader): string | undefined {
  const named = (v: string | null | undefined): string | undefined => {
    const ref = v?.trim();
    return ref === undefined || ref === '' || ref.startsWith('#') ? undefined : ref;
  };
  const refs = [
    el.getAttribute('src'),
    ...LAZY_SOURCES.map((a) => el.getAttribute(a)),
    srcsetPick(el.getAttribute('srcset') ?? ''),
    srcsetPick(el.getAttribute('data-srcset') ?? ''),
  ]
    .map(named)
    .filter((r): r is string => r !== undefined);
  return refs.find((r) => !/^data:/i.test(r)) ?? refs[0];
}

/** One candidate of a srcset (HTML's syntax: "a.jpg 480w, b.jpg 960w" or "a.jpg, b.jpg 2x"), or undefined when it has none. */
function srcsetPick(srcset: string): string | undefined {
  const candidates: Array<{ url: string; w?: number; x: number }> = [];
  for (let pos = 0; ;) {
    while (pos < srcset.length && /[\s,]/.test(srcset[pos]!)) pos++;
    if (pos >= srcset.length) break;
    let end = pos;
    while (end < srcset.length && !/\s/.test(srcset[end]!)) end++;
    let url = srcset.slice(pos, end);
    let descriptor = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const comma = srcset.indexOf(',', end);
      descriptor = srcset.slice(end, comma < 0 ? srcset.length : comma).trim();
      end = comma < 0 ? srcset.length : comma + 1;
    }
    pos = end;
    const d = /^(\d+(?:\.\d+)?)([wx])$/i.exec(descriptor);
    candidates.push(d?.[2]!.toLowerCase() === 'w' ? { url, w: +d[1]!, x: 1 } : { url, x: d ? +d[1]! : 1 });
  }
  const byWidth = candidates.filter((c) => c.w !== undefined).sort((a, b) => a.w! - b.w!);
  const byDensity = candidates.filter((c) => c.w === undefined).sort((a, b) => a.x - b.x);
  const pick = <T>(sorted: T[], fits: (c: T) => boolean): T | undefined => sorted.filter(fits).pop() ?? sorted[0];
  return (byWidth.length > 0 ? pick(byWidth, (c) => c.w! <= SRCSET_WIDTH) : pick(byDensity, (c) => c.x <= 2))?.url;
}

/** An element's own dir when it is "ltr" or "rtl". */
function directionOf(el: AttributeReader): 'ltr' | 'rtl' | undefined {
  const dir = el.getAttribute('dir')?.trim().toLowerCase();
  return dir === 'ltr' || dir === 'rtl' ? dir : undefined;
}

/** Markdown inside an inline HTML element (`tag` with its attributes); only the Markdown when it spans paragraphs. */
function inlineElement(content: string, tag: string): string {
  if (content.trim() === '' || content.includes('\n\n')) return content;
  return `<${tag}>${content}</${tag.split(' ')[0]}>`;
}

/** The token left where the n-th image goes, in Markdown or in a table's <img src>; the feed puts the image's file name there. */
export function imagePlaceholder(n: number): string {
  return `\uE000image-${n}\uE001`;
}

/** Convert one item's HTML. `base` (the item's or feed's address) resolves relative links and images. */
export function htmlToMarkdown(html: string, base: string | undefined): ConvertedHtml {
  const images: ConvertedHtml['images'] = [];
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
  });
  const escape = service.escape.bind(service);
  // turndown escapes Markdown; '<' and '&' too, so text that looks like a tag or an entity stays text.
  service.escape = (s: string): string => escape(s).replace(/[<&]/g, '\\$&');
  service.remove(DROPPED as TurndownService.TagName[]);
  /** A link's address resolved against the base, or undefined when it is not one a reader may open. */
  const safeHref = (el: AttributeReader): string | undefined => {
    const href = absolute(el.getAttribute('href') ?? '', base);
    return href !== undefined && SAFE_HREF.test(href) ? href : undefined;
  };
  /** An image collected for download: its placeholder and alt text, or undefined when it has no source. */
  const collectImage = (el: AttributeReader): { token: string; alt: string } | undefined => {
    const ref = imageSource(el);
    const src = ref === undefined ? undefined : absolute(ref, base);
    const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    if (src === undefined) return undefined;
    images.push({ src, alt });
    return { token: imagePlaceholder(images.length - 1), alt };
  };
  // Tables have no CommonMark form: they stay HTML (which the build sanitises like any article HTML), with the same
  // treatment as the rest: inert elements out, links resolved or unlinked, images collected (<img src="placeholder" alt>).
  service.addRule('table', {
    filter: 'table',
    replacement: (_content, node) => {
      const table = (node as unknown as HtmlElement).cloneNode(true);
      for (const el of Array.from(table.querySelectorAll(DROPPED.join(',')))) el.remove();
      for (const a of Array.from(table.querySelectorAll('a[href]'))) {
        const href = safeHref(a);
        if (href === undefined) a.replaceWith(...Array.from(a.childNodes));
        else a.setAttribute('href', href);
      }
      for (const img of Array.from(table.querySelectorAll('img'))) {
        const image = collectImage(img);
        if (image === undefined) img.remove();
        else {
          const copy = table.ownerDocument.createElement('img');
          copy.setAttribute('src', image.token);
          copy.setAttribute('alt', image.alt);
          img.replaceWith(copy);
        }
      }
      for (const el of [table, ...Array.from(table.querySelectorAll('*'))]) {
        const own = el.tagName === 'A' ? ['href'] : el.tagName === 'IMG' ? ['src', 'alt'] : [];
        for (const name of el.getAttributeNames()) if (!TABLE_ATTRIBUTES.has(name) && !own.includes(name)) el.removeAttribute(name);
      }
      // A blank line ends an HTML block, and Markdown would read the rest (a cell's <pre> holding one, say) as Markdown.
      return `\n\n${table.outerHTML.replace(/\n(?=[ \t]*\n)/g, '&#10;')}\n\n`;
    },
  });
  service.addRule('strike', {
    filter: ['del', 's', 'strike' as TurndownService.TagName],
    replacement: (content) => (content.trim() === '' ? content : `~~${content}~~`),
  });
  // A paragraph or span of the other direction (an English sentence in a Persian post) keeps it: Markdown has no way
  // to say it, so the element stays HTML around Markdown, as CommonMark reads it (a block's tags on lines of their own).
  service.addRule('direction-block', {
    filter: (node) => (node.nodeName === 'P' || node.nodeName === 'DIV') && directionOf(node) !== undefined,
    replacement: (content, node) =>
      content.trim() === '' ? content : `\n\n<div dir="${directionOf(node)}">\n\n${content.trim()}\n\n</div>\n\n`,
  });
  service.addRule('direction-inline', {
    filter: (node) => (node.nodeName === 'SPAN' || node.nodeName === 'BDO') && directionOf(node) !== undefined,
    replacement: (content, node) => inlineElement(content, `${node.nodeName.toLowerCase()} dir="${directionOf(node)}"`),
  });
  // The reader's browser adds the quotation marks of the article's language.
  service.addRule('q', { filter: ['q'], replacement: (content) => inlineElement(content, 'q') });
  // A disclosure's heading is a paragraph of its own, not the start of its first line.
  service.addRule('details', {
    filter: (node) => node.nodeName === 'DETAILS' || node.nodeName === 'SUMMARY',
    replacement: (content) => `\n\n${content}\n\n`,
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.getAttribute('href') !== null,
    replacement: (content, node) => {
      const href = safeHref(node as unknown as AttributeReader);
      if (href === undefined || content.trim() === '') return content;
      return `[${content}](<${href.replace(/[<>\\]/g, '\\$&')}>)`;
    },
  });
  service.addRule('image', {
    // An image in a table is the table rule's (turndown converts a table's content too, then the rule drops it).
    filter: (node) => node.nodeName === 'IMG' && node.closest('table') === null,
    replacement: (_content, node) => {
      const image = collectImage(node as unknown as AttributeReader);
      if (image === undefined) return '';
      return `![${escape(image.alt).replace(/[<&]/g, '\\$&')}](${image.token})`;
    },
  });
  const markdown = service.turndown(html.replace(/[\uE000\uE001]/g, ''));
  return { markdown, images };
}
