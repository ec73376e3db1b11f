/** Names and limits that more than one runtime (page, service worker, worker, build) must agree on. */

export const DB_NAME = 'offline-reader';
/** Bundle (reader file / pack) format name and the newest version this code writes and reads. */
export const BUNDLE_FORMAT = 'offline-reader';
export const BUNDLE_VERSION = 2;
/** Domain separation of scheme 1 (files of bundle version 1): a signature over this prefix + the whole manifest's bytes. */
export const SIGNATURE_CONTEXT = 'offline-reader/manifest/v1\n';
/**
 * Domain separation of scheme 2: a signature over this prefix + SHA-256 of the manifest's bytes (66 bytes in all), so no
 * engine has to verify a long message (WebKitGTK's Ed25519 fails from about 64 KB, and crashes a little later).
 */
export const SIGNATURE_CONTEXT_DIGEST = 'offline-reader/manifest-digest/v2\n';
/**
 * Largest file the importer will read at all: room for 10,000 articles with images (about 172 MiB). The file is read
 * a window at a time and never held whole, so what an import keeps in memory is its text and images, not the file.
 */
export const MAX_FILE_BYTES = 192 * 1024 * 1024;
export const MAX_ARTICLES = 20_000;
export const MAX_ARTICLE_BYTES = 8 * 1024 * 1024;
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/**
 * The most bytes fetched and stored as one: a bulk file a first visit downloads (consecutive packs, closed before this
 * size) and a batch of an update's picture packs (a larger pack goes alone).
 */
export const MAX_BULK_BYTES = 8 * 1024 * 1024;
export const MEDIA_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
};
/** Where built-in media is served from, relative to the app; bodies reference `media/<sha256>.<ext>`. */
export const MEDIA_DIR = 'media';
/** The names the page gives the two workers it starts from one script (src/workers/worker.ts): the name picks the job. */
export const WORKER_NAMES = { import: 'import', search: 'search' } as const;
/** Where the workers' pure-hashes script (src/workers/pure-hashes-script.ts) leaves the hashes for the worker that ran it. */
export const PURE_HASHES_GLOBAL = 'offlineReaderPureHashes';
/** Share-target POST path (relative to the SW scope) and the cache that holds a shared file until the page takes it. */
export const SHARE_TARGET_PATH = 'share-target';
export const SHARE_CACHE = 'offline-reader-share';
/** The service worker's cache of content packs (immutable, content-hashed URLs); kept across updates, pruned on activation. */
export const CONTENT_CACHE = 'offline-reader-content-v1';
