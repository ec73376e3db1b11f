/**
 * The sample article's illustration (articles/share-as-file/two-phones.png), drawn pixel by pixel: a reader file going
 * from one phone to another. Regenerate with:
 *   node -e "import('vite').then(v => v.runnerImport('./src/build/__fixtures__/sample-illustration.ts')).then(r => r.module.writeIllustration('articles/share-as-file/two-phones.png'))"
 */
import { writeFileSync } from 'node:fs';
import { encodePng } from './png';

type Rgb = readonly [number, number, number];

const W = 640;
const H = 360;
const SCALE = 2; // drawn at twice the size, then averaged: smooth edges
const CREAM: Rgb = [251, 250, 247];
const INK: Rgb = [29, 29, 27];
const SCREEN: Rgb = [255, 255, 255];
const TEAL: Rgb = [15, 92, 77];
const MINT: Rgb = [124, 199, 180];
const GREY: Rgb = [205, 201, 192];
const SHADOW: Rgb = [232, 228, 219];

class Canvas {
  readonly w = W * SCALE;
  readonly h = H * SCALE;
  readonly px = new Uint8Array(this.w * this.h * 3);

  constructor(background: Rgb) {
    for (let i = 0; i < this.px.length; i += 3) this.px.set(background, i);
  }

  /** Fill every pixel whose centre (in output units) passes `inside`. */
  fill(color: Rgb, inside: (x: number, y: number) => boolean, box: [number, number, number, number]): void {
    const [x0, y0, x1, y1] = box.map((v) => Math.round(v * SCALE)) as [number, number, number, number];
    for (let y = Math.max(0, y0); y < Math.min(this.h, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(this.w, x1); x++) {
        if (inside((x + 0.5) / SCALE, (y + 0.5) / SCALE)) this.px.set(color, (y * this.w + x) * 3);
      }
    }
  }

  roundRect(x: number, y: number, w: number, h: number, r: number, color: Rgb): void {
    this.fill(
      color,
      (px, py) => {
        const dx = Math.max(x + r - px, 0, px - (x + w - r));
        const dy = Math.max(y + r - py, 0, py - (y + h - r));
        return dx * dx + dy * dy <= r * r;
      },
      [x, y, x + w, y + h],
    );
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, color: Rgb): void {
    this.fill(color, (px, py) => ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1, [cx - rx, cy - ry, cx + rx, cy + ry]);
  }

  polygon(points: [number, number][], color: Rgb): void {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.fill(
      color,
      (px, py) => {
        let inside = false;
        for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
          const [xi, yi] = points[i]!;
          const [xj, yj] = points[j]!;
          if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
      },
      [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    );
  }

  /** The image at its output size, each pixel the average of its SCALE x SCALE samples. */
  toPng(): Uint8Array {
    const out = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let sy = 0; sy < SCALE; sy++) for (let sx = 0; sx < SCALE; sx++) sum += this.px[((y * SCALE + sy) * this.w + x * SCALE + sx) * 3 + c]!;
          out[(y * W + x) * 3 + c] = Math.round(sum / (SCALE * SCALE));
        }
      }
    }
    return encodePng(W, H, out);
  }
}

/** A phone with right-to-left text lines; `received` adds a check mark. */
function phone(c: Canvas, x: number, received: boolean): void {
  c.ellipse(x + 70, 326, 84, 10, SHADOW);
  c.roundRect(x, 52, 140, 264, 22, INK);
  c.roundRect(x + 9, 70, 122, 222, 10, SCREEN);
  c.roundRect(x + 52, 59, 36, 5, 2.5, [70, 70, 66]);
  c.roundRect(x + 9, 70, 122, 30, 10, TEAL);
  c.roundRect(x + 9, 88, 122, 12, 0, TEAL);
  c.roundRect(x + 60, 80, 60, 8, 4, SCREEN);
  const widths = [96, 80, 100, 64, 90, 100, 72, 86];
  widths.forEach((w, i) => c.roundRect(x + 121 - w, 114 + i * 20, w, 8, 4, i === 0 || i === 4 ? INK : GREY));
  if (received) {
    c.ellipse(x + 118, 282, 20, 20, TEAL);
    c.polygon([[x + 107, 282], [x + 112, 277], [x + 117, 283], [x + 127, 272], [x + 132, 277], [x + 117, 293]], SCREEN);
  }
}

/** A document with a folded corner, the file that travels. */
function document(c: Canvas, x: number, y: number): void {
  c.polygon([[x + 4, y + 4], [x + 50, y + 4], [x + 68, y + 22], [x + 68, y + 84], [x + 4, y + 84]], SHADOW);
  c.polygon([[x, y], [x + 46, y], [x + 64, y + 18], [x + 64, y + 80], [x, y + 80]], SCREEN);
  c.polygon([[x + 46, y], [x + 64, y + 18], [x + 46, y + 18]], MINT);
  for (let i = 0; i < 4; i++) c.roundRect(x + 10, y + 30 + i * 12, i === 3 ? 28 : 44, 6, 3, i === 0 ? TEAL : GREY);
  c.roundRect(x - 2, y - 2, 2, 84, 0, GREY);
}

/** Dots along an arc from one phone to the other, ending in an arrow head. */
function path(c: Canvas): void {
  for (let t = 0.06; t <= 0.94; t += 0.055) {
    const x = 262 + t * 116;
    const y = 150 - Math.sin(t * Math.PI) * 62;
    c.ellipse(x, y, 4, 4, MINT);
  }
  c.polygon([[366, 138], [386, 152], [364, 160]], TEAL);
}

/** The illustration as PNG bytes. */
export function drawIllustration(): Uint8Array {
  const c = new Canvas(CREAM);
  phone(c, 104, false);
  phone(c, 396, true);
  path(c);
  document(c, 288, 190);
  return c.toPng();
}

/** Write the illustration to a file. */
export function writeIllustration(file: string): void {
  writeFileSync(file, drawIllustration());
}
