import { describe, expect, it } from 'vitest';
import { parseStrictJson } from './strict-json';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('parseStrictJson', () => {
  it('reads what JSON.parse reads', () => {
    const samples = [
      '{"a":[1,-2.5e3,0,true,false,null],"b":{"c":"x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"}}',
      ' [ ] ',
      '"سلام"',
      '0.5',
      '{"":1}',
    ];
    for (const s of samples) expect(JSON.stringify(parseStrictJson(s))).toBe(JSON.stringify(JSON.parse(s)));
  });

  it('refuses what JSON.parse refuses', () => {
    for (const s of [
      '',
      '{',
      '[1,]',
      '{"a":1,}',
      '01',
      '1.',
      '.5',
      '+1',
      'NaN',
      "'a'",
      '"\t"',
      '{a:1}',
      '[1] x',
      '"\\x"',
      '"\\u12"',
      'tru',
      '1e400',
    ]) {
      expect(
        code(() => parseStrictJson(s)),
        s,
      ).toBe('malformed');
    }
  });

  it('refuses duplicate keys at any depth', () => {
    expect(code(() => parseStrictJson('{"a":1,"a":2}'))).toBe('malformed');
    expect(code(() => parseStrictJson('[{"x":{"a":1,"b":2,"a":3}}]'))).toBe('malformed');
    expect(code(() => parseStrictJson('{"a":1,"\\u0061":2}'))).toBe('malformed');
  });

  it('refuses __proto__ and leaves prototypes alone', () => {
    expect(code(() => parseStrictJson('{"__proto__":{"polluted":1}}'))).toBe('malformed');
    const o = parseStrictJson('{"constructor":{"prototype":{"polluted":1}},"toString":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(o.toString).toBe(1);
  });

  it('refuses lone surrogates', () => {
    expect(code(() => parseStrictJson('"\\ud800"'))).toBe('malformed');
    expect(code(() => parseStrictJson('"\\udc00\\ud800"'))).toBe('malformed');
    expect(code(() => parseStrictJson('"\ud800"'))).toBe('malformed');
  });

  it('enforces depth, size and array limits', () => {
    expect(code(() => parseStrictJson('['.repeat(40) + ']'.repeat(40), { maxDepth: 32 }))).toBe('limits');
    expect(code(() => parseStrictJson('['.repeat(100_000)))).toBe('limits');
    expect(code(() => parseStrictJson('"aaaa"', { maxLength: 3 }))).toBe('limits');
    expect(code(() => parseStrictJson(`[${'1,'.repeat(10)}1]`, { maxArrayItems: 10 }))).toBe('limits');
    expect(parseStrictJson(`[${'1,'.repeat(9)}1]`, { maxArrayItems: 10 })).toHaveLength(10);
  });

  it('counts objects and lists in all, nested or not, and stops at the limit', () => {
    expect(parseStrictJson(`[${'{},'.repeat(8)}[]]`, { maxContainers: 10 })).toHaveLength(9);
    expect(code(() => parseStrictJson(`[${'{},'.repeat(9)}[]]`, { maxContainers: 10 }))).toBe('limits');
    // Lists of lists within the per-list and depth limits: still counted.
    const rows = `[${'[{},{}],'.repeat(99)}[{},{}]]`;
    expect(parseStrictJson(rows, { maxContainers: 301 })).toHaveLength(100);
    expect(code(() => parseStrictJson(rows, { maxContainers: 300 }))).toBe('limits');
  });
});
