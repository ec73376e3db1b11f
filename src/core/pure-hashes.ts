/** Where @noble/hashes' pure-JS SHA-256 and SHA-512 come from: only runtimes without WebCrypto (a page on plain HTTP) load them. */

/** The two pure hashes the app uses. */
export type PureHashes = Pick<typeof import('@noble/hashes/sha2.js'), 'sha256' | 'sha512'>;

/**
 * Loads the pure hashes: a lazy chunk of their own on the page. The workers' build puts `src/workers/pure-hashes.ts`
 * in this module's place (`src/build/old-engines.ts`), since a classic worker script cannot be split into chunks.
 */
export function loadPureHashes(): Promise<PureHashes> {
  return import('@noble/hashes/sha2.js');
}
