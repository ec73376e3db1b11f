/**
 * Removing what a picture says about where and by whom it was taken (EXIF with GPS, XMP, IPTC, comments, camera
 * trailers) without re-encoding a pixel: JPEG segments, PNG chunks, WebP chunks and GIF extensions are dropped or kept
 * whole. The EXIF orientation, which phones rely on to show a photo the right way up, is written back as a minimal EXIF
 * holding only it. AVIF keeps its metadata (see docs/publishing.md).
 * Hostile structure (a length past the end, a file cut short) throws an Error whose message is the reason.
 */

/** A copy of `bytes` without location-bearing or identifying metadata; the same array when there is none. AVIF is returned as it is. */
export function stripImageMetadata(bytes: Uint8Array, type: string): Uint8Array {
  if (type === 'image/jpeg') return stripJpeg(bytes);
  if (type === 'image/png') return stripPng(bytes);
  if (type === 'image/webp') return stripWebp(bytes);
  if (type === 'image/gif') return stripGif(bytes);
  return bytes;
}

const CUT_SHORT = 'the image file is damaged: it is cut short or a part of it claims to be longer than the file.';
const damaged = (what: string): Error => new Error(`the image file is damaged: ${what}.`);

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u32le = (b: Uint8Array, i: number): number => ((b[i + 3]! << 24) | (b[i + 2]! << 16) | (b[i + 1]! << 8) | b[i]!) >>> 0;
const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

/** The Orientation (1-8) in IFD0 of a TIFF-structured EXIF block, or undefined when absent or unreadable (as a browser would treat it). */
export function readOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (i: number): number => (le ? tiff[i]! | (tiff[i + 1]! << 8) : u16be(tiff, i));
  const u32 = (i: number): number => (le ? u32le(tiff, i) : u32be(tiff, i));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) !== 0x0112) continue;
    const value = u16(entry + 8);
    return u16(entry + 2) === 3 && u32(entry + 4) === 1 && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** A minimal big-endian TIFF block whose IFD0 holds only the Orientation tag. */
export function orientationTiff(orientation: number): Uint8Array {
  // prettier-ignore
  return new Uint8Array([
    0x4d, 0x4d, 0, 42, 0, 0, 0, 8, // "MM", 42, IFD0 at 8
    0, 1, // one entry
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, // Orientation, SHORT, 1 value
    0, 0, 0, 0, // no next IFD
  ]);
}

const startsWith = (b: Uint8Array, from: number, prefix: number[] | string): boolean => {
  const p = typeof prefix === 'string' ? [...prefix].map((c) => c.charCodeAt(0)) : prefix;
  return from + p.length <= b.length && p.every((v, i) => b[from + i] === v);
};

/**
 * JPEG: kept are the segments needed to decode and colour the picture (tables, frames, scans, JFIF, ICC profile, Adobe);
 * dropped are every other APPn (EXIF, XMP, Photoshop/IPTC, maker data, MPF with its hidden second images), comments
 * and whatever follows the end-of-image marker.
 */
function stripJpeg(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw damaged('it does not start like a JPEG');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let orientationWritten = false;
  let changed = false;
  let pos = 2;
  let scanned = false;
  for (;;) {
    // Picture data that ends without its end marker: browsers show what came, as the build did before it read JPEGs.
    if (pos >= b.length && scanned) break;
    if (pos >= b.length) throw new Error(CUT_SHORT);
    if (b[pos] !== 0xff) throw damaged(`byte ${pos} should start a JPEG marker`);
    while (pos + 1 < b.length && b[pos + 1] === 0xff) pos++; // fill bytes
    if (pos + 1 >= b.length) throw new Error(CUT_SHORT);
    const marker = b[pos + 1]!;
    if (marker === 0xd9) {
      parts.push(b.subarray(pos, pos + 2));
      if (pos + 2 !== b.length) changed = true;
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0x00) throw damaged(`byte ${pos} holds an unexpected JPEG marker`);
    if (pos + 4 > b.length) throw new Error(CUT_SHORT);
    const length = u16be(b, pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > b.length) throw new Error(CUT_SHORT);
    const data = b.subarray(pos + 4, end);
    const app = marker >= 0xe0 && marker <= 0xef;
    const keep =
      (!app && marker !== 0xfe) ||
      marker === 0xe0 ||
      (marker === 0xe2 && startsWith(data, 0, 'ICC_PROFILE\0')) ||
      (marker === 0xee && startsWith(data, 0, 'Adobe'));
    if (keep) parts.push(b.subarray(pos, end));
    else {
      let replacement: Uint8Array | undefined;
      if (marker === 0xe1 && !orientationWritten && startsWith(data, 0, EXIF_HEADER)) {
        orientationWritten = true;
        const orientation = readOrientation(data.subarray(EXIF_HEADER.length));
        if (orientation !== undefined && orientation !== 1) {
          const tiff = orientationTiff(orientation);
          const size = 2 + EXIF_HEADER.length + tiff.length;
          replacement = concat([new Uint8Array([0xff, 0xe1, size >> 8, size & 0xff, ...EXIF_HEADER]), tiff]);
          parts.push(replacement);
        }
      }
      if (replacement === undefined || !sameBytes(replacement, b.subarray(pos, end))) changed = true;
    }
    pos = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 nor a restart marker.
      let i = pos;
      for (;;) {
        i = b.indexOf(0xff, i);
        if (i < 0 || i + 1 >= b.length) {
          i = b.length;
          break;
        }
        const next = b[i + 1]!;
        if (next === 0 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) i += next === 0xff ? 1 : 2;
        else break;
      }
      parts.push(b.subarray(pos, i));
      pos = i;
      scanned = true;
    }
  }
  return changed ? concat(parts) : b;
}

// PNG chunks that carry metadata rather than picture: EXIF, text (XMP, comments, authors, "Raw profile" EXIF) and time.
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

/** PNG: drops EXIF, text and time chunks (an EXIF orientation comes back as a minimal eXIf) and anything after IEND. */
function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let changed = false;
  let pos = 8;
  for (;;) {
    if (pos + 12 > b.length) throw new Error(CUT_SHORT);
    const length = u32be(b, pos);
    const end = pos + 12 + length;
    if (end > b.length) throw new Error(CUT_SHORT);
    const kind = ascii(b, pos + 4, pos + 8);
    if (!PNG_DROPPED.has(kind)) parts.push(b.subarray(pos, end));
    else {
      const orientation = kind === 'eXIf' ? readOrientation(b.subarray(pos + 8, pos + 8 + length)) : undefined;
      const replacement = orientation !== undefined && orientation !== 1 ? pngChunk('eXIf', orientationTiff(orientation)) : undefined;
      if (replacement) parts.push(replacement);
      if (replacement === undefined || !sameBytes(replacement, b.subarray(pos, end))) changed = true;
    }
    pos = end;
    if (kind === 'IEND') break;
  }
  if (pos !== b.length) changed = true;
  return changed ? concat(parts) : b;
}

function pngChunk(kind: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = kind.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const x of bytes) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** WebP: drops the EXIF and XMP chunks (an orientation comes back as a minimal EXIF), fixes the VP8X flags and the RIFF size. */
function stripWebp(b: Uint8Array): Uint8Array {
  if (b.length < 12) throw new Error(CUT_SHORT);
  const riffEnd = 8 + u32le(b, 4);
  if (riffEnd > b.length) throw new Error(CUT_SHORT);
  const parts: Uint8Array[] = [];
  let changed = riffEnd !== b.length;
  let flagsAt = -1;
  let exifWritten = false;
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) throw new Error(CUT_SHORT);
    const kind = ascii(b, pos, pos + 4);
    const size = u32le(b, pos + 4);
    const end = pos + 8 + size + (size & 1);
    if (end > riffEnd) throw new Error(CUT_SHORT);
    if (kind === 'EXIF' || kind === 'XMP ') {
      let replacement: Uint8Array | undefined;
      if (kind === 'EXIF' && !exifWritten) {
        exifWritten = true;
        const data = b.subarray(pos + 8, pos + 8 + size);
        const orientation = readOrientation(startsWith(data, 0, EXIF_HEADER) ? data.subarray(EXIF_HEADER.length) : data);
        if (orientation !== undefined && orientation !== 1) {
          const tiff = orientationTiff(orientation);
          replacement = concat([new Uint8Array([0x45, 0x58, 0x49, 0x46, tiff.length, 0, 0, 0]), tiff]);
          parts.push(replacement);
        }
      }
      if (replacement === undefined || !sameBytes(replacement, b.subarray(pos, end))) changed = true;
    } else {
      if (kind === 'VP8X') flagsAt = parts.reduce((s, p) => s + p.length, 12) + 8;
      parts.push(b.subarray(pos, end));
    }
    pos = end;
  }
  if (!changed) return b;
  const body = concat([b.subarray(0, 12), ...parts]);
  new DataView(body.buffer).setUint32(4, body.length - 8, true);
  if (flagsAt >= 0 && flagsAt < body.length) {
    const exifLeft = parts.some((p) => ascii(p, 0, 4) === 'EXIF');
    body[flagsAt] = (body[flagsAt]! & ~(VP8X_EXIF | VP8X_XMP)) | (exifLeft ? VP8X_EXIF : 0);
  }
  return body;
}

// GIF application extensions that change how the picture shows: looping (two names for it) and the colour profile.
const GIF_KEPT_APPS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012']);

/** GIF: drops comments and application extensions other than looping and colour (XMP travels in one) and anything after the trailer. */
function stripGif(b: Uint8Array): Uint8Array {
  if (b.length < 13) throw new Error(CUT_SHORT);
  const table = (packed: number): number => (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0);
  /** The end of the sub-blocks starting at `i` (after their terminating empty block). */
  const subBlocksEnd = (i: number): number => {
    for (;;) {
      if (i >= b.length) throw new Error(CUT_SHORT);
      const size = b[i]!;
      i += 1 + size;
      if (size === 0) return i;
    }
  };
  const parts: Uint8Array[] = [];
  let changed = false;
  let start = 0;
  let pos = 13 + table(b[10]!);
  let framed = false;
  for (;;) {
    // Frames that end without the trailer: browsers show them, as the build did before it read GIFs.
    if (pos === b.length && framed) break;
    if (pos >= b.length) throw new Error(CUT_SHORT);
    const introducer = b[pos]!;
    if (introducer === 0x3b) {
      pos++;
      break;
    }
    if (introducer === 0x2c) {
      if (pos + 11 > b.length) throw new Error(CUT_SHORT);
      pos = subBlocksEnd(pos + 10 + table(b[pos + 9]!) + 1);
      framed = true;
    } else if (introducer === 0x21) {
      if (pos + 2 > b.length) throw new Error(CUT_SHORT);
      const label = b[pos + 1]!;
      const end = subBlocksEnd(pos + 2);
      const app = label === 0xff && b[pos + 2] === 11 ? ascii(b, pos + 3, pos + 14) : '';
      if (label === 0xfe || (label === 0xff && !GIF_KEPT_APPS.has(app))) {
        parts.push(b.subarray(start, pos));
        start = end;
        changed = true;
      }
      pos = end;
    } else throw damaged(`byte ${pos} should start a GIF block`);
    if (pos > b.length) throw new Error(CUT_SHORT);
  }
  parts.push(b.subarray(start, pos));
  return changed || pos !== b.length ? concat(parts) : b;
}
