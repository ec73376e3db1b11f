/** A reader file whose line ends an editor or a messenger turned into CRLF, read as the LF bytes its signatures cover. */
import { concatBytes } from './bytes';
import type { ByteSource } from './bundle-read';
import { HEADER_WINDOW } from './bundle-syntax';

const CR = 0x0d;
const LF = 0x0a;
/** Bytes of the file converted at a time: what the conversion holds besides the window the parser reads. */
const BLOCK = 1024 * 1024;

/**
 * `source` with every CR LF read as LF, when its first bytes hold one (a reader file's head is several lines, so a
 * file converted whole shows it there; a file that does not is left alone): undefined otherwise. Finding the size
 * costs one pass over the file, a block at a time; reads are served a block at a time too, in order (the bundle reader
 * reads forward), so memory holds a block, not the file. Use it only to read again a file that failed as malformed: a
 * file whose own bytes hold CR LF (a body signed with it) is not made valid by this, and stays refused.
 */
export async function withLfLineEnds(source: ByteSource, block = BLOCK): Promise<ByteSource | undefined> {
  const head = await source.read(0, Math.min(source.size, HEADER_WINDOW));
  if (!hasCrLf(head)) return undefined;
  let size = 0;
  for await (const chunk of converted(source, block)) size += chunk.length;
  if (size === source.size) return undefined;
  let chunks = converted(source, block);
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkAt = 0;
  const readNow = async (start: number, end: number): Promise<Uint8Array> => {
    // Never asked by the bundle reader, which reads forward; served anyway, by converting from the start again.
    if (start < chunkAt) [chunks, chunk, chunkAt] = [converted(source, block), new Uint8Array(0), 0];
    const parts: Uint8Array[] = [];
    for (let pos = start; pos < end;) {
      if (pos >= chunkAt + chunk.length) {
        chunkAt += chunk.length;
        const next = await chunks.next();
        chunk = next.done ? new Uint8Array(0) : next.value;
        // Past the end: fewer bytes than asked, which the reader takes for a file that shrank.
        if (next.done) break;
        continue;
      }
      const to = Math.min(chunk.length, end - chunkAt);
      parts.push(chunk.subarray(pos - chunkAt, to));
      pos = chunkAt + to;
    }
    return parts.length === 1 ? parts[0]! : concatBytes(parts);
  };
  // One read at a time: the reader's read-ahead may still be under way when it asks for more.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    size,
    read(start, end) {
      const bytes = queue.then(() => readNow(start, end));
      queue = bytes.catch(() => undefined);
      return bytes;
    },
  };
}

function hasCrLf(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(CR); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] === LF) return true;
  return false;
}

/** The file's bytes a block at a time, each CR that a LF follows left out (one that ends a block waits for the next). */
async function* converted(source: ByteSource, block: number): AsyncGenerator<Uint8Array, void, void> {
  let held = false;
  for (let at = 0; at < source.size; at += block) {
    const bytes = await source.read(at, Math.min(source.size, at + block));
    const out = new Uint8Array(bytes.length + 1);
    let n = 0;
    // A CR held from the block before stays unless this block starts with its LF.
    if (held && bytes[0] !== LF) out[n++] = CR;
    held = false;
    let from = 0;
    for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) {
      if (i + 1 === bytes.length) held = true;
      else if (bytes[i + 1] !== LF) continue;
      out.set(bytes.subarray(from, i), n);
      n += i - from;
      from = i + 1;
    }
    out.set(bytes.subarray(from), n);
    n += bytes.length - from;
    yield out.subarray(0, n);
  }
  if (held) yield Uint8Array.of(CR);
}
