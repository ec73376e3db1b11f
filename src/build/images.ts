/** Images beside articles: read, type sniffed from the bytes (never the name), stripped of location metadata, measured and hashed. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { imageSize } from 'image-size';
import { MAX_MEDIA_BYTES, MEDIA_DIR, MEDIA_TYPES } from '../core/constants';
import { stripImageMetadata } from './image-metadata';

/** An image ready to be carried: its bytes (without EXIF, XMP and the like, see image-metadata.ts), hash, MIME type and size in pixels when the header tells it. */
export interface ImageFile {
  sha256: string;
  type: string;
  bytes: Uint8Array;
  width?: number;
  height?: number;
  /** Where bodies point to it: media/<sha256>.<ext>. */
  src: string;
}

const ALLOWED_NAMES = 'PNG, JPEG, WebP, GIF or AVIF';

/** The MIME type of an allowed image format from its first bytes, or undefined. */
export function sniffImageType(b: Uint8Array): string | undefined {
  const ascii = (from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 16 && ascii(4, 8) === 'ftyp') {
    const boxEnd = Math.min(b.length, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    const brands = [ascii(8, 12)];
    for (let i = 16; i + 4 <= boxEnd; i += 4) brands.push(ascii(i, i + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
  }
  return undefined;
}

function looksLikeSvg(path: string, b: Uint8Array): boolean {
  if (/\.svgz?$/i.test(path)) return true;
  const head = new TextDecoder().decode(b.subarray(0, 1024)).toLowerCase();
  return head.includes('<svg');
}

/** Read and check one image file; throws an Error whose message is the reason it cannot be used. */
export function readImage(path: string): ImageFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new Error('the file does not exist or cannot be read.');
  }
  const read = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (read.length > MAX_MEDIA_BYTES) throw new Error(`the image is larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB.`);
  const type = sniffImageType(read);
  if (type === undefined) {
    if (looksLikeSvg(path, read)) throw new Error(`SVG images are refused because they can carry scripts: use ${ALLOWED_NAMES}.`);
    throw new Error(`unsupported image type: use ${ALLOWED_NAMES}.`);
  }
  // Where and by whom a photo was taken must not travel with it: readers and sources may be in danger.
  const bytes = stripImageMetadata(read, type);
  // Hashed synchronously: this runs inside the sanitiser's hook, which cannot wait.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const image: ImageFile = { sha256, type, bytes, src: `${MEDIA_DIR}/${sha256}.${MEDIA_TYPES[type]}` };
  try {
    const size = imageSize(bytes);
    // EXIF orientations 5-8 turn the picture a quarter: the browser shows it with width and height swapped.
    const turned = size.orientation !== undefined && size.orientation >= 5;
    const width = turned ? size.height : size.width;
    const height = turned ? size.width : size.height;
    if (width > 0 && height > 0) {
      image.width = width;
      image.height = height;
    }
  } catch {
    throw new Error('the image file is damaged: its header cannot be read.');
  }
  return image;
}
