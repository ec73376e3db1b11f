/** Brings the built-in library (the deployed edition's packs) into IndexedDB, through the service worker's cache. */
import { storePackInWorker, verifyEditionInWorker } from './import-client';
import { getTrustedKeys } from './trusted-keys';
import { onPrecacheProgress, whenControlled } from './pwa';
import { requestPersistence } from './storage-info';
import { getAllArticles, getStoredMediaHashes, getSyncedEdition, setSyncedEdition } from '../storage/library-store';
import { getLibraryEdition, recordLibraryEdition, recordMirrors } from '../storage/update-store';
import { CONTENT_CACHE, STORED_MARKER_HEADER } from '../core/constants';
import type { VerifiedEdition } from '../core/verify';
import type { PackIndex } from '../core/types';

/** The deployed edition file, named in index.html by the build. */
function editionUrl(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="or-edition"]')?.content || undefined;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** Resolves at the service worker's next sign of progress (a file cached, or it took control), or after `ms`. */
function nextProgress(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      navigator.serviceWorker.removeEventListener('controllerchange', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = onPrecacheProgress(done);
    navigator.serviceWorker.addEventListener('controllerchange', done);
  });
}

/**
 * A content file, downloaded once: through the controlling service worker, or, while the first install is still
 * downloading, straight from its cache as each file lands there. So on a short or slow connection every pack that
 * arrived is stored and readable, even if the install has to finish on a later visit.
 */
async function readContent(url: string): Promise<ArrayBuffer> {
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  for (;;) {
    if (!sw || sw.controller) return fetchBytes(url);
    const cached = await caches.match(url).catch(() => undefined);
    if (cached && !cached.headers.has(STORED_MARKER_HEADER)) return cached.arrayBuffer();
    const registration = await sw.getRegistration().catch(() => undefined);
    // No worker is coming (unsupported, failed, or never registered): take the network.
    if (!registration?.installing && !registration?.waiting && !registration?.active) return fetchBytes(url);
    await nextProgress(5_000);
  }
}

/** The pack is in IndexedDB now: the worker's copy becomes an empty marker, so the library is kept on the device once. */
async function markStored(url: string): Promise<void> {
  if (!('caches' in self)) return;
  const cache = await caches.open(CONTENT_CACHE);
  if (!(await cache.match(url))) return;
  await cache.put(url, new Response(null, { headers: { [STORED_MARKER_HEADER]: '1' } }));
}

/** Stores whatever the deployed edition has that the library lacks; `ready` when everything is offline. */
export async function syncBuiltInLibrary({
  onProgress,
}: {
  onProgress?: (done: number, total: number) => void;
}): Promise<{ ready: boolean }> {
  const url = editionUrl();
  if (!url) return { ready: false };
  // Already stored whole (the file name carries its hash): no need to verify and plan it again at every start.
  // (Read again once when the library's edition was never recorded, so that update checks know what it holds.)
  if ((await getSyncedEdition().catch(() => undefined)) === url && (await getLibraryEdition().catch(() => undefined)))
    return { ready: await isReady() };
  // The edition file is small and content-hashed: the service worker's own download of it can come from the HTTP cache.
  const { edition, packs } = await verifyEditionInWorker(await fetchBytes(url), await getTrustedKeys());
  const needed = await packsToFetch(edition, packs);
  let done = 0;
  for (const pack of needed) {
    const url = new URL(pack.url, document.baseURI).href;
    await storePackInWorker(await readContent(url), edition);
    await markStored(url).catch(() => undefined);
    onProgress?.(++done, needed.length);
  }
  if (needed.length) void requestPersistence();
  await setSyncedEdition(url).catch(() => undefined);
  const { publisher, edition: number, created, mirrors } = edition.manifest;
  await recordLibraryEdition({ publisherId: publisher.id, edition: number, created }).catch(() => undefined);
  await recordMirrors([{ publisherId: publisher.id, edition: number, mirrors }]).catch(() => undefined);
  return { ready: await isReady() };
}

/** The packs of a verified edition that hold something the library lacks (an article it has no copy of that wins, or an image). */
export async function packsToFetch(edition: VerifiedEdition, packs: PackIndex): Promise<PackIndex['packs']> {
  const publisherId = edition.manifest.publisher.id;
  const rows = await getAllArticles();
  const have = new Map(rows.filter((r) => r.publisherId === publisherId).map((r) => [r.id, r]));
  const listed = new Map(edition.manifest.articles.map((a) => [a.id, a]));
  const storedMedia = await getStoredMediaHashes(edition.manifest.media.map((m) => m.sha256));
  return packs.packs.filter(
    (p) =>
      p.articles.some((id) => {
        const row = have.get(id);
        const meta = listed.get(id);
        // A row that is as new or newer counts as present (an import may have brought a newer edition first).
        return (
          !row ||
          (row.meta.sha256 !== meta?.sha256 &&
            (row.meta.version < (meta?.version ?? 0) || (row.meta.version === meta?.version && row.edition < edition.manifest.edition)))
        );
      }) || p.media.some((sha) => !storedMedia.has(sha)),
  );
}

/** Everything is offline once a service worker controls the page (or never will: no service workers here). */
async function isReady(): Promise<boolean> {
  return (await whenControlled(120_000)) || !('serviceWorker' in navigator);
}
