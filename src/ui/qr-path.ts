/** A QR code for a URL as one SVG path of its dark modules, drawn on the device (the QR encoder is loaded only when asked for). */

/** The encoded code: its width in modules (quiet zone included) and an SVG path with a 1x1 square per dark module. */
export interface QrDrawing {
  size: number;
  path: string;
}

/** Encodes `text` (error correction M, a four-module quiet zone). */
export async function drawQr(text: string): Promise<QrDrawing> {
  const { encode } = await import('uqr');
  const { data } = encode(text, { ecc: 'M', border: 4 });
  let path = '';
  data.forEach((row, y) => row.forEach((dark, x) => dark && (path += `M${x} ${y}h1v1h-1z`)));
  return { size: data.length, path };
}
