/** The publication's settings (site.config.yml): loading and validation, every field checked with a clear message. */
import { readFileSync } from 'node:fs';
import { directionOf } from '../core/direction';
import { isValidId } from '../core/manifest';
import { MAX_MIRRORS, mirrorUrlProblem, normalizeMirrorUrl } from '../core/mirrors';
import type { Dir, Publisher } from '../core/types';
import { BuildFailure, ContentError, messageOf } from './errors';
import { canonicalLang, langHint } from './lang';
import { decodeUtf8 } from './text-file';
import { isMapping, parseYaml } from './yaml';

/** Validated site settings. */
export interface SiteConfig {
  name: string;
  shortName: string;
  description: string;
  /** Default BCP 47 language of articles and of the app. */
  lang: string;
  dir: Dir;
  colors: { theme: string; background: string };
  publisher: Publisher;
  /** Pinned Ed25519 public keys (base64url). */
  keys: string[];
  /** Keys announced for rotation in every edition this build signs. */
  announceKeys: string[];
  /** Other addresses where the same app is deployed (normal-form base URLs): signed into every edition, allowed by the app's CSP. */
  mirrors: string[];
  /** Slugs of articles the publisher withdrew: signed into every edition as tombstones, so no older file brings them back. */
  withdrawn: string[];
}

const COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Read and validate the site config file; throws a BuildFailure listing every problem. */
export function loadSiteConfig(file: string, shownAs = file): SiteConfig {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new BuildFailure([
      new ContentError(shownAs, 'the site config file is missing: the build needs it for the publication name and publisher.'),
    ]);
  }
  let text: string;
  try {
    text = decodeUtf8(bytes).replace(/^\uFEFF/, '');
  } catch (e) {
    throw new BuildFailure([new ContentError(shownAs, messageOf(e))]);
  }
  return parseSiteConfig(text, shownAs);
}

/** Validate site config YAML text; throws a BuildFailure naming every bad field. */
export function parseSiteConfig(text: string, shownAs: string): SiteConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new BuildFailure([new ContentError(shownAs, `broken YAML: ${messageOf(e)}`)]);
  }
  if (!isMapping(raw))
    throw new BuildFailure([new ContentError(shownAs, 'the file must be a YAML mapping of settings (name: ..., lang: ...).')]);
  const problems: ContentError[] = [];
  const fail = (field: string, reason: string): void => void problems.push(new ContentError(shownAs, `${field} ${reason}`));

  const name = text1(raw.name, 'name', fail, 200, true) ?? '';
  const shortName = text1(raw.shortName, 'shortName', fail, 60, false) ?? name;
  const description = text1(raw.description, 'description', fail, 1000, false) ?? '';

  let lang = 'en';
  if (raw.lang !== undefined) {
    const canonical = typeof raw.lang === 'string' ? canonicalLang(raw.lang) : undefined;
    const hint = langHint(raw.lang);
    if (canonical === undefined)
      fail(
        'lang',
        `must be a BCP 47 language tag such as "fa" or "en"${hint === undefined ? '.' : `, not "${String(raw.lang)}": ${hint}`}`,
      );
    else lang = canonical;
  }

  const colors = { theme: '#0f5c4d', background: '#ffffff' };
  if (raw.colors !== undefined) {
    if (!isMapping(raw.colors)) fail('colors', 'must be a mapping with theme and background.');
    else {
      for (const key of ['theme', 'background'] as const) {
        const v = raw.colors[key];
        if (v === undefined) continue;
        if (typeof v !== 'string' || !COLOR.test(v)) fail(`colors.${key}`, 'must be a hex colour such as "#0f5c4d".');
        else colors[key] = v;
      }
    }
  }

  const publisher: Publisher = { id: '', name };
  let keys: string[] = [];
  let announceKeys: string[] = [];
  if (!isMapping(raw.publisher)) fail('publisher', 'is missing: it needs an id (and may have name and keys).');
  else {
    const p = raw.publisher;
    if (typeof p.id !== 'string' || !isValidId(p.id)) {
      fail('publisher.id', 'must be a short id of letters, digits, "-" or "_" that never changes (e.g. "open-shelf").');
    } else publisher.id = p.id;
    publisher.name = text1(p.name, 'publisher.name', fail, 300, false) ?? name;
    keys = keyList(p.keys, 'publisher.keys', fail);
    announceKeys = keyList(p.announceKeys, 'publisher.announceKeys', fail);
  }

  const mirrors = mirrorList(raw.mirrors, fail);

  const withdrawn: string[] = [];
  if (raw.withdrawn !== undefined && raw.withdrawn !== null) {
    if (!Array.isArray(raw.withdrawn)) fail('withdrawn', 'must be a list of article slugs (the names of their files).');
    else {
      for (const slug of raw.withdrawn) {
        const id = typeof slug === 'string' ? slug.normalize('NFC') : '';
        if (!isValidId(id)) fail('withdrawn', `must hold only article slugs; "${String(slug)}" is not one.`);
        else if (withdrawn.includes(id)) fail('withdrawn', `lists "${id}" twice.`);
        else withdrawn.push(id);
      }
    }
  }

  if (problems.length > 0) throw new BuildFailure(problems);
  return { name, shortName, description, lang, dir: directionOf(lang), colors, publisher, keys, announceKeys, mirrors, withdrawn };
}

function text1(v: unknown, field: string, fail: (f: string, r: string) => void, max: number, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) fail(field, 'is missing.');
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
    fail(field, `must be text of 1 to ${max} characters.`);
    return undefined;
  }
  return v.trim();
}

function keyList(v: unknown, field: string, fail: (f: string, r: string) => void): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    fail(field, 'must be a list of public keys.');
    return [];
  }
  const out: string[] = [];
  for (const k of v) {
    if (typeof k !== 'string' || !PUBLIC_KEY.test(k))
      fail(field, 'must hold only Ed25519 public keys as written by npm run keygen (43 base64url characters).');
    else if (!out.includes(k)) out.push(k);
  }
  return out;
}

function mirrorList(v: unknown, fail: (f: string, r: string) => void): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    fail('mirrors', 'must be a list of base URLs, such as "- https://mirror.example/news/".');
    return [];
  }
  if (v.length > MAX_MIRRORS) fail('mirrors', `lists more than ${MAX_MIRRORS} addresses.`);
  const out: string[] = [];
  for (const [i, item] of v.entries()) {
    if (typeof item !== 'string') {
      fail(`mirrors[${i}]`, 'must be a URL such as "https://mirror.example/news/".');
      continue;
    }
    const url = normalizeMirrorUrl(item);
    const problem = mirrorUrlProblem(url);
    if (problem) fail(`mirrors[${i}] "${item}"`, problem);
    else if (!out.includes(url)) out.push(url);
  }
  return out;
}
