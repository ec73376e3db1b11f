/**
 * How content packs travel to the service worker: each pack is a small cache entry (so an edition update re-downloads
 * only the packs that changed), and the build also concatenates packs into a few bulk files (so a first visit costs a
 * few requests, not one per pack). The worker fetches a bulk when most of its packs are missing, else the packs alone.
 */

/** A content pack as the service worker's manifest lists it: its URL, size in bytes, and the bulk file that carries it. */
export interface DeliveryPart {
  url: string;
  bytes: number;
  /** The bulk file whose bytes are this pack and its siblings, concatenated in manifest order. */
  bulk: string;
  /** A pack of pictures only (the data saver can leave it for later); its bulk carries no text pack. */
  media?: true;
}

/**
 * A part as the service worker plans with it (sw/content.ts resolveParts): with its bulk file's full list of parts, in
 * order. A bulk is cut by that list whichever of its parts are wanted (the page may ask for two packs of a bulk of three).
 */
export interface PlacedPart extends DeliveryPart {
  bulkParts: readonly DeliveryPart[];
}

/** One download: a bulk file (every part it carries, in order, with the ones to keep), or one part alone. */
export type DeliveryStep =
  { kind: 'bulk'; url: string; parts: readonly DeliveryPart[]; wanted: Set<string> } | { kind: 'part'; part: DeliveryPart };

/** A bulk is worth fetching when the parts missing from it make up at least this share of its bytes. */
export const BULK_THRESHOLD = 0.5;

/** True for a precache-manifest entry that describes a content part (the build adds `bytes` and `bulk`). */
export function isDeliveryPart(entry: unknown): entry is DeliveryPart {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return typeof e.url === 'string' && typeof e.bulk === 'string' && isByteCount(e.bytes) && (e.media === undefined || e.media === true);
}

/**
 * A file of the app shell (or the edition) whose name carries its content's hash, as the manifest lists it: with its
 * size, so the service worker keeps only a whole copy (src/sw/whole-files.ts).
 */
export interface SizedEntry {
  url: string;
  bytes: number;
}

/** True for a shell entry with a size (a delivery part has `bytes` too, and a `bulk`: not one of these). */
export function isSizedEntry(entry: unknown): entry is SizedEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return typeof e.url === 'string' && e.bulk === undefined && isByteCount(e.bytes);
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function groupByBulk<P extends DeliveryPart>(parts: readonly P[]): Map<string, P[]> {
  const byBulk = new Map<string, P[]>();
  for (const p of parts) {
    const group = byBulk.get(p.bulk);
    if (group) group.push(p);
    else byBulk.set(p.bulk, [p]);
  }
  return byBulk;
}

/** Every part of a manifest (in its order, which is the order of the bytes in each bulk file) with its bulk's list. */
export function placeParts(parts: readonly DeliveryPart[]): PlacedPart[] {
  const byBulk = groupByBulk(parts);
  return parts.map((p) => ({ ...p, bulkParts: byBulk.get(p.bulk) as DeliveryPart[] }));
}

/**
 * The downloads that bring every missing part of `parts`: bulks where most of a bulk is missing, single parts
 * elsewhere. A bulk is split by the list its parts carry (placeParts), so `parts` may be any of a bulk's parts.
 */
export function planDelivery(parts: readonly PlacedPart[], have: ReadonlySet<string>, threshold = BULK_THRESHOLD): DeliveryStep[] {
  const steps: DeliveryStep[] = [];
  for (const [url, group] of groupByBulk(parts)) {
    const missing = group.filter((p) => !have.has(p.url));
    if (missing.length === 0) continue;
    // The bulk's bytes are all of its parts, wanted or not.
    const layout = group[0]!.bulkParts;
    const total = layout.reduce((s, p) => s + p.bytes, 0);
    const missingBytes = missing.reduce((s, p) => s + p.bytes, 0);
    if (missing.length > 1 && missingBytes >= total * threshold) {
      steps.push({ kind: 'bulk', url, parts: layout, wanted: new Set(missing.map((p) => p.url)) });
    } else {
      for (const part of missing) steps.push({ kind: 'part', part });
    }
  }
  return steps;
}

/**
 * Reads a bulk file's stream and calls `onPart` with each part's bytes as soon as they are complete, so a cut
 * connection keeps every part that arrived whole. Throws if the stream is shorter or longer than the parts.
 */
export async function splitBulk(
  body: ReadableStream<Uint8Array>,
  parts: readonly DeliveryPart[],
  onPart: (part: DeliveryPart, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const reader = body.getReader();
  let index = 0;
  let current = new Uint8Array(parts[0]?.bytes ?? 0);
  let filled = 0;
  const flush = async (): Promise<void> => {
    // Parts of zero bytes complete without any input.
    while (index < parts.length && filled === current.length) {
      await onPart(parts[index] as DeliveryPart, current);
      index += 1;
      current = new Uint8Array(parts[index]?.bytes ?? 0);
      filled = 0;
    }
  };
  try {
    await flush();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.length) {
        if (index >= parts.length) throw new Error('The bulk file is longer than its parts.');
        const n = Math.min(current.length - filled, value.length - offset);
        current.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        await flush();
      }
    }
    if (index < parts.length) throw new Error('The bulk file ended before its last part.');
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The order a first visit brings packs in: text packs newest first (packs are cut oldest first, so an update touches
 * the last one), then the media packs. The library lists articles newest first, so each pack that lands adds rows
 * below the ones already shown: nothing on screen moves, and the first screen is readable after the first pack.
 */
export function deliveryOrder<P extends { articles: readonly string[] }>(packs: readonly P[]): P[] {
  const text = packs.filter((p) => p.articles.length > 0);
  return [...text.reverse(), ...packs.filter((p) => p.articles.length === 0)];
}

/** The hex prefix of the SHA-256 a content file's name carries (`content/pack-<hex>.html`), if it has one. */
export function nameHashOf(url: string): string | undefined {
  return /\/?[a-z]+-([0-9a-f]{8,64})\.html$/.exec(url)?.[1];
}
