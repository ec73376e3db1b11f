/** A classic script of its own (see pure-hashes.ts): @noble/hashes' pure SHA-256 and SHA-512, for a worker without WebCrypto. */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { PURE_HASHES_GLOBAL } from '../core/constants';
import type { PureHashes } from '../core/pure-hashes';

(self as unknown as Record<string, PureHashes>)[PURE_HASHES_GLOBAL] = { sha256, sha512 };
