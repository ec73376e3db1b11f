/** Feed HTML to Markdown with turndown: inert elements removed, unsafe links unlinked, images collected for download. */
import TurndownService from 'turndown';

/** What the rules read of an element (turndown hands jsdom's nodes; the build program has no DOM types). */
interface AttributeReader {
  getAttribute(name: string): string | null;
}

/** Markdown with a placeholder (feed.ts `placeholder(n)`) where each image goes, and the images in order with absolute URLs. */
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
];

/** A URL resolved against the item's address when it is relative; undefined when it cannot be. */
function absolute(url: string, base: string | undefined): string | undefined {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
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
  // Tables have no CommonMark form: kept as HTML, which the build sanitises like any article HTML.
  service.keep(['table']);
  service.addRule('strike', {
    filter: ['del', 's', 'strike' as TurndownService.TagName],
    replacement: (content) => (content.trim() === '' ? content : `~~${content}~~`),
  });
  service.addRule('link', {
    filter: (node) => node.nodeName === 'A' && node.getAttribute('href') !== null,
    replacement: (content, node) => {
      const href = absolute((node as unknown as AttributeReader).getAttribute('href') ?? '', base);
      if (href === undefined || !SAFE_HREF.test(href) || content.trim() === '') return content;
      return `[${content}](<${href.replace(/[<>\\]/g, '\\$&')}>)`;
    },
  });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const el = node as unknown as AttributeReader;
      const src = absolute(el.getAttribute('src') ?? '', base);
      const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      if (src === undefined || el.getAttribute('src')?.trim() === '') return '';
      images.push({ src, alt });
      return `![${escape(alt).replace(/[<&]/g, '\\$&')}](\uE000image-${images.length - 1}\uE001)`;
    },
  });
  const markdown = service.turndown(html.replace(/[\uE000\uE001]/g, ''));
  return { markdown, images };
}
