/** A Telegram Desktop channel export (result.json beside photos/) read into imported articles: posts, albums, photos, skipped kinds. */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAX_MEDIA_BYTES, MEDIA_TYPES } from '../../core/constants';
import { BuildFailure, ContentError, messageOf } from '../errors';
import { FIRST_YEAR, normalizeDate } from '../front-matter';
import { sniffImageType } from '../images';
import { hasVisible } from '../invisible';
import { countSkipped, type ImportedArticle, type ImportedImage, type ImportedSource } from './article-writer';
import { cutText, escapeInline, guessLang, joinBlocks, scriptOf, titleFromLine, type LangChoice, type TextBlock } from './markdown-text';
import { dropFirstLine, partsToBlocks, type TextPart } from './telegram-entities';

/** The fields of an exported message that the import reads. */
interface Message {
  id: number;
  type?: string;
  /** The dates as JSON has them: checked where they are read (dateOf). */
  date?: unknown;
  date_unixtime?: unknown;
  edited_unixtime?: unknown;
  edited?: unknown;
  from_id?: string;
  author?: string;
  forwarded_from?: string | null;
  saved_from?: string;
  media_group_id?: string | number;
  photo?: string;
  file?: string;
  mime_type?: string;
  media_type?: string;
  poll?: unknown;
  location_information?: unknown;
  place_name?: string;
  contact_information?: unknown;
  game_title?: string;
  invoice_information?: unknown;
  text?: unknown;
  text_entities?: unknown;
}

const CHANNEL_TYPES = new Set(['public_channel', 'private_channel']);
// Fields Telegram Desktop writes as text; anything else there was not written by it, and would be read as nonsense.
const TEXT_FIELDS = ['photo', 'file', 'media_type', 'mime_type'] as const;
const AGAIN = 'export the channel again with Telegram Desktop.';
const MEDIA_KINDS: Record<string, string> = {
  sticker: 'stickers',
  video_file: 'videos',
  animation: 'animations (GIF)',
  voice_message: 'voice messages',
  video_message: 'video messages',
  audio_file: 'audio files',
};
const FORWARDED: Record<string, string> = { fa: 'هدایت‌شده از', en: 'Forwarded from' };
const PHOTO: Record<string, string> = { fa: 'عکس', en: 'Photo' };

/** Read a channel export folder (or its result.json); throws BuildFailure naming result.json and each message that is wrong. */
export function readTelegramExport(path: string, langs: LangChoice, show: (p: string) => string): ImportedSource {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'result.json') : path;
  const folder = resolve(file, '..');
  const shown = show(file);
  const fail = (reason: string): never => {
    throw new BuildFailure([new ContentError(shown, reason)]);
  };
  if (!existsSync(file))
    fail('not found: export the channel with Telegram Desktop in the JSON format, then give the folder that holds result.json.');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`is not valid JSON (${messageOf(e)}); export the channel again in the JSON format (not HTML).`);
  }
  if (!isRecord(data)) return fail('is not a Telegram export: it holds no object.');
  if ('chats' in data || 'personal_information' in data) {
    fail('is a whole-account export: export only the channel (open it in Telegram Desktop, ⋮ menu, Export chat history).');
  }
  if (!Array.isArray(data.messages)) fail('is not a Telegram chat export: it has no "messages" list.');
  if (typeof data.type !== 'string' || !CHANNEL_TYPES.has(data.type)) {
    fail(`is the export of a ${String(data.type ?? 'chat').replace(/_/g, ' ')}, not of a channel: only channel posts become articles.`);
  }
  const channelId = typeof data.id === 'number' || typeof data.id === 'string' ? String(data.id) : '';
  if (!/^\d+$/.test(channelId)) fail('has no numeric channel "id": without it the articles cannot get stable slugs.');
  const name = typeof data.name === 'string' && data.name.trim() !== '' ? data.name.trim() : `Telegram ${channelId}`;

  const problems: ContentError[] = [];
  const skipped = new Map<string, number>();
  const articles: ImportedArticle[] = [];
  const ids = new Set<unknown>();
  const messages = (data.messages as unknown[]).filter((m, i): m is Message => {
    if (!isRecord(m) || !Number.isInteger(m.id)) {
      problems.push(new ContentError(shown, `messages[${i}] has no message id.`));
      return false;
    }
    // Two posts with one id would be one article (its slug): which one is meant is for the publisher to say.
    if (ids.has(m.id)) {
      problems.push(new ContentError(shown, `message ${m.id} is in the export twice (were two exports joined into one file?): ${AGAIN}`));
      return false;
    }
    ids.add(m.id);
    const wrong = TEXT_FIELDS.find((f) => m[f] !== undefined && typeof m[f] !== 'string');
    if (wrong === undefined) return true;
    problems.push(
      new ContentError(shown, `message ${m.id}: its "${wrong}" is ${shownValue(m[wrong])} where Telegram Desktop writes text: ${AGAIN}`),
    );
    return false;
  });
  const warnings: string[] = [];
  const ctx: PostContext = {
    channelId,
    name,
    folder,
    langs,
    lang: channelLang(messages, name, langs),
    problem: (id, reason) => problems.push(new ContentError(shown, `message ${id}: ${reason}`)),
    warn: (message) => warnings.push(`${shown}: ${message}`),
  };
  for (const group of groupAlbums(messages)) {
    // Each message of an album on its own: an album mixing photos and videos keeps its photos and caption, and
    // counts each video it leaves out; an album with nothing to keep is counted message by message.
    const reasons = group.map(skipReason);
    for (const reason of reasons) if (reason !== undefined) countSkipped(skipped, reason);
    const kept = group.filter((_, i) => reasons[i] === undefined);
    if (kept.length === 0) continue;
    const article = postToArticle(group, kept, ctx);
    if (article === null) for (const _ of kept) countSkipped(skipped, 'photos not in the export or too large, without text');
    else if (article) articles.push(article);
  }
  if (problems.length > 0) throw new BuildFailure(problems);
  return { name, articles, skipped, warnings };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value from result.json as a message shows it: JSON, cut short. */
function shownValue(v: unknown): string {
  return cutText(JSON.stringify(v) ?? String(v), 60);
}

/** Consecutive messages of one album become one group: the same media_group_id, or (older exports) photos sent in the same second with at most one caption. */
function groupAlbums(messages: Message[]): Message[][] {
  const groups: Message[][] = [];
  for (const m of messages) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    const sameAlbum =
      first !== undefined &&
      m.type === 'message' &&
      first.type === 'message' &&
      (m.media_group_id !== undefined
        ? m.media_group_id === first.media_group_id
        : first.media_group_id === undefined &&
          hasImage(m) &&
          group!.every(hasImage) &&
          m.date_unixtime !== undefined &&
          m.date_unixtime === first.date_unixtime &&
          m.from_id === first.from_id &&
          (plainOf(m) === '' || group!.every((g) => plainOf(g) === '')));
    if (sameAlbum) group!.push(m);
    else groups.push([m]);
  }
  return groups;
}

function hasImage(m: Message): boolean {
  return m.photo !== undefined || (m.file !== undefined && m.media_type === undefined && /^image\//.test(m.mime_type ?? ''));
}

/** Why a post is left out (the summary counts it), or undefined when it becomes an article. */
function skipReason(m: Message): string | undefined {
  if (m.type !== 'message') return 'service messages';
  if (m.media_type !== undefined) return MEDIA_KINDS[m.media_type] ?? `${m.media_type.replace(/_/g, ' ')} messages`;
  if (m.poll !== undefined) return 'polls';
  if (m.location_information !== undefined || m.place_name !== undefined) return 'locations';
  if (m.contact_information !== undefined) return 'contacts';
  if (m.game_title !== undefined || m.invoice_information !== undefined) return 'games and invoices';
  if (m.file !== undefined && !hasImage(m)) return 'files';
  if (!hasImage(m) && plainOf(m).trim() === '') return 'empty messages';
  return undefined;
}

function partsOf(m: Message): TextPart[] {
  const raw = Array.isArray(m.text_entities)
    ? m.text_entities
    : typeof m.text === 'string'
      ? [m.text]
      : Array.isArray(m.text)
        ? m.text
        : [];
  const parts: TextPart[] = [];
  for (const p of raw) {
    if (typeof p === 'string') parts.push({ type: 'plain', text: p });
    else if (isRecord(p) && typeof p.text === 'string') {
      const part: TextPart = { type: typeof p.type === 'string' ? p.type : 'plain', text: p.text };
      if (typeof p.href === 'string') part.href = p.href;
      if (typeof p.language === 'string') part.language = p.language;
      parts.push(part);
    }
  }
  return parts;
}

function plainOf(m: Message): string {
  return partsOf(m)
    .map((p) => p.text)
    .join('');
}

/**
 * The language of the channel, which posts without letters (photos alone) get: the one most of its posts with letters
 * are in, else (none, or as many of each) the one of its name.
 */
function channelLang(messages: Message[], name: string, langs: LangChoice): string {
  let arabic = 0;
  let other = 0;
  for (const m of messages) {
    const script = m.type === 'message' ? scriptOf(plainOf(m)) : undefined;
    if (script === 'arabic') arabic++;
    else if (script === 'other') other++;
  }
  return arabic === other ? guessLang(name, langs) : arabic > other ? langs.arabicScript : langs.other;
}

/**
 * A message's date (or edit date) as ISO UTC: from the Unix time (exact), else the local date-time read as UTC.
 * Undefined when the message has none; null after reporting one that is no date the build takes (from 1900 to 9999).
 */
function dateOf(m: Message, which: 'date' | 'edit', ctx: PostContext): string | null | undefined {
  const [unix, local] = which === 'date' ? [m.date_unixtime, m.date] : [m.edited_unixtime, m.edited];
  let iso: string | undefined;
  let value: unknown;
  if ((typeof unix === 'string' || typeof unix === 'number') && /^\d+$/.test(String(unix))) {
    const d = new Date(Number(unix) * 1000);
    // Beyond what a Date holds (8.64e15 ms) the time is NaN, and toISOString would throw.
    iso = Number.isNaN(d.getTime()) ? undefined : d.toISOString();
    value = unix;
  } else if (local !== undefined) [iso, value] = [normalizeDate(local), local];
  else if (unix !== undefined) value = unix;
  else return undefined;
  if (iso !== undefined && /^\d{4}-/.test(iso) && +iso.slice(0, 4) >= FIRST_YEAR) return iso;
  ctx.problem(
    m.id,
    `its ${which === 'date' ? 'date' : 'edit date'} ${shownValue(value)} is not a date from ${FIRST_YEAR} to 9999: ${AGAIN}`,
  );
  return null;
}

interface PostContext {
  channelId: string;
  name: string;
  folder: string;
  langs: LangChoice;
  /** The language of posts without letters. */
  lang: string;
  problem: (id: number, reason: string) => void;
  warn: (message: string) => void;
}

/**
 * The article of one post (an album is one post): its photos come from the `kept` messages, its caption, dates and
 * signature from the whole album (a mixed album's caption may sit on a video). Undefined after reporting a problem,
 * null when nothing is left of it.
 */
function postToArticle(group: Message[], kept: Message[], ctx: PostContext): ImportedArticle | null | undefined {
  const first = group[0]!;
  const captioned = group.find((m) => plainOf(m).trim() !== '') ?? first;
  const date = dateOf(first, 'date', ctx);
  if (date === undefined) ctx.problem(first.id, 'has no date (date_unixtime or date).');
  const edits = group.map((m) => dateOf(m, 'edit', ctx));
  if (date === undefined || date === null || edits.includes(null)) return undefined;
  const updated = edits
    .filter((d): d is string => typeof d === 'string')
    .sort()
    .pop();

  const whole = partsOf(captioned);
  let parts = whole;
  const plain = parts.map((p) => p.text).join('');
  const lang = scriptOf(plain) === undefined ? ctx.lang : guessLang(plain, ctx.langs);
  const words = (table: Record<string, string>): string => table[lang.split('-')[0]!] ?? table.en!;
  const firstLine = plain.trim().split('\n')[0] ?? '';
  const heading = titleFromLine(firstLine);
  const rest = heading?.whole ? dropFirstLine(parts) : undefined;
  if (rest !== undefined && rest.some((p) => p.text.trim() !== '')) parts = rest;
  const title = heading?.title ?? `${ctx.name} · ${date.slice(0, 10)}`;

  const images: ImportedImage[] = [];
  let failed = false;
  for (const m of kept) {
    const image = readPhoto(m, images.length + 1, ctx);
    if (image === undefined) failed = true;
    else if (image !== null) images.push(image);
  }
  if (failed) return undefined;
  if (images.length === 0 && plain.trim() === '') return null;

  const { blocks } = partsToBlocks(parts);
  // The tags of the whole post: those of the title line too, which the body may have left out.
  const { tags } = partsToBlocks(whole);
  const forwarded = first.forwarded_from ?? first.saved_from;
  const lead: TextBlock[] = [];
  if (typeof forwarded === 'string' && forwarded.trim() !== '') {
    lead.push({ kind: 'text', markdown: `*${escapeInline(`${words(FORWARDED)} ${forwarded.trim()}`)}*` });
  }
  const alt = heading?.title ?? words(PHOTO);
  const pictures = images.map((i, n) => `![${escapeInline(images.length > 1 ? `${alt} (${n + 1}/${images.length})` : alt)}](${i.name})`);
  const body = [pictures.join('\n\n'), joinBlocks([...lead, ...blocks])].filter((s) => s.trim() !== '').join('\n\n');

  const article: ImportedArticle = {
    slug: `telegram-${ctx.channelId}-${first.id}`,
    origin: `telegram ${ctx.channelId}/${first.id}`,
    title,
    date,
    lang,
    tags,
    body: body.endsWith('\n') ? body : `${body}\n`,
    images,
    textLength: [...plain.trim()].length,
  };
  if (updated !== undefined && updated > date) article.updated = updated;
  const author = typeof first.author === 'string' ? first.author.trim() : '';
  // A signature of only invisible characters is none (the build would refuse it).
  if (hasVisible(author)) article.author = cutText(author, 300);
  return article;
}

/** The photo of a message copied beside the article (null when the message has none, undefined after reporting a problem). */
function readPhoto(m: Message, n: number, ctx: PostContext): ImportedImage | null | undefined {
  const path = m.photo ?? (hasImage(m) ? m.file : undefined);
  if (path === undefined) return null;
  if (path.startsWith('(')) {
    // Telegram's own note that the export settings left the file out: the post keeps its text.
    ctx.warn(
      `message ${m.id}: its photo was not in the export ("${path}"), so the article has no photo; tick "Photos" in Telegram Desktop's export settings to keep it.`,
    );
    return null;
  }
  const abs = resolve(ctx.folder, path);
  if (!isInside(ctx.folder, abs)) {
    ctx.problem(m.id, `its photo "${path}" is outside the export folder.`);
    return undefined;
  }
  let bytes: Buffer;
  try {
    // Reading follows links: what is read is where the link leads, which must be in the folder too.
    if (!isInside(realpathSync(ctx.folder), realpathSync(abs))) {
      ctx.problem(
        m.id,
        `its photo "${path}" is a link to a file outside the export folder: copy the photo itself into the export folder, or leave the message out.`,
      );
      return undefined;
    }
    // Checked before reading: the build refuses a larger image, and a file this large need not be read to know it.
    if (statSync(abs).size > MAX_MEDIA_BYTES) {
      ctx.warn(
        `message ${m.id}: its photo "${path}" is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB, the most an article's image may be, so the article has no photo; make it smaller and add it to the article by hand if you want it.`,
      );
      return null;
    }
    bytes = readFileSync(abs);
  } catch {
    ctx.problem(m.id, `its photo "${path}" is missing from the export folder: export the channel again with "Photos" ticked.`);
    return undefined;
  }
  const type = sniffImageType(bytes);
  if (type === undefined) {
    ctx.problem(m.id, `its photo "${path}" is not a PNG, JPEG, WebP, GIF or AVIF image.`);
    return undefined;
  }
  return { name: `photo-${n}.${MEDIA_TYPES[type]}`, bytes };
}

/** True when `path` (absolute) is in `folder`, by path segments, not by string prefix: "../export-private/x.jpg" starts with the folder's name but is not in it. */
function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return !(inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) || resolve(folder, inside) !== path);
}
