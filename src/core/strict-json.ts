/** A strict JSON reader for signed and hostile text: duplicate keys, prototype keys, deep nesting and huge arrays are refused. */
import { BundleError } from './errors';

/** Limits for parseStrictJson; each has a safe default. */
export interface StrictJsonLimits {
  /** Largest text in UTF-16 code units. */
  maxLength?: number;
  /** Deepest nesting of arrays and objects. */
  maxDepth?: number;
  /** Most items in any one array (checked while reading, so a huge list fails early). */
  maxArrayItems?: number;
  /**
   * Most objects and arrays in all, checked while reading: each costs far more memory than its two characters of text
   * (a few megabytes of `{},` would take gigabytes), so what is read is bounded by what the data can hold, not its size.
   */
  maxContainers?: number;
  /** Tighter item limits for arrays that are the value of a given key, e.g. { articles: 20000 }. */
  maxItemsByKey?: Record<string, number>;
  /** Names what is being read, for messages ("manifest", "file header"). */
  what?: string;
}

/** A JSON object from parseStrictJson: no prototype, so no key can reach Object.prototype. */
export type JsonObject = { [key: string]: unknown };

const DEFAULTS = { maxLength: 64 * 1024 * 1024, maxDepth: 32, maxArrayItems: 100_000, maxContainers: 200_000 };
const FORBIDDEN_KEY = '__proto__';

/**
 * Parse JSON text strictly: standard grammar only, no duplicate keys at any depth, no `__proto__` key,
 * depth/size/array limits; objects are created with a null prototype. Throws BundleError ('malformed' or 'limits').
 */
export function parseStrictJson(text: string, limits: StrictJsonLimits = {}): unknown {
  const maxLength = limits.maxLength ?? DEFAULTS.maxLength;
  const maxDepth = limits.maxDepth ?? DEFAULTS.maxDepth;
  const maxItems = limits.maxArrayItems ?? DEFAULTS.maxArrayItems;
  const maxContainers = limits.maxContainers ?? DEFAULTS.maxContainers;
  let containers = 0;
  const what = limits.what ?? 'JSON';
  const byKey = new Map(Object.entries(limits.maxItemsByKey ?? {}));
  if (text.length > maxLength) {
    throw new BundleError('limits', `The ${what} is too large.`, { what, max: maxLength });
  }
  let i = 0;
  const n = text.length;

  const fail = (reason: string): never => {
    throw new BundleError('malformed', `The ${what} is broken: ${reason} at character ${i}.`, { what, at: i });
  };
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };

  const parseString = (): string => {
    // Caller has seen the opening quote at text[i].
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        break;
      }
      if (c < 0x20) fail('control character in string');
      if (c >= 0xd800 && c <= 0xdfff) {
        const ok = c <= 0xdbff && i + 1 < n && isLow(text.charCodeAt(i + 1));
        if (!ok) fail('lone surrogate in string');
        i += 2;
        continue;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(start, i);
      i++;
      const e = text.charCodeAt(i);
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          const u = readHex4(i + 1);
          i += 4;
          if (u >= 0xd800 && u <= 0xdbff) {
            // A high surrogate must be followed by an escaped low one; a lone half is not text.
            if (text.charCodeAt(i + 1) !== 0x5c || text.charCodeAt(i + 2) !== 0x75) fail('lone surrogate escape');
            const low = readHex4(i + 3);
            if (!isLow(low)) fail('lone surrogate escape');
            out += String.fromCharCode(u, low);
            i += 6;
          } else if (isLow(u)) {
            fail('lone surrogate escape');
          } else {
            out += String.fromCharCode(u);
          }
          break;
        }
        default:
          fail('bad escape');
      }
      i++;
      start = i;
    }
    return out;
  };
  const readHex4 = (at: number): number => {
    if (at + 4 > n) fail('bad unicode escape');
    let v = 0;
    for (let k = at; k < at + 4; k++) {
      const c = text.charCodeAt(k);
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) fail('bad unicode escape');
      v = v * 16 + d;
    }
    return v;
  };

  const parseNumber = (): number => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++;
    const first = text.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) while (isDigit(text.charCodeAt(i))) i++;
    else fail('bad number');
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) fail('bad number');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) fail('bad number');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (i - start > 40) fail('number too long');
    const v = Number(text.slice(start, i));
    if (!Number.isFinite(v)) fail('number out of range');
    return v;
  };

  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail('unexpected character');
  };

  const parseValue = (depth: number, key?: string): unknown => {
    skipSpace();
    if (i >= n) fail('unexpected end');
    const c = text.charCodeAt(i);
    if (c === 0x7b) return parseObject(depth + 1);
    if (c === 0x5b) return parseArray(depth + 1, Math.min(maxItems, (key !== undefined && byKey.get(key)) || maxItems), key);
    if (c === 0x22) return parseString();
    if (c === 0x74) return literal('true', true);
    if (c === 0x66) return literal('false', false);
    if (c === 0x6e) return literal('null', null);
    return parseNumber();
  };

  const countContainer = (): void => {
    if (++containers > maxContainers)
      throw new BundleError('limits', `The ${what} holds more than ${maxContainers} objects and lists.`, { what, max: maxContainers });
  };

  const parseObject = (depth: number): JsonObject => {
    if (depth > maxDepth) throw new BundleError('limits', `The ${what} is nested too deeply.`, { what, max: maxDepth });
    countContainer();
    i++;
    const obj = Object.create(null) as JsonObject;
    skipSpace();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return obj;
    }
    for (;;) {
      skipSpace();
      if (text.charCodeAt(i) !== 0x22) fail('expected a key');
      const keyAt = i;
      const key = parseString();
      if (key === FORBIDDEN_KEY) {
        throw new BundleError('malformed', `The ${what} contains the forbidden key "__proto__".`, { what, field: key, at: keyAt });
      }
      if (Object.prototype.hasOwnProperty.call(obj, key)) {
        throw new BundleError('malformed', `The ${what} has the key "${clip(key)}" twice in one object.`, {
          what,
          field: clip(key),
          at: keyAt,
        });
      }
      skipSpace();
      if (text.charCodeAt(i) !== 0x3a) fail('expected ":"');
      i++;
      obj[key] = parseValue(depth, key);
      skipSpace();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x7d) {
        i++;
        return obj;
      }
      fail('expected "," or "}"');
    }
  };

  const parseArray = (depth: number, max: number, key?: string): unknown[] => {
    if (depth > maxDepth) throw new BundleError('limits', `The ${what} is nested too deeply.`, { what, max: maxDepth });
    countContainer();
    i++;
    const arr: unknown[] = [];
    skipSpace();
    if (text.charCodeAt(i) === 0x5d) {
      i++;
      return arr;
    }
    for (;;) {
      if (arr.length >= max) {
        const where = key === undefined ? '' : ` in ${clip(key)}`;
        throw new BundleError('limits', `The ${what} lists more than ${max} items${where}.`, { what: key ?? what, max });
      }
      arr.push(parseValue(depth));
      skipSpace();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x5d) {
        i++;
        return arr;
      }
      fail('expected "," or "]"');
    }
  };

  const value = parseValue(0);
  skipSpace();
  if (i !== n) fail('unexpected text after the end');
  return value;
}

/** True for a non-null, non-array object (as parseStrictJson returns for JSON objects). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
