import { imageSize } from 'image-size';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { exifSegment, exifTiff, GPS_LATITUDE, jpegSegment, TINY_JPEG, withSegments } from './__fixtures__/jpeg';
import { solidPng } from './__fixtures__/png';
import { orientationTiff, readOrientation, stripImageMetadata } from './image-metadata';

const has = (hay: Uint8Array, needle: Uint8Array | string): boolean =>
  Buffer.from(hay).includes(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : Buffer.from(needle));
const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

const XMP = '<x:xmpmeta><rdf:Description exif:GPSLatitude="35,41.35N" dc:creator="Reporter Name"/></x:xmpmeta>';

describe('JPEG', () => {
  const ICC = jpegSegment(0xe2, 'ICC_PROFILE\0\x01\x01colour');
  const dirty = withSegments(
    TINY_JPEG,
    [
      exifSegment(6),
      jpegSegment(0xe1, `http://ns.adobe.com/xap/1.0/\0${XMP}`),
      ICC,
      jpegSegment(0xed, 'Photoshop 3.0\x008BIM\x04\x04IPTC city Tehran'),
      jpegSegment(0xe2, 'MPF\0second image offsets'),
      jpegSegment(0xfe, 'taken by Reporter Name'),
    ],
    // A phone's second image (with its own EXIF) after the end marker.
    cat(Uint8Array.from([0xff, 0xd8]), exifSegment(6), Uint8Array.from([0xff, 0xd9])),
  );

  it('loses EXIF (GPS), XMP, IPTC, comments, MPF and trailing data; keeps the orientation, the ICC profile and every picture byte', () => {
    const clean = stripImageMetadata(dirty, 'image/jpeg');
    expect(has(clean, GPS_LATITUDE)).toBe(false);
    for (const gone of ['xmpmeta', 'Reporter', 'Tehran', '8BIM', 'MPF']) expect(has(clean, gone)).toBe(false);
    const minimalExif = jpegSegment(0xe1, cat(Buffer.from('Exif\0\0', 'latin1'), orientationTiff(6)));
    expect(Buffer.from(clean)).toEqual(Buffer.from(withSegments(TINY_JPEG, [minimalExif, ICC])));
    expect(imageSize(clean)).toMatchObject({ width: 64, height: 40, orientation: 6 });
    expect(stripImageMetadata(clean, 'image/jpeg')).toBe(clean);
  });

  it('writes no EXIF when the orientation is the upright 1 or absent, and returns a clean file as it is', () => {
    for (const o of [1, undefined]) {
      expect(Buffer.from(stripImageMetadata(withSegments(TINY_JPEG, [exifSegment(o)]), 'image/jpeg'))).toEqual(Buffer.from(TINY_JPEG));
    }
    expect(stripImageMetadata(TINY_JPEG, 'image/jpeg')).toBe(TINY_JPEG);
  });

  it('refuses a damaged structure quickly, whatever the lengths claim', () => {
    const cases = [
      TINY_JPEG.subarray(0, 200), // cut inside the tables
      cat(TINY_JPEG.subarray(0, 2), Uint8Array.from([0xff, 0xe1, 0xff, 0xff, 0, 0])), // a segment longer than the file
      cat(TINY_JPEG.subarray(0, 2), Uint8Array.from([0xff, 0xe1, 0, 1])), // a length below its own two bytes
      cat(TINY_JPEG.subarray(0, 2), Uint8Array.from([0x12, 0x34])), // no marker where one belongs
      cat(TINY_JPEG.subarray(0, 2), new Uint8Array(100_000).fill(0xff)), // fill bytes to the end
    ];
    for (const bytes of cases) expect(() => stripImageMetadata(bytes, 'image/jpeg')).toThrow(/^the image file is damaged/);
  });

  it('publishes a picture whose data ends without its end marker, as browsers show it (and as it was published before)', () => {
    const noEnd = TINY_JPEG.subarray(0, TINY_JPEG.length - 2);
    expect(stripImageMetadata(noEnd, 'image/jpeg')).toBe(noEnd);
    expect(imageSize(noEnd)).toMatchObject({ width: 64, height: 40 });
  });
});

function pngChunk(kind: string, data: Uint8Array | string): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return cat(head, body, crc);
}

describe('PNG', () => {
  const png = solidPng(3);
  const ihdrEnd = 8 + 25;
  const insert = (chunks: Uint8Array[], trailer: Uint8Array = new Uint8Array(0)): Uint8Array =>
    cat(png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd), trailer);

  it('loses eXIf, text and time chunks and trailing data, keeps the orientation as a minimal eXIf with a right CRC', () => {
    const dirty = insert(
      [
        pngChunk('tEXt', 'Author\0Reporter Name'),
        pngChunk('iTXt', `XML:com.adobe.xmp\0\0\0\0\0${XMP}`),
        pngChunk('zTXt', 'Raw profile type exif\0\0xx'),
        pngChunk('tIME', '\x07\xea\x01\x01\x00\x00\x00'),
        pngChunk('eXIf', exifTiff(6)),
      ],
      Uint8Array.from([1, 2, 3]),
    );
    const clean = stripImageMetadata(dirty, 'image/png');
    expect(has(clean, GPS_LATITUDE)).toBe(false);
    expect(has(clean, 'Reporter')).toBe(false);
    expect(Buffer.from(clean)).toEqual(Buffer.from(insert([pngChunk('eXIf', orientationTiff(6))])));
    expect(stripImageMetadata(clean, 'image/png')).toBe(clean);
    expect(stripImageMetadata(png, 'image/png')).toBe(png);
  });

  it('refuses a chunk longer than the file and a file without IEND', () => {
    const long = insert([Uint8Array.from([0x7f, 0xff, 0xff, 0xff, 0x74, 0x45, 0x58, 0x74])]);
    expect(() => stripImageMetadata(long, 'image/png')).toThrow(/^the image file is damaged/);
    expect(() => stripImageMetadata(png.subarray(0, png.length - 12), 'image/png')).toThrow(/^the image file is damaged/);
  });
});

function riffChunk(kind: string, data: Uint8Array | string): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head.write(kind, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return cat(head, body, new Uint8Array(body.length & 1));
}
const webp = (...chunks: Uint8Array[]): Uint8Array => {
  const body = cat(Buffer.from('WEBP', 'latin1'), ...chunks);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return cat(head, body);
};
const vp8x = (flags: number): Uint8Array => riffChunk('VP8X', Uint8Array.from([flags, 0, 0, 0, 63, 0, 0, 39, 0, 0]));
const VP8L = riffChunk('VP8L', Uint8Array.from([0x2f, 0x3f, 0xc0, 0x09, 0x00, 0x07]));

describe('WebP', () => {
  it('loses the EXIF and XMP chunks, keeps the orientation, and fixes the flags and the RIFF size', () => {
    const dirty = webp(vp8x(0x0c), VP8L, riffChunk('EXIF', cat(Buffer.from('Exif\0\0', 'latin1'), exifTiff(6))), riffChunk('XMP ', XMP));
    const clean = stripImageMetadata(dirty, 'image/webp');
    expect(Buffer.from(clean)).toEqual(Buffer.from(webp(vp8x(0x08), VP8L, riffChunk('EXIF', orientationTiff(6)))));
    expect(stripImageMetadata(clean, 'image/webp')).toBe(clean);
    const upright = stripImageMetadata(webp(vp8x(0x0c), VP8L, riffChunk('EXIF', exifTiff()), riffChunk('XMP ', XMP)), 'image/webp');
    expect(Buffer.from(upright)).toEqual(Buffer.from(webp(vp8x(0), VP8L)));
    const plain = webp(VP8L);
    expect(stripImageMetadata(plain, 'image/webp')).toBe(plain);
  });

  it('refuses a RIFF size or a chunk size past the end', () => {
    const big = webp(VP8L);
    big[7] = 0x7f;
    expect(() => stripImageMetadata(big, 'image/webp')).toThrow(/^the image file is damaged/);
    const chunk = webp(vp8x(0), riffChunk('EXIF', 'xx'));
    chunk[chunk.length - 3] = 0x7f;
    expect(() => stripImageMetadata(chunk, 'image/webp')).toThrow(/^the image file is damaged/);
  });
});

describe('GIF', () => {
  const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
  const head = 'GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff';
  const loop = '\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00';
  const frame = '\x21\xf9\x04\x00\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00';
  const comment = '\x21\xfe\x0dReporter Name\x00';
  const xmp = `\x21\xff\x0bXMP DataXMP\x2a${XMP.slice(0, 42)}\x00`;

  it('loses comments, XMP and trailing data, keeps looping and every frame', () => {
    const clean = stripImageMetadata(bytes(head + comment + loop + xmp + frame + comment + '\x3b' + 'trailer'), 'image/gif');
    expect(Buffer.from(clean)).toEqual(Buffer.from(bytes(head + loop + frame + '\x3b')));
    expect(imageSize(clean)).toMatchObject({ width: 1, height: 1 });
    expect(stripImageMetadata(clean, 'image/gif')).toBe(clean);
  });

  it('refuses a GIF cut short or with an unknown block, quickly', () => {
    for (const text of [head + loop, head + frame.slice(0, -3), head + '\x21\xfe\xff', head + '\x99\x3b', head.slice(0, 12)]) {
      expect(() => stripImageMetadata(bytes(text), 'image/gif'), JSON.stringify(text)).toThrow(/^the image file is damaged/);
    }
    // Whole frames without the trailer: browsers show them, and they were published before; the comment still goes.
    expect(Buffer.from(stripImageMetadata(bytes(head + loop + comment + frame), 'image/gif'))).toEqual(
      Buffer.from(bytes(head + loop + frame)),
    );
  });
});

describe('readOrientation', () => {
  it('reads IFD0 in either byte order and gives up on nonsense without throwing', () => {
    expect(readOrientation(exifTiff(8))).toBe(8);
    const le = Uint8Array.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(readOrientation(le)).toBe(3);
    expect(readOrientation(Uint8Array.from([0x4d, 0x4d, 0, 42, 0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
    expect(readOrientation(cat(exifTiff(6).subarray(0, 14)))).toBeUndefined();
  });
});
