/** Owns how figures are written in the table and the notes (1 KB = 1,000 bytes, as budgets are stated). */

export const kb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
export const ms = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
export const ratio = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(2)}x`);
export const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`);
export const int = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US');
