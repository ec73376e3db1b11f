/** Telegram message text (runs of plain text and entities, as Telegram Desktop exports them) into Markdown blocks and hashtags. */
import { hasVisible } from '../invisible';
import { escapeInline, inlineCode, markdownLink, markInline, type InlineMark, type TextBlock } from './markdown-text';

/** One run of text in a message, as the export writes it (`text_entities`, or the parts of `text`). */
export interface TextPart {
  type: string;
  text: string;
  href?: string;
  language?: string;
}

const MARKS: Record<string, InlineMark> = { bold: 'bold', italic: 'italic', strikethrough: 'strike', underline: 'underline' };
const SAFE_HREF = /^(?:https?:|mailto:|tel:)/i;

// Kinds the title holds in full: the text is all there is to them. A link, e-mail, mention, phone number, code or
// spoiler on the first line would lose its target or its form if the line were cut from the body.
const TITLE_KINDS = new Set(['plain', 'hashtag', 'custom_emoji', ...Object.keys(MARKS)]);

/**
 * The parts after the first line (which became the title), or undefined when the first line holds more than plain
 * text, marks, hashtags and custom emoji (the line then stays in the body).
 */
export function dropFirstLine(parts: TextPart[]): TextPart[] | undefined {
  let seenText = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.type === 'pre' || p.type.includes('blockquote')) return undefined;
    const start = seenText ? 0 : p.text.search(/\S/);
    if (start >= 0) seenText = true;
    const nl = seenText ? p.text.indexOf('\n', Math.max(0, start)) : -1;
    if (!TITLE_KINDS.has(p.type) && p.text.slice(0, nl >= 0 ? nl : undefined).trim() !== '') return undefined;
    if (nl >= 0) return [{ ...p, text: p.text.slice(nl + 1) }, ...parts.slice(i + 1)];
  }
  return undefined;
}

/** Message text runs as Markdown blocks, and the hashtags it holds (without '#'). */
export function partsToBlocks(parts: readonly TextPart[]): { blocks: TextBlock[]; tags: string[] } {
  const blocks: TextBlock[] = [];
  const tags: string[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf.trim() !== '') blocks.push({ kind: 'text', markdown: buf });
    buf = '';
  };
  parts.forEach((p, i) => {
    const next = parts[i + 1];
    const mark = MARKS[p.type];
    if (mark !== undefined) {
      buf += markInline(p.text, mark, buf.slice(buf.lastIndexOf('\n') + 1), next !== undefined && MARKS[next.type] !== undefined);
    } else if (p.type === 'pre') {
      flush();
      blocks.push({ kind: 'code', code: p.text, lang: p.language });
    } else if (p.type.includes('blockquote')) {
      flush();
      blocks.push({ kind: 'quote', markdown: escapeInline(p.text) });
    } else if (p.type === 'code') buf += inlineCode(p.text);
    else if (p.type === 'text_link')
      buf += p.href !== undefined && SAFE_HREF.test(p.href.trim()) ? markdownLink(p.text, p.href.trim()) : escapeInline(p.text);
    else if (p.type === 'link') {
      const href = /^[a-z][a-z0-9+.-]*:/i.test(p.text) ? p.text : `https://${p.text}`;
      buf += /^https?:/i.test(href) ? markdownLink(p.text, href) : escapeInline(p.text);
    } else if (p.type === 'mention' && /^@\w+$/.test(p.text)) buf += markdownLink(p.text, `https://t.me/${p.text.slice(1)}`);
    else if (p.type === 'email') buf += markdownLink(p.text, `mailto:${p.text}`);
    else if (p.type === 'phone') buf += markdownLink(p.text, `tel:${p.text.replace(/[^\d+]/g, '')}`);
    else {
      // plain, hashtag, cashtag, bot_command, mention_name, spoiler (shown as plain text), custom_emoji, bank_card...
      if (p.type === 'hashtag') {
        const tag = p.text.replace(/^#/, '').trim();
        if (hasVisible(tag) && !tags.includes(tag) && tag.length <= 100 && tags.length < 64) tags.push(tag);
      }
      buf += escapeInline(p.text);
    }
  });
  flush();
  return { blocks, tags };
}
