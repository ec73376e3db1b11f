import { describe, expect, it } from 'vitest';
import { mirrorUrlProblem, normalizeMirrorUrl, parseCurrentEdition, writeCurrentEdition } from './mirrors';

describe('mirror URLs', () => {
  it('accepts https base URLs at any origin and sub-path, and plain http only on loopback', () => {
    for (const ok of [
      'https://example.org/',
      'https://a.b.example/deep/path/',
      'http://127.0.0.1:4173/',
      'http://localhost:9/x/',
      'http://[::1]:8080/',
    ])
      expect(mirrorUrlProblem(ok), ok).toBeUndefined();
  });

  it('names what is wrong with anything else', () => {
    const bad: [string, RegExp][] = [
      ['example.org/', /absolute URL/],
      ['http://example.org/', /https:\/\//],
      ['ftp://example.org/', /https:\/\//],
      ['https://user:pw@example.org/', /user name/],
      ['https://example.org/?a=1', /query/],
      ['https://example.org/#x', /fragment/],
      ['https://example.org/news', /end with/],
      ['https://EXAMPLE.org/', /normal form/],
      [`https://example.org/${'a'.repeat(2000)}/`, /longer/],
    ];
    for (const [url, reason] of bad) expect(mirrorUrlProblem(url), url).toMatch(reason);
  });

  it("writes a person's URL in its normal form", () => {
    expect(normalizeMirrorUrl(' https://EXAMPLE.org/news ')).toBe('https://example.org/news/');
    expect(normalizeMirrorUrl('https://example.org')).toBe('https://example.org/');
  });
});

describe('the current-edition pointer', () => {
  it('round-trips, and reads anything else as no pointer', () => {
    const text = writeCurrentEdition({ edition: 7, file: 'content/edition-0123456789ab.html' });
    expect(parseCurrentEdition(text)).toEqual({ edition: 7, file: 'content/edition-0123456789ab.html' });
    for (const bad of [
      '<!doctype html><title>404</title>',
      '',
      'null',
      text.replace('content/', '../'),
      text.replace('content/edition-', 'https://evil.example/content/edition-'),
      text.replace('"edition":7', '"edition":-1'),
      text.replace('offline-reader/current', 'x'),
    ])
      expect(parseCurrentEdition(bad), bad).toBeUndefined();
  });
});
