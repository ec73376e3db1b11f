/** The record syntax that bundle writers and the scanner share: tag and attribute grammar, per-kind size limits, and the errors of a damaged file. */
import { MAX_ARTICLE_BYTES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_MEDIA_BYTES } from './constants';
import { BundleError } from './errors';

/** Record kinds this version knows; readers skip records of other kinds. */
export type RecordKind = 'file' | 'manifest' | 'article' | 'media' | 'packs';

/** Most manifests one file may carry. */
export const MAX_MANIFESTS = 256;
/** Largest pack index record. */
export const MAX_PACKS_BYTES = 8 * 1024 * 1024;
/** The file header record must start within this many bytes of the beginning. */
export const HEADER_WINDOW = 4096;

/** Longest record opening tag, from `<` to `>`. */
export const MAX_TAG_BYTES = 1024;
/** Longest tag name of a record. */
export const MAX_TAG_NAME = 16;
/** Longest attribute value of a record tag. */
export const MAX_ATTR_VALUE = 512;
/** The characters a record attribute value may hold. */
export const ATTR_VALUE = /^[A-Za-z0-9%._:+/=_-]*$/;
/** A record attribute name. */
export const ATTR_NAME = /^[a-z][a-z0-9-]{0,31}$/;
/** A tag name that may carry a record. */
export const TAG_NAME = /^[a-z][a-z0-9]{0,15}$/;
/** A record's `data-len`: a decimal byte count. */
export const LEN_ATTR = /^(0|[1-9][0-9]{0,9})$/;

/** The file ends in the middle of its content. */
export function truncated(): BundleError {
  return new BundleError('truncated', 'The file is incomplete: it ends in the middle of its content.');
}

/** The file is damaged, for `reason` (a clause that follows "The file is damaged: "). */
export function malformed(reason: string): BundleError {
  return new BundleError('malformed', `The file is damaged: ${reason}.`, { what: 'file' });
}

/** The largest payload a record of `kind` may declare (media, and articles carried inert: their base64 text). */
export function kindLimit(kind: string, attrs?: Map<string, string>): number {
  switch (kind) {
    case 'file':
      return HEADER_WINDOW;
    case 'manifest':
      return MAX_MANIFEST_BYTES;
    case 'article':
      return attrs?.has('data-enc') ? Math.ceil(MAX_ARTICLE_BYTES / 3) * 4 : MAX_ARTICLE_BYTES;
    case 'media':
      return Math.ceil(MAX_MEDIA_BYTES / 3) * 4;
    case 'packs':
      return MAX_PACKS_BYTES;
    default:
      return MAX_FILE_BYTES;
  }
}

/** The error for a record of `kind` (with tag attributes `attrs`) larger than its limit. */
export function overLimit(kind: string, attrs: Map<string, string>): BundleError {
  const max = kind === 'media' ? MAX_MEDIA_BYTES : kind === 'article' ? MAX_ARTICLE_BYTES : kindLimit(kind);
  const mb = `${Math.round(max / 1024 / 1024)} MB`;
  if (kind === 'article') {
    const id = safeDecodeId(attrs.get('data-id') ?? '');
    return new BundleError('limits', `The article "${id}" is larger than the ${mb} limit.`, { what: 'article', article: id, max });
  }
  return new BundleError('limits', `A ${kind} in this file is larger than the ${mb} limit.`, { what: kind, max });
}

/** An article's `data-id` decoded, or as written when it is not valid percent-encoding. */
export function safeDecodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
