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

  it('refuses broken YAML, duplicate keys, a missing publisher and a missing file', () => {
    expect(problems('name: A\nname: B\n')).toEqual(['site.config.yml: broken YAML: Map keys must be unique (line 2).']);
    expect(problems('name: A\n')).toEqual(['site.config.yml: publisher is missing: it needs an id (and may have name and keys).']);
    expect(problems('- a')).toEqual(['site.config.yml: the file must be a YAML mapping of settings (name: ..., lang: ...).']);
    expect(() => loadSiteConfig('/nonexistent/site.config.yml', 'site.config.yml')).toThrow(
      /site\.config\.yml: the site config file is missing/,
    );
  });
});
