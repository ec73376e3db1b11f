/** Verification of a parsed bundle: signatures, trusted keys, publishers, and every article's and media file's hash. */
import { endsCutShort, type ByteSource, type ReadOptions } from './bundle-read';
import { truncated } from './bundle-syntax';
import { BundleError, isBundleError } from './errors';
import { parseManifest } from './manifest';
import { hashParsed, readHashed, type HashedArticle, type HashedBundle, type HashedMedia } from './record-hashes';
import { fingerprint, verifySignature } from './signing';
import type { ArticleMeta, BundleMedia, LibraryArticle, Manifest, MediaMeta, ParsedBundle, SignedManifest, Trust } from './types';

/** A public key the app trusts; publisherId (when given) is the only publisher it may sign for. */
export interface TrustedKey {
  publicKey: string;
  publisherId?: string;
}

/** One verified edition: its parsed manifest, the signed text it came from, and whether its key is trusted. */
export interface VerifiedEdition {
  manifest: Manifest;
  signed: SignedManifest;
  trust: Trust;
}

/** Everything a file holds, after every check passed. */
export interface VerifiedBundle {
  editions: VerifiedEdition[];
  articles: LibraryArticle[];
  media: BundleMedia[];
  /** Keys that trusted manifests announce for rotation (the caller stores them as trusted). */
  announcedKeys: { publicKey: string; publisherId: string }[];
}

/**
 * Check a parsed file: every manifest's signature, its key (trusted, or accepted as 'unverified' when allowed), its
 * publisher, then every article and media record against its manifest. Any failure rejects the whole file (BundleError).
 */
export async function verifyBundle(
  parsed: ParsedBundle,
  trust: { keys: TrustedKey[] },
  opts: { allowUnverified?: boolean } = {},
): Promise<VerifiedBundle> {
  return verifyHashed(await hashParsed(parsed), trust, opts);
}

/**
 * A manifest's checks, started as soon as its record is read: the signature (a digest and WebCrypto, off this thread)
 * and then, only once that signature is valid and its key is one the app trusts, the parse. A manifest whose signature
 * fails is never parsed, nor is one signed by a stranger unless the person chose to import it unverified (verifyHashed
 * parses it then), so a forged file of huge manifests costs a hash, not a parse. Outcomes are acted on in verifyHashed's
 * order: a forged file still reads as 'bad-signature'.
 */
interface ManifestCheck {
  signature: Promise<{ valid: boolean } | { error: unknown }>;
  /** The parse started early (trusted key, valid signature), if it was. */
  parsed?: Promise<Parsed | undefined>;
}

type Parsed = { manifest: Manifest } | { error: unknown };

function parseChecked(text: string): Parsed {
  try {
    return { manifest: parseManifest(text) };
  } catch (error) {
    return { error };
  }
}

function startManifestCheck(sm: SignedManifest, trusted?: Promise<Set<string>>): ManifestCheck {
  const signature = verifySignature(sm).then(
    (valid) => ({ valid }),
    (error: unknown) => ({ error }),
  );
  const parsed = trusted
    ? Promise.all([signature, trusted]).then(([sig, keys]) =>
        'valid' in sig && sig.valid && keys.has(sm.publicKey) ? parseChecked(sm.text) : undefined,
      )
    : undefined;
  return { signature, parsed };
}

/**
 * Reads a person's file (readHashed: a large one window by window) and verifies it (verifyHashed). Each manifest's
 * checks start while the rest of the file is still being read; `keys` may still be loading meanwhile. Nothing is
 * written here.
 */
export async function readVerified(
  source: ByteSource,
  keys: TrustedKey[] | Promise<TrustedKey[]>,
  opts: ReadOptions & { allowUnverified?: boolean } = {},
): Promise<VerifiedBundle> {
  const early = new Map<SignedManifest, ManifestCheck>();
  const known = Promise.resolve(keys).then(
    (list) => new Set(list.map((k) => k.publicKey)),
    () => new Set<string>(),
  );
  // A manifest whose signature fails ends the reading at the next record: a forged file is refused without reading the rest.
  let forged: BundleError | undefined;
  const file = await readHashed(source, {
    ...opts,
    onManifest: (sm) => {
      const index = early.size;
      const check = startManifestCheck(sm, known);
      early.set(sm, check);
      void check.signature.then((s) => {
        if ('valid' in s && !s.valid) forged ??= badSignature(index);
      });
    },
    stopWith: () => forged,
  });
  // A reader file cut short between two records has no record cut in two: it reads as unsigned (cut before its manifests)
  // or as short of pictures (cut before one), and is refused as incomplete, never imported in part.
  const verified = await verifyHashed(file, { keys: await keys }, { allowUnverified: opts.allowUnverified }, early).catch(
    async (err: unknown) => {
      throw isBundleError(err) && err.code === 'unsigned' && (await endsCutShort(source)) ? truncated() : err;
    },
  );
  if (lacksPictures(verified) && (await endsCutShort(source))) throw truncated();
  return verified;
}

/** True if an article of the file uses a picture the file does not carry (a data saver's file may leave them out, and says so). */
function lacksPictures({ articles, media }: VerifiedBundle): boolean {
  const carried = new Set(media.map((m) => m.sha256));
  return articles.some((a) => a.meta.media.some((sha) => !carried.has(sha)));
}

/** verifyBundle for a file whose records are already hashed (readHashed hashes them while it reads the file). */
export async function verifyHashed(
  file: HashedBundle,
  trust: { keys: TrustedKey[] },
  opts: { allowUnverified?: boolean } = {},
  early?: Map<SignedManifest, ManifestCheck>,
): Promise<VerifiedBundle> {
  if (file.manifests.length === 0) {
    throw new BundleError('unsigned', 'This file is not signed by any publisher.');
  }
  // Every signature first: none of the manifests is parsed before all of them are known to be intact.
  const checks = file.manifests.map((sm) => early?.get(sm) ?? startManifestCheck(sm));
  for (const [i, check] of checks.entries()) {
    const signature = await check.signature;
    if ('error' in signature) throw signature.error;
    if (!signature.valid) throw badSignature(i);
  }
  const parsed = new Map<number, Manifest>();
  const manifestAt = async (i: number): Promise<Manifest> => {
    const done = parsed.get(i);
    if (done) return done;
    const result = (await checks[i]!.parsed) ?? parseChecked(file.manifests[i]!.text);
    if ('error' in result) throw result.error;
    parsed.set(i, result.manifest);
    return result.manifest;
  };
  const trusts = await resolveTrust(file.manifests, manifestAt, trust.keys, opts.allowUnverified === true);
  const manifests: Manifest[] = [];
  for (const i of file.manifests.keys()) manifests.push(await manifestAt(i));
  const editions = manifests.map((manifest, i): VerifiedEdition => ({ manifest, signed: file.manifests[i]!, trust: trusts[i]! }));

  const articles = checkArticles(file.articles, editions);
  const media = checkMedia(file.media, editions);

  const announcedKeys: VerifiedBundle['announcedKeys'] = [];
  for (const e of editions) {
    if (e.trust !== 'verified') continue;
    for (const publicKey of e.manifest.announceKeys ?? []) announcedKeys.push({ publicKey, publisherId: e.manifest.publisher.id });
  }
  return { editions, articles, media, announcedKeys };
}

function badSignature(manifest: number): BundleError {
  return new BundleError('bad-signature', 'The publisher signature in this file is not valid: the file was altered or forged.', {
    manifest,
  });
}

/**
 * Check a pack (articles and media with no manifest of their own) against an edition verified earlier, as the app's
 * built-in sync does. Every article record must be listed in that manifest with the same hash. Media an article uses may
 * live in another pack, so absence is not an error here.
 */
export async function verifyPack(parsed: ParsedBundle, edition: VerifiedEdition): Promise<VerifiedBundle> {
  if (parsed.manifests.length > 0) throw new BundleError('not-listed', 'This pack carries a manifest of its own.', { what: 'pack' });
  for (const a of parsed.articles) {
    if (a.manifest !== 0)
      throw new BundleError('not-listed', `The article "${a.id}" is not listed in the edition's manifest.`, { article: a.id });
  }
  const hashed = await hashParsed(parsed);
  const articles = checkArticles(hashed.articles, [edition]);
  const media = checkMedia(hashed.media, [edition]);
  return { editions: [edition], articles, media, announcedKeys: [] };
}

/**
 * Which manifests are signed by a trusted key. Keys announced by a trusted manifest become trusted for its publisher,
 * so a file may carry the rotation record together with editions signed by the new key. A manifest is parsed here only
 * once its key is trusted; one signed by a stranger is refused unparsed, unless unverified imports are allowed.
 */
async function resolveTrust(
  signed: SignedManifest[],
  manifestAt: (i: number) => Promise<Manifest>,
  pinned: TrustedKey[],
  allowUnverified: boolean,
): Promise<Trust[]> {
  const keys = new Map<string, Set<string> | 'any'>();
  const add = (publicKey: string, publisherId: string | undefined): void => {
    const current = keys.get(publicKey);
    if (current === 'any') return;
    if (publisherId === undefined) keys.set(publicKey, 'any');
    else keys.set(publicKey, new Set([...(current ?? []), publisherId]));
  };
  for (const k of pinned) add(k.publicKey, k.publisherId);

  const trusted = signed.map(() => false);
  for (let changed = true; changed;) {
    changed = false;
    for (const [i, sm] of signed.entries()) {
      if (trusted[i]) continue;
      const allowed = keys.get(sm.publicKey);
      if (allowed === undefined) continue;
      const m = await manifestAt(i);
      if (allowed !== 'any' && !allowed.has(m.publisher.id)) {
        throw new BundleError('publisher-mismatch', `This file is signed with the key of another publisher than "${m.publisher.name}".`, {
          publisher: m.publisher.id,
          expected: [...allowed].join(', '),
        });
      }
      trusted[i] = true;
      changed = true;
      for (const k of m.announceKeys ?? []) add(k, m.publisher.id);
    }
  }
  const result: Trust[] = [];
  for (const [i, ok] of trusted.entries()) {
    if (ok) result.push('verified');
    else if (allowUnverified) result.push('unverified');
    else {
      const fp = await fingerprint(signed[i]!.publicKey);
      throw new BundleError('unknown-key', `This file is signed by a key this app does not know (${fp}).`, { fingerprint: fp });
    }
  }
  return result;
}

function checkArticles(records: HashedArticle[], editions: VerifiedEdition[]): LibraryArticle[] {
  const lookups = editions.map((e) => new Map<string, ArticleMeta>(e.manifest.articles.map((a) => [a.id, a])));
  const jobs = records.map((a) => {
    const meta = lookups[a.manifest]?.get(a.id);
    if (!meta) throw new BundleError('not-listed', `The article "${a.id}" is not listed in its manifest.`, { article: a.id });
    if (meta.size !== a.size) throw mismatch(a.id);
    return { a, meta, edition: editions[a.manifest]! };
  });
  return jobs.map(({ a, meta, edition }) => {
    if (a.sha256 !== meta.sha256) throw mismatch(a.id);
    const copy: LibraryArticle = {
      publisherId: edition.manifest.publisher.id,
      meta,
      body: a.bytes,
      edition: edition.manifest.edition,
      trust: edition.trust,
    };
    if (edition.trust === 'unverified') copy.signer = edition.signed.publicKey;
    return copy;
  });
}

function mismatch(id: string): BundleError {
  return new BundleError('hash-mismatch', `The article "${id}" was changed after it was signed.`, { article: id });
}

/**
 * Each media record against the listings of it: a verified manifest's, when one lists the hash (a stranger's manifest
 * that gives a genuine picture another type or size cannot make the file carry it so), else any manifest's.
 */
function checkMedia(media: HashedMedia[], editions: VerifiedEdition[]): BundleMedia[] {
  const listed = new Map<string, { trust: Trust; items: MediaMeta[] }>();
  for (const { manifest, trust } of editions) {
    for (const item of manifest.media) {
      const found = listed.get(item.sha256);
      if (!found || (found.trust !== 'verified' && trust === 'verified')) listed.set(item.sha256, { trust, items: [item] });
      else if (found.trust === trust) found.items.push(item);
    }
  }
  for (const m of media) {
    const found = listed.get(m.sha256);
    if (!found) throw new BundleError('not-listed', 'The file carries an image its manifest does not list.', { media: m.sha256 });
    if (m.digest !== m.sha256 || !found.items.some((meta) => meta.size === m.bytes.length && meta.type === m.type)) {
      throw new BundleError('hash-mismatch', 'An image in this file was changed after it was signed.', { media: m.sha256 });
    }
  }
  return media.map((m) => ({ sha256: m.sha256, type: m.type, bytes: m.bytes }));
}
