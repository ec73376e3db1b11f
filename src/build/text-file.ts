/** Text files a publisher wrote (articles, site config): read as UTF-8 strictly, so a legacy encoding fails instead of publishing "����". */
import { readFileSync } from 'node:fs';
import { utf8Decode } from '../core/bytes';

/** The text of UTF-8 bytes (a UTF-8 BOM is kept for the caller to drop); throws an Error whose message is the reason. */
export function decodeUtf8(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error('is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8: save it as UTF-8.');
  }
  try {
    // Strict, and a UTF-8 BOM stays in the text, where the front matter reader drops it.
    return utf8Decode(bytes);
  } catch {
    const at = firstBadByte(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    throw new Error(
      `is not UTF-8 (the first byte that is not UTF-8 is on line ${line}): save it as UTF-8 ` +
        '(older editors may have saved it as Windows-1256, Windows-1252 or another legacy encoding).',
    );
  }
}

/** Read a file as strict UTF-8; a read error is thrown as it is, bad bytes as an Error with the reason. */
export function readUtf8File(file: string): string {
  return decodeUtf8(readFileSync(file));
}

/** The offset of the first byte that makes the text invalid UTF-8 (a streaming decode accepts a cut multi-byte sequence). */
function firstBadByte(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Invariant: bytes[0, lo) decodes (as a stream); bytes[0, hi) does not.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
