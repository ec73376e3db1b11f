/** The keys this app trusts: pinned at build time, plus keys that trusted editions announced (rotation). */
import site from 'virtual:site-config';
import { getAnnouncedKeys } from '../storage/library-store';
import type { TrustedKey } from '../core/verify';

/** The keys pinned at build time, each bound to the site's publisher. */
export function getPinnedKeys(): TrustedKey[] {
  return site.keys.map((publicKey) => ({ publicKey, publisherId: site.publisher.id }));
}

/** Pinned keys (bound to the site's publisher) and announced keys (bound to the publisher that announced them). */
export async function getTrustedKeys(): Promise<TrustedKey[]> {
  const announced = await getAnnouncedKeys().catch(() => []);
  return [...getPinnedKeys(), ...announced];
}
