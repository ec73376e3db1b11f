/** Reading a bundle: the whole file at once (parseBundle) or window by window with one read ahead (readBundle), through the version reader its header names. */
import { concatBytes, utf8Decode } from './bytes';
import { latin1, type NeedMore, type RawRecord, type ScanWindow, scanRecords } from './bundle-scan';
import { HEADER_WINDOW, malformed, truncated } from './bundle-syntax';
import { type BundleItem, type RecordReader, recordReader } from './bundle-v1';
import { BUNDLE_FORMAT, BUNDLE_VERSION, MAX_FILE_BYTES } from './constants';
import { BundleError } from './errors';
import { isJsonObject, parseStrictJson } from './strict-json';
import type { ParsedBundle } from './types';

/** How much of a file larger than WHOLE_READ is read at a time. */
const READ_WINDOW = 4 * 1024 * 1024;
/** The first read: small, so parsing starts while the rest loads (reads then grow fourfold up to READ_WINDOW). */
const FIRST_READ = 64 * 1024;
/**
 * A file up to this size is read in one go instead. In Chromium, one read of a 17.8 MB file took 80-130 ms and the
 * same in windows 100-200 ms, and the whole import took 15% less time; what the parser keeps of a file (every article's
 * and image's bytes, until they are stored) is most of its size anyway.
 */
const WHOLE_READ = 32 * 1024 * 1024;

/** Refuse a file by its size alone (call with File.size before reading it): 'empty' or 'too-large'. */
export function checkFileSize(size: number): void {
  if (size <= 0) throw new BundleError('empty', 'The file is empty.');
  if (size > MAX_FILE_BYTES) {
    throw new BundleError('too-large', `The file is too large: the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB.`, {
      size,
      max: MAX_FILE_BYTES,
    });
  }
}

/** Random access to a file's bytes: a Blob's slices in the browser, a buffer in tests. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Old versions keep their reader forever. */
const READERS: Record<number, () => RecordReader> = { 1: () => recordReader(1), 2: () => recordReader(2) };

/** The header record, checked: which version reader the rest of the file needs. */
function startReading(first: IteratorResult<RawRecord | NeedMore>): { version: number; reader: RecordReader } {
  if (first.done || 'need' in first.value || first.value.kind !== 'file') throw notABundle();
  const version = readHeader(first.value.payload!);
  const make = READERS[version];
  if (!make) throw malformed(`version ${version} is not one this app can read`);
  return { version, reader: make() };
}

/** Calls onProgress(done, total) each time at least 1% more of the file has been read. */
function progressReporter(total: number, onProgress?: (done: number, total: number) => void): (done: number) => void {
  let reported = 0;
  const step = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (onProgress && done - reported >= step) {
      reported = done;
      onProgress(done, total);
    }
  };
}

/**
 * Parse a bundle's bytes (not yet verified). Never decodes the whole file to a string; every text payload is checked
 * as strict UTF-8 (and an article's text is kept). onProgress(doneBytes, totalBytes) is called as records are read.
 * Throws BundleError.
 */
export function parseBundle(bytes: Uint8Array, onProgress?: (done: number, total: number) => void): ParsedBundle {
  checkFileSize(bytes.length);
  const records = scanRecords({ bytes, base: 0, eof: true }, 0, HEADER_WINDOW);
  let started: ReturnType<typeof startReading>;
  try {
    let first: IteratorResult<RawRecord | NeedMore>;
    try {
      first = records.next();
    } catch {
      throw notABundle();
    }
    started = startReading(first);
  } catch (err) {
    throw savedPageOr(err, bytes.subarray(0, HEADER_WINDOW));
  }
  const { version, reader } = started;
  const parsed: ParsedBundle = { version, manifests: [], articles: [], media: [] };
  const progress = progressReporter(bytes.length, onProgress);
  for (const r of records) {
    // The whole file is one window: the scanner never needs more.
    if ('need' in r) throw truncated();
    progress(r.end);
    collect(parsed, reader.read(r));
  }
  reader.finish();
  onProgress?.(bytes.length, bytes.length);
  return parsed;
}

function collect(parsed: ParsedBundle, item: BundleItem | undefined): void {
  if (!item) return;
  if (item.kind === 'manifest') parsed.manifests.push(item.manifest);
  else if (item.kind === 'article') parsed.articles.push(item.article);
  else if (item.kind === 'media') parsed.media.push(item.media);
  else parsed.packs = item.packs;
}

/** How readBundle reports progress, and how much it reads at a time (READ_WINDOW unless a test wants tiny windows). */
export interface ReadOptions {
  onProgress?: (done: number, total: number) => void;
  windowBytes?: number;
}

/**
 * Read a bundle from `source` one window at a time (READ_WINDOW bytes, more only while one record needs it; a file up
 * to WHOLE_READ bytes in one window, unless `windowBytes` is given), so a large file is never held whole: each record
 * is checked as in parseBundle and handed to `onItem` as soon as it is read (awaited, so a slow consumer slows the
 * reading). Article bytes are views of the window: use them before `onItem` returns. Payloads of kinds version 1
 * skips are never read. Resolves with the file's format version; throws BundleError, or whatever `source.read` throws.
 */
export async function readBundle(
  source: ByteSource,
  onItem: (item: BundleItem) => void | Promise<void>,
  opts: ReadOptions = {},
): Promise<number> {
  const size = source.size;
  checkFileSize(size);
  const whole = opts.windowBytes === undefined && size <= WHOLE_READ;
  const read = whole ? readForward(source, size, size) : readForward(source, opts.windowBytes ?? READ_WINDOW);
  const win: ScanWindow = { bytes: new Uint8Array(0), base: 0, eof: false };
  await moveWindow(win, read, size, { need: 1, keep: 0 });
  const records = scanRecords(win, 0, HEADER_WINDOW);
  let step: IteratorResult<RawRecord | NeedMore>;
  for (;;) {
    try {
      step = records.next();
    } catch {
      throw savedPageOr(notABundle(), await readHead(source));
    }
    if (step.done || !('need' in step.value)) break;
    await moveWindow(win, read, size, step.value);
  }
  let started: ReturnType<typeof startReading>;
  try {
    started = startReading(step);
  } catch (err) {
    throw savedPageOr(err, await readHead(source));
  }
  const { version, reader } = started;
  const progress = progressReporter(size, opts.onProgress);
  for (step = records.next(); !step.done; step = records.next()) {
    const r = step.value;
    if ('need' in r) {
      await moveWindow(win, read, size, r);
      continue;
    }
    progress(r.end);
    const item = reader.read(r);
    if (item) await onItem(item);
  }
  try {
    reader.finish();
  } catch (err) {
    // Articles that name a manifest the file does not hold: a file cut between its manifests, if it ends before its page does.
    throw (await endsCutShort(source)) ? truncated() : err;
  }
  opts.onProgress?.(size, size);
  return version;
}

/**
 * Reads a source front to back with one read ahead: while the parser works on one window, the next one loads.
 * Returns bytes from `start` up to at least `end` (more when read-ahead brought more), never past the end of the file.
 * Reads start small and grow to `maxWindow`: the parser need not wait for a whole large window before its first byte.
 */
function readForward(source: ByteSource, maxWindow: number, firstRead = FIRST_READ): (start: number, end: number) => Promise<Uint8Array> {
  let ahead: { start: number; bytes: Promise<Uint8Array> } | undefined;
  let window = Math.min(firstRead, maxWindow);
  const grow = (): void => void (window = Math.min(maxWindow, window * 4));
  const readExactly = (start: number, end: number): Promise<Uint8Array> =>
    source.read(start, end).then((bytes) => {
      // A file that shrank while being read.
      if (bytes.length !== end - start) throw truncated();
      return bytes;
    });
  return async (start, end) => {
    const parts: Uint8Array[] = [];
    let pos = start;
    if (ahead?.start === start) {
      const bytes = await ahead.bytes;
      parts.push(bytes);
      pos += bytes.length;
    }
    ahead = undefined;
    if (pos < end) {
      const bytes = await readExactly(pos, Math.min(source.size, Math.max(end, pos + window)));
      grow();
      parts.push(bytes);
      pos += bytes.length;
    }
    if (pos < source.size) {
      const bytes = readExactly(pos, Math.min(source.size, pos + window));
      grow();
      // Not awaited when the parser skips ahead: a failure then matters to no one.
      bytes.catch(() => undefined);
      ahead = { start: pos, bytes };
    }
    return parts.length === 1 ? parts[0]! : concatBytes(parts);
  };
}

/** Moves the window to start at `keep` and reach at least `need` (or the end of the file), keeping the bytes it already has. */
async function moveWindow(
  win: ScanWindow,
  read: (start: number, end: number) => Promise<Uint8Array>,
  size: number,
  { need, keep }: NeedMore,
): Promise<void> {
  const have = win.base + win.bytes.length;
  const kept = keep < have ? win.bytes.subarray(keep - win.base) : new Uint8Array(0);
  const fresh = await read(Math.max(have, keep), Math.min(size, need));
  win.bytes = kept.length ? concatBytes([kept, fresh]) : fresh;
  win.base = keep;
  win.eof = win.base + win.bytes.length === size;
}

/** Bytes at the end of a file searched for the end of its page (`</html>`, whitespace after it allowed). */
const TAIL_WINDOW = 64;

/** The first bytes of `source`, or none if it can no longer be read. */
function readHead(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, Math.min(source.size, HEADER_WINDOW)).catch(() => new Uint8Array(0));
}

/**
 * True when a file that opens as a web page (`<html` before its header record) does not end as one (`</html>`): a
 * reader file cut short on the way. A reader file writes its manifests after its articles and its pictures last, so a
 * cut between two records leaves no record cut in two: the file reads as unsigned, damaged, or short of pictures. A
 * pack has no page around its records and is never taken for a cut one. False if the file can no longer be read.
 */
export async function endsCutShort(source: ByteSource): Promise<boolean> {
  const head = await readHead(source);
  const tail = await source.read(Math.max(0, source.size - TAIL_WINDOW), source.size).catch(() => undefined);
  return tail !== undefined && /<html[\s>]/i.test(latin1(head)) && !/<\/html>\s*$/i.test(latin1(tail));
}

/**
 * `err`, or, when it says the file is not a reader file and the file's first bytes (`head`) are those of a web page the
 * browser saved as one file (MHTML: Chrome's "Download page" / "Webpage, single file", which rewrites every record
 * quoted-printable), 'saved-page', which tells the person what to ask for instead.
 */
function savedPageOr(err: unknown, head: Uint8Array): unknown {
  if (!(err instanceof BundleError) || err.code !== 'not-a-bundle') return err;
  const text = latin1(head);
  if (!/^MIME-Version:/im.test(text) || !/multipart\/related/i.test(text)) return err;
  return new BundleError('saved-page', 'This is a web page the browser saved (MHTML), not the reader file itself.');
}

function notABundle(): BundleError {
  return new BundleError('not-a-bundle', 'This is not a reader file.');
}

function readHeader(payload: Uint8Array): number {
  let header: unknown;
  try {
    header = parseStrictJson(utf8Decode(payload, 'file header'), { what: 'file header', maxLength: HEADER_WINDOW, maxDepth: 4 });
  } catch {
    throw notABundle();
  }
  if (!isJsonObject(header) || header.format !== BUNDLE_FORMAT) throw notABundle();
  const version = header.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw notABundle();
  if (version > BUNDLE_VERSION) {
    throw new BundleError('newer-version', 'This file was made by a newer version of the app: update the app to read it.', {
      version,
      supported: BUNDLE_VERSION,
    });
  }
  return version;
}
