/** JPEG test images: a real 64x40 JPEG, and EXIF blocks (orientation, GPS) and segments to add to it. */
import { readFileSync } from 'node:fs';

/** A decodable 64 by 40 JPEG (JFIF, no metadata): the Telegram fixture's first photo. */
export const TINY_JPEG = new Uint8Array(readFileSync(new URL('./telegram-export/photos/photo_1@12-03-2025_08-30-00.jpg', import.meta.url)));

/** The GPS latitude 35/1 41/1 21/1 (35°41′21″N) as the EXIF blocks below store it: what must not reach a reader. */
export const GPS_LATITUDE = Uint8Array.from([0, 0, 0, 35, 0, 0, 0, 1, 0, 0, 0, 41, 0, 0, 0, 1, 0, 0, 0, 21, 0, 0, 0, 1]);

/** A big-endian TIFF block (EXIF without its "Exif\0\0" header): IFD0 with an Orientation when given, and a GPS IFD. */
export function exifTiff(orientation?: number): Uint8Array {
  const entries: number[][] = [];
  if (orientation !== undefined) entries.push([0x0112, 3, 1, orientation << 16]);
  const ifd0Size = 2 + 12 * (entries.length + 1) + 4;
  const gpsAt = 8 + ifd0Size;
  entries.push([0x8825, 4, 1, gpsAt]);
  const gpsSize = 2 + 12 * 2 + 4;
  const out = Buffer.alloc(gpsAt + gpsSize + GPS_LATITUDE.length);
  out.write('MM', 0, 'ascii');
  out.writeUInt16BE(42, 2);
  out.writeUInt32BE(8, 4);
  const writeIfd = (at: number, list: number[][]): void => {
    out.writeUInt16BE(list.length, at);
    list.forEach(([tag, type, count, value], i) => {
      out.writeUInt16BE(tag!, at + 2 + i * 12);
      out.writeUInt16BE(type!, at + 4 + i * 12);
      out.writeUInt32BE(count!, at + 6 + i * 12);
      out.writeUInt32BE(value! >>> 0, at + 10 + i * 12);
    });
  };
  writeIfd(8, entries);
  writeIfd(gpsAt, [
    [0x0001, 2, 2, 0x4e000000], // GPSLatitudeRef "N"
    [0x0002, 5, 3, gpsAt + gpsSize], // GPSLatitude
  ]);
  out.set(GPS_LATITUDE, gpsAt + gpsSize);
  return new Uint8Array(out);
}

/** One JPEG segment: 0xFF, the marker, the length and `data`. */
export function jpegSegment(marker: number, data: Uint8Array | string): Uint8Array {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]));
}

/** An APP1 EXIF segment holding `exifTiff(orientation)`. */
export const exifSegment = (orientation?: number): Uint8Array =>
  jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(orientation)]));

/** `jpeg` with `segments` right after its start marker and `trailer` after its end. */
export function withSegments(jpeg: Uint8Array, segments: Uint8Array[], trailer: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2), trailer]));
}
