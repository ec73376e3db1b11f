/** Owns the Telegram import figure: a generated channel export of N posts converted by `npm run import:telegram`, posts per second and peak memory. */
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRandom } from '../e2e/helpers/generate-library';
import { ROOT } from '../e2e/helpers/paths';
import { APP_ROOT, runMeasured } from './build';

/** How the import of a generated export went. */
export interface TelegramImportCost {
  posts: number;
  /** Articles written (albums join posts; service messages, videos and polls are skipped). */
  articles: number;
  /** Wall time of the whole command (Node start and the importer's quick bundling included). */
  ms: number;
  postsPerSecond: number;
  peakRssMiB: number;
  /** Bytes of result.json. */
  exportBytes: number;
}

const PHOTOS = join(ROOT, 'src', 'build', '__fixtures__', 'telegram-export', 'photos');
// Bump when the generated export changes, so a cached one is made again.
const GENERATOR_VERSION = 1;

const FA = 'امنیت گوشی اینترنت خبر کارگاه گزارش شهر مردم روز هفته راهنما پیام رمز سفر دوست کتاب کتابخانه فایل شبکه قطعی'.split(' ');
const EN =
  'phone safety internet news workshop report city people day week guide message password travel friend book library file network outage'.split(
    ' ',
  );

/**
 * A Telegram Desktop export of `posts` messages: Persian and English text posts of 20 to 400 words with bold, links and
 * hashtags; every 20th a photo, every 50th an album of three; every 30th a service message, every 40th a video.
 */
export async function generateExport(posts: number, dir: string): Promise<number> {
  const stamp = join(dir, 'generated.json');
  const key = JSON.stringify({ posts, GENERATOR_VERSION });
  if ((await readFile(stamp, 'utf8').catch(() => '')) === key) return (await readFile(join(dir, 'result.json'))).length;
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'photos'), { recursive: true });
  const photos = (await readdir(PHOTOS)).sort();
  const rnd = makeRandom(18);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const messages: unknown[] = [];
  let photoCount = 0;
  const photo = async (): Promise<string> => {
    const name = `photos/photo_${++photoCount}@01-01-2025_10-00-00.jpg`;
    await copyFile(join(PHOTOS, photos[photoCount % photos.length] as string), join(dir, name));
    return name;
  };
  let unix = 1_700_000_000;
  for (let id = 1; messages.length < posts; id++) {
    unix += 600 + Math.floor(rnd() * 3600);
    const base = {
      id,
      type: 'message',
      date: new Date(unix * 1000).toISOString().slice(0, 19),
      date_unixtime: String(unix),
      from: 'Bench',
      from_id: 'channel1234567890',
    };
    if (id % 30 === 0) {
      messages.push({ ...base, type: 'service', actor: 'Bench', action: 'pin_message', text: '', text_entities: [] });
      continue;
    }
    const words = rnd() < 0.6 ? FA : EN;
    const sentence = (): string => Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => pick(words)).join(' ');
    const body = Array.from({ length: 2 + Math.floor(rnd() * 25) }, sentence).join('.\n');
    const entities = [
      { type: 'bold', text: sentence() },
      { type: 'plain', text: `\n\n${body} ` },
      { type: 'text_link', text: pick(words), href: `https://example.org/${id}` },
      { type: 'plain', text: '\n' },
      { type: 'hashtag', text: `#${pick(words)}` },
    ];
    const text = { text: entities.map((e) => (e.type === 'plain' ? e.text : e)), text_entities: entities };
    if (id % 40 === 0) messages.push({ ...base, media_type: 'video_file', file: 'files/v.mp4', mime_type: 'video/mp4', ...text });
    else if (id % 50 === 0) {
      messages.push({ ...base, photo: await photo(), width: 48, height: 48, ...text });
      for (let k = 0; k < 2 && messages.length < posts; k++) {
        messages.push({ ...base, id: ++id, photo: await photo(), width: 48, height: 48, text: '', text_entities: [] });
      }
    } else if (id % 20 === 0) messages.push({ ...base, photo: await photo(), width: 64, height: 40, ...text });
    else messages.push({ ...base, ...text });
  }
  const json = JSON.stringify({ name: 'Bench channel', type: 'public_channel', id: 1234567890, messages }, null, 1);
  await writeFile(join(dir, 'result.json'), json);
  await writeFile(stamp, key);
  return Buffer.byteLength(json);
}

/** Generates (or reuses) an export of `posts` posts under `workDir` and times `npm run import:telegram` on it into an empty folder. */
export async function measureTelegramImport(posts: number, workDir: string, log: (line: string) => void): Promise<TelegramImportCost> {
  const exportDir = join(workDir, 'export');
  const articles = join(workDir, 'articles');
  log(`telegram import: generating an export of ${posts.toLocaleString('en')} posts`);
  const exportBytes = await generateExport(posts, exportDir);
  await rm(articles, { recursive: true, force: true });
  log('telegram import: converting');
  const { ms, peakRssMiB } = await runMeasured(
    [process.execPath, join(APP_ROOT, 'scripts', 'import.mjs'), 'telegram', exportDir, '--articles', articles],
    {
      env: process.env,
      logFile: join(workDir, 'import.log'),
      timeFile: join(workDir, 'import.time'),
      what: 'The Telegram import',
    },
  );
  const written = (await readdir(articles)).length;
  return {
    posts,
    articles: written,
    ms,
    postsPerSecond: posts / (ms / 1000),
    peakRssMiB,
    exportBytes,
  };
}
