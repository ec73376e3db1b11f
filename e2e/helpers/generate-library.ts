// Owns the synthetic article library used by the e2e tests and the bench: deterministic Markdown in many scripts, with images.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { LANGUAGES, type LanguageSample } from './languages';

/** What the generator wrote for one article: the truth the app must show. */
export interface GeneratedArticle {
  id: string;
  /** Path of the Markdown file, relative to the library folder. */
  file: string;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** ISO date (YYYY-MM-DD) or date-time, as written in the front matter. */
  date: string;
  summary: string;
  words: number;
  images: number;
}

/** Options for generateLibrary. */
export interface GenerateOptions {
  count: number;
  /** Folder to (re)create; refused if it holds files the generator did not write. */
  dir: string;
  seed?: number;
  /** Every n-th article is a folder with images beside its index.md; 0 for none. */
  imageEvery?: number;
  /** Only these language tags (default: all of LANGUAGES, Persian and English weighted highest). */
  languages?: string[];
}

const MARKER = '.generated-library';

/** mulberry32: small, fast, deterministic. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (rnd: Random, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

function pickLanguage(rnd: Random, langs: LanguageSample[]): LanguageSample {
  const total = langs.reduce((s, l) => s + l.weight, 0);
  let r = rnd() * total;
  for (const l of langs) {
    r -= l.weight;
    if (r < 0) return l;
  }
  return langs[langs.length - 1] as LanguageSample;
}

function numberIn(l: LanguageSample, n: number): string {
  const digits = l.digits;
  return digits ? String(n).replace(/\d/g, (d) => digits[Number(d)] as string) : String(n);
}

function capitalise(l: LanguageSample, s: string): string {
  return l.cased ? s.charAt(0).toLocaleUpperCase(l.lang) + s.slice(1) : s;
}

function sentence(rnd: Random, l: LanguageSample, min = 6, max = 18): { text: string; words: number } {
  const n = int(rnd, min, max);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = pick(rnd, l.words);
    // Some emphasis, so Markdown inline formatting is exercised in every script.
    if (rnd() < 0.02) w = `**${w}**`;
    else if (rnd() < 0.02) w = `*${w}*`;
    parts.push(w);
    if (i > 2 && i < n - 2 && rnd() < 0.08) parts[parts.length - 1] += l.comma.trim() ? l.comma : '';
  }
  return { text: capitalise(l, parts.join(l.space)) + l.stop, words: n };
}

function paragraph(rnd: Random, l: LanguageSample, sentences: number): { text: string; words: number } {
  const out: string[] = [];
  let words = 0;
  for (let i = 0; i < sentences; i++) {
    const s = sentence(rnd, l);
    out.push(s.text);
    words += s.words;
  }
  return { text: out.join(l.space || '').trim(), words };
}

/** Length classes: most articles short, some long, a few very long (as in a real news archive). */
function targetWords(rnd: Random): number {
  const r = rnd();
  if (r < 0.5) return int(rnd, 80, 300);
  if (r < 0.85) return int(rnd, 500, 1500);
  return int(rnd, 2500, 7000);
}

/** A deterministic PNG photo stand-in: gradients, discs and a little grain (so it compresses like a real image, not like a flat fill). */
export function makePng(width: number, height: number, seed: number, grain = 24): Buffer {
  const rnd = makeRandom(seed);
  const base = [int(rnd, 40, 200), int(rnd, 40, 200), int(rnd, 40, 200)];
  const discs = Array.from({ length: 5 }, () => ({
    x: rnd() * width,
    y: rnd() * height,
    r: (0.1 + rnd() * 0.25) * width,
    c: [int(rnd, 0, 255), int(rnd, 0, 255), int(rnd, 0, 255)],
  }));
  const noise = Float32Array.from({ length: ((width >> 2) + 1) * ((height >> 2) + 1) }, () => rnd() - 0.5);
  const stride = width * 3;
  const pixels = Buffer.alloc(stride * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = (x / width) * 60 - (y / height) * 40;
      let r = (base[0] as number) + shade;
      let gr = (base[1] as number) - shade;
      let b = (base[2] as number) + shade;
      for (const d of discs) {
        if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r ** 2) {
          r = (r + (d.c[0] as number)) / 2;
          gr = (gr + (d.c[1] as number)) / 2;
          b = (b + (d.c[2] as number)) / 2;
        }
      }
      // Grain in 4x4 blocks: texture like a photo's, which deflate cannot flatten away, at a realistic size.
      const g = (noise[(y >> 2) * ((width >> 2) + 1) + (x >> 2)] as number) * grain;
      pixels[o++] = Math.max(0, Math.min(255, Math.round(r + g)));
      pixels[o++] = Math.max(0, Math.min(255, Math.round(gr + g)));
      pixels[o++] = Math.max(0, Math.min(255, Math.round(b + g)));
    }
  }
  // PNG filter "Up" on every row, as real encoders mostly pick for smooth images.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 2;
    for (let i = 0; i < stride; i++) {
      const up = y > 0 ? (pixels[(y - 1) * stride + i] as number) : 0;
      raw[y * (stride + 1) + 1 + i] = ((pixels[y * stride + i] as number) - up) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function isoDate(i: number, count: number): { value: string; yaml: string } {
  // Distinct times, six hours apart, the first article newest; alternate YAML dates and ISO strings (both are allowed).
  const t = Date.UTC(2019, 0, 1) + (count - i) * 6 * 3600 * 1000;
  const d = new Date(t).toISOString();
  if (i % 2 === 0 && d.endsWith('T00:00:00.000Z')) return { value: d.slice(0, 10), yaml: d.slice(0, 10) };
  const value = `${d.slice(0, 19)}Z`;
  return { value, yaml: JSON.stringify(value) };
}

/**
 * Writes `count` Markdown articles into `dir` (replacing what the generator wrote there before) and
 * returns their metadata. The same options always produce the same bytes.
 */
export async function generateLibrary(options: GenerateOptions): Promise<GeneratedArticle[]> {
  const { count, dir, seed = 1, imageEvery = 0 } = options;
  const langs = options.languages ? LANGUAGES.filter((l) => options.languages?.includes(l.lang)) : LANGUAGES;
  if (langs.length === 0) throw new Error(`No known language among ${options.languages?.join(', ')}.`);
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`Refusing to replace ${dir}: it holds files the library generator did not write.`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), 'Written by e2e/helpers/generate-library.ts; safe to delete.\n');

  const rnd = makeRandom(seed);
  const out: GeneratedArticle[] = [];
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const l = pickLanguage(rnd, langs);
    const n = i + 1;
    const native = l.slugWord && i % 7 === 3;
    const id = native ? `${l.slugWord}-${n}` : `${l.lang}-${String(n).padStart(width, '0')}`;
    const title = `${capitalise(l, Array.from({ length: int(rnd, 2, 6) }, () => pick(rnd, l.words)).join(l.space))} ${numberIn(l, n)}`;
    const date = isoDate(i, count);
    const summary = sentence(rnd, l, 8, 16).text.replace(/\*/g, '');
    const images = imageEvery > 0 && i % imageEvery === 0 ? 1 + ((i / imageEvery) % 2) : 0;

    const body: string[] = [];
    let words = 0;
    const target = targetWords(rnd);
    let section = 0;
    while (words < target) {
      if (words > 0 && rnd() < 0.35) {
        section++;
        body.push(`## ${capitalise(l, Array.from({ length: int(rnd, 2, 5) }, () => pick(rnd, l.words)).join(l.space))}`);
      }
      const kind = rnd();
      if (kind < 0.08) {
        const items = Array.from({ length: int(rnd, 2, 5) }, () => sentence(rnd, l, 3, 8));
        body.push(items.map((s) => `- ${s.text}`).join('\n'));
        words += items.reduce((s, x) => s + x.words, 0);
      } else if (kind < 0.12) {
        const q = paragraph(rnd, l, int(rnd, 1, 2));
        body.push(`> ${q.text}`);
        words += q.words;
      } else {
        const p = paragraph(rnd, l, int(rnd, 2, 6));
        body.push(p.text);
        words += p.words;
      }
      if (images > 0 && body.length === 1) {
        for (let k = 0; k < images; k++) body.push(`![${pick(rnd, l.words)}](figure-${k + 1}.png)`);
      }
    }

    const front = [
      '---',
      `title: ${JSON.stringify(title)}`,
      `date: ${date.yaml}`,
      `lang: ${l.lang}`,
      // Usually direction comes from the language; state it now and then, as publishers may.
      ...(i % 11 === 5 ? [`dir: ${l.dir}`] : []),
      `summary: ${JSON.stringify(summary)}`,
      ...(i % 3 === 0 ? [`author: ${JSON.stringify(capitalise(l, `${pick(rnd, l.words)}${l.space || ''}${pick(rnd, l.words)}`))}`] : []),
      `tags: ${JSON.stringify([pick(rnd, l.words), pick(rnd, l.words)].filter((t, k, a) => a.indexOf(t) === k))}`,
      '---',
      '',
    ].join('\n');
    const text = `${front}${body.join('\n\n')}\n`;
    let file: string;
    if (images > 0) {
      file = `${id}/index.md`;
      await mkdir(join(dir, id), { recursive: true });
      for (let k = 0; k < images; k++) {
        await writeFile(join(dir, id, `figure-${k + 1}.png`), makePng(480, 300, seed * 100_003 + i * 10 + k));
      }
    } else {
      file = `${id}.md`;
    }
    await writeFile(join(dir, file), text);
    out.push({ id, file, title, lang: l.lang, dir: l.dir, date: date.value, summary, words, images });
  }
  return out;
}
