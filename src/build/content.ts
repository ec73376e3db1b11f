/** The content pipeline: articles/ + site config -> signed edition, content packs, media and library.html, as files in memory. */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { chunksToBytes, writeEdition, writePack } from '../core/bundle-write';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { CURRENT_EDITION_FILE, writeCurrentEdition } from '../core/mirrors';
import { serializeManifest } from '../core/manifest';
import { writeReaderFile } from '../core/reader-file';
import { signManifest } from '../core/signing';
import type { BundleMedia, PackIndex, SignedManifest } from '../core/types';
import { compileArticle, mediaMetaOf, renderFailure, type CompiledArticle } from './compile';
import { BuildFailure, ContentError, messageOf } from './errors';
import { compareNewestFirst, compareOldestFirst, createManifest, editionNumber } from './edition';
import type { ImageFile } from './images';
import { resolveSigningKey } from './keys';
import { cutPacks, groupBulks, MAX_MEDIA_PACK_BYTES, packCap, packModulus, TARGET_MEDIA_PACKS } from './packs';
import { deliveryOrder, type DeliveryPart } from '../core/delivery';
import { bundleReaderTemplate, type ReaderTemplate } from './reader-template';
import { createArticleSanitizer } from './sanitizer';
import { loadSiteConfig, type SiteConfig } from './site-config';
import { findArticleSources } from './sources';

/** Where the pipeline reads from and how it behaves; every field has a default. */
export interface BuildOptions {
  /** Project root (default: process.cwd()). */
  root?: string;
  /** Articles folder (default: OFFLINE_READER_ARTICLES, else <root>/articles). */
  articlesDir?: string;
  /** Site config file (default: OFFLINE_READER_SITE_CONFIG, else <root>/site.config.yml). */
  siteConfig?: string;
  /** Environment to read OFFLINE_READER_* from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The reader file's script and style; default: bundle src/reader. `false` skips library.html. */
  readerTemplate?: ReaderTemplate | false;
  /** Build time (default: now). */
  now?: Date;
  /** Where the summary line goes (default: console.log). */
  log?: (line: string) => void;
  /** Where warnings go (default: console.warn). */
  warn?: (message: string) => void;
}

/** What a build made, for the plugin (virtual:site-config, index.html) and for tests and the bench. */
export interface BuildReport {
  site: SiteConfig;
  /** Keys the app pins (base64url). */
  keys: string[];
  devKey: boolean;
  fingerprint: string;
  edition: number;
  /** Path of the edition file, relative to the app root: content/edition-<hash>.html. */
  editionFile: string;
  articles: number;
  packs: number;
  media: number;
  /** Bytes of every file written. */
  bytes: number;
  /** Bytes of the edition file plus every pack (what the app downloads). */
  contentBytes: number;
  /** Every pack in order, with the bulk file that carries it (for the service worker's manifest). */
  delivery: DeliveryPart[];
  ms: number;
  warnings: string[];
}

/** Output files by path relative to the output folder, and the report. */
export interface BuildResult {
  files: Map<string, Uint8Array>;
  /** The reader file's script and style, which the app also bundles to export files offline. */
  template?: ReaderTemplate;
  report: BuildReport;
}

/** Run the whole pipeline; throws BuildFailure listing every problem (file: reason) when the content is not right. */
export async function buildContent(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const env = opts.env ?? process.env;
  const root = resolve(opts.root ?? process.cwd());
  const articlesDir = resolve(root, opts.articlesDir ?? env.OFFLINE_READER_ARTICLES ?? 'articles');
  const siteFile = resolve(root, opts.siteConfig ?? env.OFFLINE_READER_SITE_CONFIG ?? 'site.config.yml');
  const show = (path: string): string => {
    const rel = relative(root, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split('\\').join('/');
  };
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    (opts.warn ?? ((m: string) => console.warn(m)))(message);
  };

  const site = loadSiteConfig(siteFile, show(siteFile));
  const signing = await resolveSigningKey({ root, site, siteFile: show(siteFile), env, warn });
  const templatePromise = opts.readerTemplate === undefined ? bundleReaderTemplate() : Promise.resolve(opts.readerTemplate);
  // Bundling the reader runs while articles compile; a failure is reported after the content problems.
  templatePromise.catch(() => {});

  const compiled = await compileAll(articlesDir, site, show, warn);
  if (compiled.length === 0) warn(`${show(articlesDir)}: no articles found; the edition is empty.`);
  const stillThere = compiled.filter((a) => site.withdrawn.includes(a.meta.id));
  if (stillThere.length) {
    throw new BuildFailure(
      stillThere.map(
        (a) =>
          new ContentError(
            show(join(articlesDir, a.meta.id)),
            `the article "${a.meta.id}" is listed under withdrawn in ${show(siteFile)}: delete its file to withdraw it, or take it off that list to publish it again.`,
          ),
      ),
    );
  }

  const images = collectImages(compiled);
  const created = opts.now ?? new Date();
  const manifest = createManifest({
    publisher: site.publisher,
    edition: editionNumber(env, created),
    created,
    articles: compiled.map((a) => a.meta),
    media: [...images.values()].map(mediaMetaOf),
    announceKeys: site.announceKeys,
    mirrors: site.mirrors,
    withdrawn: site.withdrawn,
  });
  const signed = await signManifest(serializeManifest(manifest), signing.privateKey, signing.publicKey);

  const files = new Map<string, Uint8Array>();
  const packs = await writePacks(compiled, files);
  const delivery = await writeBulks(packs, files);
  const editionBytes = chunksToBytes(writeEdition({ manifest: signed, packs }));
  const editionFile = `content/edition-${(await sha256Hex(editionBytes)).slice(0, 12)}.html`;
  files.set(editionFile, editionBytes);
  files.set(CURRENT_EDITION_FILE, utf8Encode(writeCurrentEdition({ edition: manifest.edition, file: editionFile })));
  for (const image of images.values()) files.set(image.src, image.bytes);

  const template = await templatePromise.catch((e: unknown) => {
    throw new BuildFailure([new ContentError('library.html', messageOf(e))]);
  });
  if (template) files.set('library.html', await writeLibraryFile(site, signed, compiled, images, template));

  let bytes = 0;
  for (const f of files.values()) bytes += f.length;
  let contentBytes = editionBytes.length;
  for (const p of packs.packs) contentBytes += p.bytes;
  const ms = Math.round(performance.now() - started);
  const report: BuildReport = {
    site,
    keys: signing.pinned,
    devKey: signing.dev,
    fingerprint: signing.fingerprint,
    edition: manifest.edition,
    editionFile,
    articles: compiled.length,
    packs: packs.packs.length,
    media: images.size,
    bytes,
    contentBytes,
    delivery,
    ms,
    warnings,
  };
  (opts.log ?? ((l: string) => console.log(l)))(summaryLine(report));
  return { files, report, template: template || undefined };
}

/** The one line a build prints. */
export function summaryLine(r: BuildReport): string {
  const mb = (n: number): string => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
  return (
    `offline-reader: ${r.articles} articles, ${r.packs} packs, ${r.media} images, ${mb(r.contentBytes)} content, ` +
    `${mb(r.bytes)} written, edition ${r.edition}${r.devKey ? ' (DEVELOPMENT KEY)' : ''} in ${(r.ms / 1000).toFixed(1)} s`
  );
}

async function compileAll(
  articlesDir: string,
  site: SiteConfig,
  show: (p: string) => string,
  warn: (m: string) => void,
): Promise<CompiledArticle[]> {
  const { sources, problems } = findArticleSources(articlesDir, show);
  const ctx = {
    articlesDir,
    defaultLang: site.lang,
    slugs: new Set(sources.map((s) => s.slug)),
    sanitize: createArticleSanitizer(),
    imageCache: new Map<string, ImageFile | Error>(),
    show,
    problem: (e: ContentError) => void problems.push(e),
    warn,
  };
  const compiled: CompiledArticle[] = [];
  for (const source of sources) {
    try {
      const article = await compileArticle(source, ctx);
      if (article) compiled.push(article);
    } catch (e) {
      // Whatever breaks inside one article is that article's problem: named, and the others still checked.
      problems.push(new ContentError(source.shown, renderFailure(e)));
    }
  }
  if (problems.length > 0) throw new BuildFailure(problems);
  return compiled.sort((a, b) => compareOldestFirst(a.meta, b.meta));
}

/** Every image once, in first-use order over the articles (oldest first). */
function collectImages(articles: CompiledArticle[]): Map<string, ImageFile> {
  const images = new Map<string, ImageFile>();
  for (const a of articles) for (const i of a.images) if (!images.has(i.sha256)) images.set(i.sha256, i);
  return images;
}

function toBundleMedia(i: ImageFile): BundleMedia {
  return { sha256: i.sha256, type: i.type, bytes: i.bytes };
}

/** Write the packs (articles oldest first, each image in the pack of its first use) and return their index. */
async function writePacks(articles: CompiledArticle[], files: Map<string, Uint8Array>): Promise<PackIndex> {
  const index: PackIndex = { packs: [] };
  const add = async (group: CompiledArticle[], media: ImageFile[]): Promise<void> => {
    const bytes = chunksToBytes(
      writePack({
        manifests: [],
        articles: group.map((a) => ({ manifest: 0, id: a.meta.id, bytes: a.body })),
        media: media.map(toBundleMedia),
      }),
    );
    const url = `content/pack-${(await sha256Hex(bytes)).slice(0, 12)}.html`;
    files.set(url, bytes);
    index.packs.push({ url, articles: group.map((a) => a.meta.id), media: media.map((i) => i.sha256), bytes: bytes.length });
  };
  // Text and images travel in separate packs: an edited article then re-downloads one text pack, not the images
  // that happen to sit beside it.
  const text = articles.map((a) => ({ id: a.meta.id, bytes: a.body.length }));
  const textBytes = text.reduce((s, t) => s + t.bytes, 0);
  for (const [start, end] of cutPacks(text, { maxBytes: packCap(textBytes) })) await add(articles.slice(start, end), []);
  const seen = new Set<string>();
  const images: ImageFile[] = [];
  for (const a of articles)
    for (const i of a.images)
      if (!seen.has(i.sha256)) {
        seen.add(i.sha256);
        images.push(i);
      }
  // Base64 makes an image a third larger inside a pack.
  const items = images.map((i) => ({ id: i.sha256, bytes: Math.ceil(i.bytes.length / 3) * 4 }));
  const cuts = cutPacks(items, { modulus: packModulus(items.length, TARGET_MEDIA_PACKS), maxBytes: MAX_MEDIA_PACK_BYTES });
  for (const [start, end] of cuts) await add([], images.slice(start, end));
  return index;
}

/**
 * Concatenate consecutive packs into bulk files (a first visit's few requests); returns each pack with its bulk. Text
 * packs and picture packs never share a bulk, so a reader who saves data downloads no picture with the text.
 */
async function writeBulks(index: PackIndex, files: Map<string, Uint8Array>): Promise<DeliveryPart[]> {
  const delivery: DeliveryPart[] = [];
  const isMedia = (p: PackIndex['packs'][number]): boolean => p.articles.length === 0 && p.media.length > 0;
  // Newest text first (core/delivery.ts), then the pictures.
  const ordered = deliveryOrder(index.packs);
  for (const kind of [false, true]) {
    const packs = ordered.filter((p) => isMedia(p) === kind);
    for (const [start, end] of groupBulks(packs.map((p) => p.bytes))) {
      const group = packs.slice(start, end);
      const bytes = new Uint8Array(group.reduce((s, p) => s + p.bytes, 0));
      let offset = 0;
      for (const p of group) {
        bytes.set(files.get(p.url) as Uint8Array, offset);
        offset += p.bytes;
      }
      const bulk = `content/bulk-${(await sha256Hex(bytes)).slice(0, 12)}.html`;
      files.set(bulk, bytes);
      for (const p of group) delivery.push({ url: p.url, bytes: p.bytes, bulk, ...(kind ? { media: true as const } : {}) });
    }
  }
  return delivery;
}

async function writeLibraryFile(
  site: SiteConfig,
  signed: SignedManifest,
  articles: CompiledArticle[],
  images: Map<string, ImageFile>,
  template: ReaderTemplate,
): Promise<Uint8Array> {
  const newestFirst = [...articles].sort((a, b) => compareNewestFirst(a.meta, b.meta));
  const chunks = await writeReaderFile({
    site: { name: site.name, lang: site.lang, dir: site.dir, description: site.description },
    manifests: [signed],
    articles: newestFirst.map((a) => ({ manifest: 0, meta: a.meta, bytes: a.body })),
    media: [...images.values()].map(toBundleMedia),
    template,
  });
  return chunksToBytes(chunks);
}
