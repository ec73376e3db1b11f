/** Plain text into Markdown that reads back as the same text: escaping, inline marks, paragraphs and line breaks, titles, language by script. */
import { snap } from '../../core/snippet';

/** A block of an imported post, before it is written as Markdown. */
export type TextBlock =
  { kind: 'text'; markdown: string } | { kind: 'quote'; markdown: string } | { kind: 'code'; code: string; lang?: string };

/** An inline mark that has a Markdown form (used when it cannot be misread) and an HTML form (always safe). */
export type InlineMark = 'bold' | 'italic' | 'strike' | 'underline';

const MARKS: Record<InlineMark, { md?: string; tag: string }> = {
  bold: { md: '**', tag: 'b' },
  italic: { md: '*', tag: 'i' },
  strike: { md: '~~', tag: 's' },
  // Markdown has no underline.
  underline: { tag: 'u' },
};

const INLINE_SPECIAL = /[\\`*_[\]<>~&|]/g;
const WORD_EDGE = /^[\p{L}\p{N}]$/u;
const TITLE_MAX = 120;

/** Text escaped so that Markdown shows it as it is, wherever it stands in a line (line starts are handled by joinBlocks). */
export function escapeInline(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&');
}

/**
 * Markdown for `text` with a mark around it. The Markdown delimiters are used only where CommonMark cannot misread them
 * (word characters at both edges, no delimiter of ours right before or after); otherwise the HTML element.
 * `before` is the Markdown written so far on the line, `nextIsMarked` whether a marked run follows at once.
 */
export function markInline(text: string, mark: InlineMark, before: string, nextIsMarked: boolean): string {
  // Emphasis cannot cross a paragraph: mark each paragraph's part on its own.
  const parts = text.split(/(\n{2,})/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1 || part.trim() === '') return escapeInline(part);
      const lead = /^\s*/.exec(part)![0];
      const trail = /\s*$/.exec(part)![0];
      const core = part.slice(lead.length, part.length - trail.length);
      const spec = MARKS[mark];
      const chars = [...core];
      const clean =
        spec.md !== undefined &&
        WORD_EDGE.test(chars[0]!) &&
        WORD_EDGE.test(chars[chars.length - 1]!) &&
        !/[*~_\\]$/.test(i === 0 && lead === '' ? before : lead) &&
        !(i === parts.length - 1 && trail === '' && nextIsMarked);
      const body = escapeInline(core);
      return lead + (clean ? `${spec.md}${body}${spec.md}` : `<${spec.tag}>${body}</${spec.tag}>`) + trail;
    })
    .join('');
}

/** Inline code: a backtick run longer than any inside, with spaces where the code starts or ends with a backtick. */
export function inlineCode(code: string): string {
  const flat = code.replace(/\n+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.trim() === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A Markdown link whose text is escaped; the destination is written in <...> form so spaces and brackets cannot break it. */
export function markdownLink(text: string, href: string): string {
  return `[${escapeInline(text)}](<${href.replace(/[<>\\\n]/g, (c) => (c === '\n' ? '' : `\\${c}`))}>)`;
}

/** Make each line of inline Markdown safe at a line start and keep line breaks: one newline is a hard break, blank lines split paragraphs. */
function finishLines(markdown: string): string[] {
  const paragraphs: string[] = [];
  for (const para of markdown.split(/\n[ \t]*\n\s*/)) {
    const lines = para
      .split('\n')
      .map((l) => escapeLineStart(l.replace(/^[ \t\u00a0]+|[ \t]+$/g, '')))
      .filter((l) => l !== '');
    if (lines.length === 0) continue;
    paragraphs.push(lines.map((l, i) => (i < lines.length - 1 ? `${l}\\` : l)).join('\n'));
  }
  return paragraphs;
}

/** Characters that start a heading, quote, list, setext underline or ordered list at the start of a line. */
function escapeLineStart(line: string): string {
  const ordered = /^(\d{1,9})([.)])/.exec(line);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${line.slice(ordered[0].length)}`;
  return /^[#>+=-]/.test(line) ? `\\${line}` : line;
}

/** Blocks as a Markdown body: paragraphs with hard line breaks, block quotes and fenced code, a blank line between each. */
export function joinBlocks(blocks: readonly TextBlock[]): string {
  const out: string[] = [];
  // Windows (CRLF) and old Mac (CR) line ends become \n first: Markdown reads a CR as a line end that the line rules
  // here would not see (a "# x" after one would become a heading).
  const lf = (text: string): string => text.replace(/\r\n?/g, '\n');
  for (const b of blocks) {
    if (b.kind === 'code') {
      const code = lf(b.code);
      const longest = Math.max(2, ...(code.match(/^ {0,3}`{3,}/gm) ?? []).map((r) => r.trim().length));
      const fence = '`'.repeat(longest + 1);
      const lang = (b.lang ?? '').replace(/[^\w+#.-]/g, '');
      out.push(`${fence}${lang}\n${code.replace(/\n+$/, '')}\n${fence}`);
    } else if (b.kind === 'quote') {
      const paras = finishLines(lf(b.markdown));
      if (paras.length > 0) out.push(paras.map((p) => p.replace(/^/gm, '> ')).join('\n>\n'));
    } else out.push(...finishLines(lf(b.markdown)));
  }
  return out.length === 0 ? '' : `${out.join('\n\n')}\n`;
}

/**
 * The longest start of `text` of at most `max` UTF-16 units (what the build's length limits count) that ends between
 * user-perceived characters: never half an emoji (a lone surrogate the build refuses) or a letter without its marks.
 */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, snap(text, max, true));
}

/** A title from the first line of a text: trimmed to a readable length at a word, or undefined when the line has no words. */
export function titleFromLine(line: string): { title: string; whole: boolean } | undefined {
  const clean = line.replace(/\s+/g, ' ').trim();
  // A line of only hashtags, links or emoji is no title.
  const words = clean.replace(/(?:https?:\/\/|[#@])\S*/g, '').replace(/[^\p{L}\p{N}]/gu, '');
  if (words.length === 0) return undefined;
  if (clean.length <= TITLE_MAX) return { title: clean, whole: true };
  const cut = cutText(clean, TITLE_MAX);
  const atWord = cut.replace(/\s+\S*$/, '');
  return { title: `${(atWord.length > TITLE_MAX / 2 ? atWord : cut).replace(/[\s\p{P}]+$/u, '')}…`, whole: false };
}

/**
 * Parts of a text that are not words of its language: URLs (with a scheme, www., or a bare domain), e-mail addresses,
 * @mentions and #hashtags. Their letters are Latin whatever the language of the text around them.
 */
const NOT_WORDS = new RegExp(
  [
    // https://..., tg://... (each kind starts only where a run of its characters starts, so no run is scanned twice)
    String.raw`(?<![\p{L}\p{N}_+.-])[a-z][a-z\d+.-]*:\/\/\S*`,
    // name@example.org
    String.raw`(?<![\w.%+-])[\w.%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`,
    // www.example.org, example.org/path, t.me/channel
    String.raw`(?<![\p{L}\p{N}_.@-])(?:www\.|(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\.)+[a-z]{2,}(?![\p{L}\p{N}_-]))\S*`,
    // @channel, #hashtag (Persian hashtags may hold a zero-width non-joiner)
    String.raw`[@#][\p{L}\p{M}\p{N}_\u200c]+`,
  ].join('|'),
  'giu',
);

/**
 * 'arabic' when most letters of the text are in the Arabic script (Persian, Arabic, Urdu...), else 'other'; undefined
 * when it has no letters. URLs, e-mail addresses, @mentions and #hashtags are left out of the count, unless the text
 * has no letters besides them.
 */
export function scriptOf(text: string): 'arabic' | 'other' | undefined {
  const script = rtlScriptOf(text);
  return script === undefined ? undefined : script === 'Arab' ? 'arabic' : 'other';
}

// Scripts written right to left, by ISO 15924 code; Arabic first, as scriptOf counts it.
const RTL_SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Arab', /\p{Script=Arabic}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Thaa', /\p{Script=Thaana}/u],
  ['Syrc', /\p{Script=Syriac}/u],
  ['Nkoo', /\p{Script=Nko}/u],
];
const ANY_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thaana}\p{Script=Syriac}\p{Script=Nko}]/u;

/**
 * The right-to-left script (ISO 15924: Arab, Hebr, Thaa, Syrc, Nkoo) at least half the text's letters are in, else
 * 'other'; undefined when it has no letters. Counted as scriptOf counts.
 */
export function rtlScriptOf(text: string): string | undefined {
  return countScript(text.replace(NOT_WORDS, ' ')) ?? countScript(text);
}

function countScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  let letters = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (!ANY_RTL.test(ch)) continue;
    const code = RTL_SCRIPTS.find(([, re]) => re.test(ch))![0];
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (letters === 0) return undefined;
  return RTL_SCRIPTS.find(([code]) => (counts.get(code) ?? 0) * 2 >= letters)?.[0] ?? 'other';
}

/**
 * A slug part from any text: letters and digits of any script, joined by '-', at most `max` characters and `maxEncoded`
 * characters percent-encoded (as an article id is measured: nine for a Chinese or Hindi letter). A first word too long
 * encoded is cut between user-perceived characters; a first word over `max` characters gives ''.
 */
export function slugPart(text: string, max = 60, maxEncoded = Infinity): string {
  const words =
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  // An id starts with a letter or digit, never a combining mark.
  while (words.length > 0 && (words[0] = words[0]!.replace(/^\p{M}+/u, '')) === '') words.shift();
  let out = '';
  for (const w of words) {
    const next = out === '' ? w : `${out}-${w}`;
    if ([...next].length > max) break;
    if (encodeURIComponent(next).length > maxEncoded) {
      if (out === '')
        for (const { segment } of new Intl.Segmenter().segment(w)) {
          if (encodeURIComponent(out + segment).length > maxEncoded) break;
          out += segment;
        }
      break;
    }
    out = next;
  }
  return out;
}

/** Which language a post gets from its script: Arabic-script posts one tag (fa by default), every other post another. */
export interface LangChoice {
  arabicScript: string;
  other: string;
}

/** The language of a text by its script (a post with no letters gets `other`). */
export function guessLang(text: string, choice: LangChoice): string {
  return scriptOf(text) === 'arabic' ? choice.arabicScript : choice.other;
}
