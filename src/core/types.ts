/** Domain types shared by every runtime: articles, editions (signed manifests), bundles, import reports. */

/** Text direction of an article or of the interface. */
export type Dir = 'ltr' | 'rtl';

/** Whether an article's manifest signature was checked against a trusted key. */
export type Trust = 'verified' | 'unverified';

/** Metadata of one article as listed (and signed) in an edition manifest. */
export interface ArticleMeta {
  /** Slug: unique within a publisher. 1-200 chars of letters, digits, '-', '_' (any script). */
  id: string;
  /** Grows when the article changes: seconds since epoch of front matter `updated` (or `date`). */
  version: number;
  title: string;
  /** ISO 8601 date or date-time string (YYYY-MM-DD or full). */
  date: string;
  /** BCP 47 language tag. */
  lang: string;
  dir: Dir;
  summary?: string;
  author?: string;
  tags: string[];
  /** Byte length of the UTF-8 body HTML. */
  size: number;
  /** Lowercase hex SHA-256 of the UTF-8 body HTML bytes. */
  sha256: string;
  /** SHA-256 (hex) of every media file the body references, in first-use order. */
  media: string[];
}

/** One media file (image) listed in a manifest. */
export interface MediaMeta {
  sha256: string;
  /** MIME type, one of MEDIA_TYPES. */
  type: string;
  size: number;
  width?: number;
  height?: number;
}

/** The publisher's identity inside a manifest. `id` is stable across key rotation. */
export interface Publisher {
  id: string;
  name: string;
}

/** The edition manifest: the exact bytes of its JSON are what the publisher signs. */
export interface Manifest {
  format: 'offline-reader/manifest';
  /** Manifest schema version. */
  v: 1;
  publisher: Publisher;
  /** Grows with every build (seconds since epoch unless configured). */
  edition: number;
  /** ISO date-time of the build. */
  created: string;
  articles: ArticleMeta[];
  media: MediaMeta[];
  /** Key rotation: base64url Ed25519 public keys that the signing key vouches for from this edition on. */
  announceKeys?: string[];
  /** Other addresses (absolute base URLs, each ending in '/') where this publisher deploys the same app and editions. */
  mirrors?: string[];
  /** Articles the publisher took down: no copy from an edition up to the tombstone's may come back. */
  withdrawn?: Tombstone[];
}

/** A withdrawn article: its id, and the edition that withdrew it (at most the manifest's own). */
export interface Tombstone {
  id: string;
  edition: number;
}

/** A manifest with its signature, as carried by bundles and kept in storage. */
export interface SignedManifest {
  /** The exact manifest JSON text that was signed (contains no '<'). */
  text: string;
  /** base64url Ed25519 public key of the signer (32 bytes). */
  publicKey: string;
  /**
   * base64url Ed25519 signature (64 bytes): scheme 2 over SIGNATURE_CONTEXT_DIGEST + SHA-256(UTF-8(text)); scheme 1
   * (absent: files of bundle version 1) over SIGNATURE_CONTEXT + UTF-8(text).
   */
  signature: string;
  /** The signature scheme: 2 for everything written now; absent means 1. */
  scheme?: SignatureScheme;
}

/** How a manifest signature was made: 1 over the whole text (bundle version 1), 2 over its SHA-256 digest. */
export type SignatureScheme = 1 | 2;

/** An article body as found in a bundle, before or after verification. */
export interface BundleArticle {
  /** Index into the bundle's manifests. */
  manifest: number;
  id: string;
  /** Exact UTF-8 bytes of the body HTML (what sha256 covers); a parsed file's are checked to be UTF-8. */
  bytes: Uint8Array;
}

/** A media file as found in a bundle (decoded bytes). */
export interface BundleMedia {
  sha256: string;
  type: string;
  bytes: Uint8Array;
}

/** How an app-served edition is split into pack files (not signed: packaging only). */
export interface PackIndex {
  packs: { url: string; articles: string[]; media: string[]; bytes: number }[];
}

/** The parsed, not yet verified, content of a reader file, pack or edition file. */
export interface ParsedBundle {
  /** Format version the file declared. */
  version: number;
  manifests: SignedManifest[];
  articles: BundleArticle[];
  media: BundleMedia[];
  packs?: PackIndex;
}

/** An article ready for the library: verified (or explicitly accepted) metadata plus body. */
export interface LibraryArticle {
  publisherId: string;
  meta: ArticleMeta;
  /** Body HTML as UTF-8 bytes, exactly as signed (sanitised at build time; sanitised again before rendering). */
  body: Uint8Array;
  edition: number;
  trust: Trust;
  /** The public key that signed an unverified copy (a verified copy's key is one the app trusts, so none is kept). */
  signer?: string;
}

/** What an import did, for the person who started it. */
export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Articles skipped because the library already holds a newer version. */
  older: number;
  /** Unverified articles not taken because the library holds a verified copy (never replaced by an unverified one). */
  skipped: number;
  /**
   * Unverified articles not taken because the library's unverified copies were signed by another key (a second stranger
   * claiming the same publisher never replaces the first one's copies).
   */
  otherKey: number;
  /** Articles the publisher withdrew: removed from the library, or refused when the file brought them back. */
  withdrawn: number;
  /** Media files the file carried. */
  media: number;
  /**
   * Pictures of the articles taken that neither the file carried nor the device holds: a file made on a device in
   * data-saver mode carries only the pictures that device had (the text is complete; each shows as missing). Their
   * hashes, so that a batch of files made on the same device counts each picture once.
   */
  picturesMissing?: string[];
  /** Name of the (first) publisher. */
  publisher: string;
  /** Newest edition number among the file's editions. */
  edition: number;
  /** 'unverified' if any edition in the file is unverified. */
  trust: Trust;
  /** Every edition the file carried, one entry per manifest. */
  publishers: { id: string; name: string; edition: number; trust: Trust }[];
}
