/**
 * The workers' way to the pure hashes (in place of core/pure-hashes.ts, see there): a classic script of their own, run
 * with importScripts only where there is no WebCrypto, so the worker script every visit downloads does not carry them.
 */
import scriptUrl from './pure-hashes-script?worker&url';
import type { PureHashes } from '../core/pure-hashes';
import { PURE_HASHES_GLOBAL } from '../core/constants';

/** Runs the pure hashes' script once (it throws if the script cannot be fetched) and hands over what it defined. */
export function loadPureHashes(): Promise<PureHashes> {
  const scope = self as unknown as Record<string, PureHashes | undefined>;
  try {
    if (!scope[PURE_HASHES_GLOBAL]) importScripts(scriptUrl);
    const hashes = scope[PURE_HASHES_GLOBAL];
    return hashes ? Promise.resolve(hashes) : Promise.reject(new Error('The pure hashes script defined nothing.'));
  } catch (err) {
    return Promise.reject(err);
  }
}
