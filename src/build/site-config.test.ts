import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildFailure } from './errors';
import { loadSiteConfig, parseSiteConfig } from './site-config';

const KEY = 'rb5LgmyqS2WskVjWrDDnP0EZUZDLkiaksi-ruXO4Ccc';

function problems(text: string): string[] {
  try {
    parseSiteConfig(text, 'site.config.yml');
  } catch (e) {
    if (e instanceof BuildFailure) return e.problems.map((p) => p.message);
    throw e;
  }
  return [];
}

describe('site config', () => {
  it("reads the project's own site.config.yml", () => {
    const site = loadSiteConfig(join(__dirname, '../../site.config.yml'));
    expect(site.lang).toBe('fa');
    expect(site.dir).toBe('rtl');
    expect(site.publisher.id).toBe('open-shelf');
    expect(readFileSync(join(__dirname, '../../site.config.yml'), 'utf8')).toContain(site.name);
  });

  it('fills defaults from the name', () => {
    const site = parseSiteConfig(`name: Shelf\npublisher:\n  id: shelf\n  keys: ["${KEY}", "${KEY}"]\n`, 'site.config.yml');
    expect(site).toMatchObject({
      name: 'Shelf',
      shortName: 'Shelf',
      description: '',
      lang: 'en',
      dir: 'ltr',
      publisher: { id: 'shelf', name: 'Shelf' },
    });
    expect(site.keys).toEqual([KEY]);
  });

  it('names the file and every bad field', () => {
    expect(problems('shortName: 3\nlang: "x y"\ncolors:\n  theme: red\npublisher:\n  id: "bad id"\n  keys: [abc]\n')).toEqual([
      'site.config.yml: name is missing.',
      'site.config.yml: shortName must be text of 1 to 60 characters.',
      'site.config.yml: lang must be a BCP 47 language tag such as "fa" or "en".',
      'site.config.yml: colors.theme must be a hex colour such as "#0f5c4d".',
      'site.config.yml: publisher.id must be a short id of letters, digits, "-" or "_" that never changes (e.g. "open-shelf").',
      'site.config.yml: publisher.keys must hold only Ed25519 public keys as written by npm run keygen (43 base64url characters).',
    ]);
  });

  it('reads mirrors in their normal form, once each, and names a malformed one with the reason', () => {
    const head = 'name: A\npublisher:\n  id: a\n';
    const site = parseSiteConfig(
      `${head}mirrors:\n  - https://Mirror.example/news\n  - https://mirror.example/news/\n  - http://127.0.0.1:8080/\n`,
      'x',
    );
    expect(site.mirrors).toEqual(['https://mirror.example/news/', 'http://127.0.0.1:8080/']);
    expect(parseSiteConfig(head, 'x').mirrors).toEqual([]);
    expect(problems(`${head}mirrors:\n  - http://mirror.example/\n  - mirror.example\n  - https://m.example/?a\n  - 5\n`)).toEqual([
      'site.config.yml: mirrors[0] "http://mirror.example/" must start with https:// (plain http:// is allowed only for 127.0.0.1 or localhost, in tests).',
      'site.config.yml: mirrors[1] "mirror.example" is not an absolute URL (it must start with https://).',
      'site.config.yml: mirrors[2] "https://m.example/?a" must not have a query (?...).',
      'site.config.yml: mirrors[3] must be a URL such as "https://mirror.example/news/".',
    ]);
    expect(problems(`${head}mirrors: https://m.example/\n`)).toEqual([
      'site.config.yml: mirrors must be a list of base URLs, such as "- https://mirror.example/news/".',
    ]);
  });

  it('refuses broken YAML, duplicate keys, a missing publisher and a missing file', () => {
    expect(problems('name: A\nname: B\n')).toEqual(['site.config.yml: broken YAML: Map keys must be unique (line 2).']);
    expect(problems('name: A\n')).toEqual(['site.config.yml: publisher is missing: it needs an id (and may have name and keys).']);
    expect(problems('- a')).toEqual(['site.config.yml: the file must be a YAML mapping of settings (name: ..., lang: ...).']);
    expect(() => loadSiteConfig('/nonexistent/site.config.yml', 'site.config.yml')).toThrow(
      /site\.config\.yml: the site config file is missing/,
    );
  });
});
