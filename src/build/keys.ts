/** Which Ed25519 key signs this build, and which keys the app pins: the publisher's key, or a marked development key. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fingerprint, generateKeyPair, signManifest } from '../core/signing';
import { BuildFailure, ContentError } from './errors';
import type { SiteConfig } from './site-config';

/** The key pair that signs, where it came from, and what the app will trust. */
export interface SigningSetup {
  publicKey: string;
  privateKey: string;
  /** True when this is the generated development key (never for publishing). */
  dev: boolean;
  /** Keys the app pins: publisher.keys, plus the development key in development. */
  pinned: string[];
  /** Short fingerprint of the signing key, for people to compare. */
  fingerprint: string;
}

/** Where the development key is kept between builds (inside node_modules, so never committed or published). */
export const DEV_KEY_FILE = 'node_modules/.cache/offline-reader/dev.key';
/** Where `npm run keygen` writes the publisher's key. */
export const PUBLISHER_KEY_FILE = '.keys/publisher.key';

const KEY = /^[A-Za-z0-9_-]{43}$/;

/**
 * Find the signing key: OFFLINE_READER_KEY_FILE, else .keys/publisher.key; else, when OFFLINE_READER_DEV_KEY=1, the
 * development key (made once). Throws a BuildFailure with one clear sentence when there is no usable key.
 */
export async function resolveSigningKey(opts: {
  root: string;
  site: SiteConfig;
  siteFile: string;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
}): Promise<SigningSetup> {
  const env = opts.env ?? process.env;
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const configured = env.OFFLINE_READER_KEY_FILE;
  const keyFile = configured ? resolve(opts.root, configured) : join(opts.root, PUBLISHER_KEY_FILE);
  const shown = relative(opts.root, keyFile) || keyFile;

  if (configured && !existsSync(keyFile)) {
    throw failure(shown, 'OFFLINE_READER_KEY_FILE names this key file, but it does not exist.');
  }
  if (existsSync(keyFile)) {
    const pair = readKeyFile(keyFile, shown);
    await checkPair(pair, shown);
    const fp = await fingerprint(pair.publicKey);
    if (!opts.site.keys.includes(pair.publicKey)) {
      throw failure(
        shown,
        `its public key (fingerprint ${fp}) is not in publisher.keys of ${opts.siteFile}: add it there (npm run keygen does this), or use the key that is.`,
      );
    }
    return { ...pair, dev: false, pinned: [...opts.site.keys], fingerprint: fp };
  }
  if (env.OFFLINE_READER_DEV_KEY !== '1') {
    throw new BuildFailure([new ContentError(shown, 'No publisher key: run npm run keygen.')]);
  }
  const pair = await loadDevKey(join(opts.root, DEV_KEY_FILE));
  const fp = await fingerprint(pair.publicKey);
  warn(
    [
      '',
      '  !!! DEVELOPMENT KEY !!!',
      `  No publisher key (${shown}): this build is signed with a development key (${fp}).`,
      '  Apps built this way trust it. Never publish this build: run `npm run keygen`, then `npm run build`.',
      '',
    ].join('\n'),
  );
  const pinned = opts.site.keys.includes(pair.publicKey) ? [...opts.site.keys] : [...opts.site.keys, pair.publicKey];
  return { ...pair, dev: true, pinned, fingerprint: fp };
}

function failure(file: string, reason: string): BuildFailure {
  return new BuildFailure([new ContentError(file, reason)]);
}

function readKeyFile(file: string, shown: string): { publicKey: string; privateKey: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw failure(shown, 'the key file is not readable JSON {"publicKey", "privateKey"}: write it again with npm run keygen.');
  }
  const o = raw as { publicKey?: unknown; privateKey?: unknown } | null;
  if (!o || typeof o.publicKey !== 'string' || typeof o.privateKey !== 'string' || !KEY.test(o.publicKey) || !KEY.test(o.privateKey)) {
    throw failure(
      shown,
      'the key file does not hold an Ed25519 publicKey and privateKey in base64url: write it again with npm run keygen.',
    );
  }
  return { publicKey: o.publicKey, privateKey: o.privateKey };
}

async function checkPair(pair: { publicKey: string; privateKey: string }, shown: string): Promise<void> {
  try {
    await signManifest('{}', pair.privateKey, pair.publicKey);
  } catch {
    throw failure(shown, 'the private key does not belong to the public key in the same file.');
  }
}

async function loadDevKey(file: string): Promise<{ publicKey: string; privateKey: string }> {
  if (existsSync(file)) {
    try {
      const pair = readKeyFile(file, file);
      await checkPair(pair, file);
      return pair;
    } catch {
      // A damaged cache file: make a new development key below.
    }
  }
  const pair = await generateKeyPair();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...pair, note: 'DEVELOPMENT KEY: never publish a build signed with it.' })}\n`, { mode: 0o600 });
  return pair;
}
