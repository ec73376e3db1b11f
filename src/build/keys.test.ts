import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../core/signing';
import { makeRoot } from './__fixtures__/library';
import { DEV_KEY_FILE, PUBLISHER_KEY_FILE, resolveSigningKey } from './keys';
import { parseSiteConfig, type SiteConfig } from './site-config';

function site(keys: string[] = []): SiteConfig {
  return parseSiteConfig(`name: T\npublisher:\n  id: t\n  keys: ${JSON.stringify(keys)}\n`, 'site.config.yml');
}

const quiet = { warn: () => {} };

describe('resolveSigningKey', () => {
  it('fails a production build without a key, naming the fix', async () => {
    const { root } = makeRoot();
    await expect(resolveSigningKey({ root, site: site(), siteFile: 'site.config.yml', env: {}, ...quiet })).rejects.toThrow(
      '.keys/publisher.key: No publisher key: run npm run keygen.',
    );
  });

  it('makes a development key once, warns loudly, and pins it', async () => {
    const { root } = makeRoot();
    const warnings: string[] = [];
    const env = { OFFLINE_READER_DEV_KEY: '1' };
    const a = await resolveSigningKey({ root, site: site(), siteFile: 'site.config.yml', env, warn: (w) => warnings.push(w) });
    const b = await resolveSigningKey({ root, site: site(), siteFile: 'site.config.yml', env, ...quiet });
    expect(a.dev).toBe(true);
    expect(b.publicKey).toBe(a.publicKey);
    expect(a.pinned).toEqual([a.publicKey]);
    expect(warnings.join('\n')).toMatch(/DEVELOPMENT KEY[\s\S]*Never publish/);
    expect(statSync(join(root, DEV_KEY_FILE)).mode & 0o077).toBe(0);
  });

  it("uses the publisher's key file when its key is pinned, and refuses it when not", async () => {
    const { root } = makeRoot();
    const pair = await generateKeyPair();
    mkdirSync(join(root, '.keys'));
    writeFileSync(join(root, PUBLISHER_KEY_FILE), JSON.stringify(pair));
    const ok = await resolveSigningKey({ root, site: site([pair.publicKey]), siteFile: 'site.config.yml', env: {}, ...quiet });
    expect(ok).toMatchObject({ publicKey: pair.publicKey, dev: false, pinned: [pair.publicKey] });
    expect(ok.fingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){4}$/);
    await expect(
      resolveSigningKey({ root, site: site(), siteFile: 'site.config.yml', env: { OFFLINE_READER_DEV_KEY: '1' }, ...quiet }),
    ).rejects.toThrow(/\.keys\/publisher\.key: its public key \(fingerprint .*\) is not in publisher\.keys of site\.config\.yml/);
    expect(existsSync(join(root, DEV_KEY_FILE))).toBe(false);
  });

  it('honours OFFLINE_READER_KEY_FILE and checks the file', async () => {
    const { root } = makeRoot();
    const pair = await generateKeyPair();
    const other = await generateKeyPair();
    writeFileSync(join(root, 'good.key'), JSON.stringify(pair));
    writeFileSync(join(root, 'mixed.key'), JSON.stringify({ publicKey: pair.publicKey, privateKey: other.privateKey }));
    writeFileSync(join(root, 'junk.key'), 'not json');
    const call = (file: string) =>
      resolveSigningKey({
        root,
        site: site([pair.publicKey]),
        siteFile: 'site.config.yml',
        env: { OFFLINE_READER_KEY_FILE: file },
        ...quiet,
      });
    expect((await call('good.key')).publicKey).toBe(pair.publicKey);
    await expect(call('mixed.key')).rejects.toThrow('mixed.key: the private key does not belong to the public key in the same file.');
    await expect(call('junk.key')).rejects.toThrow(/junk\.key: the key file is not readable JSON/);
    await expect(call('missing.key')).rejects.toThrow('missing.key: OFFLINE_READER_KEY_FILE names this key file, but it does not exist.');
    expect(readFileSync(join(root, 'good.key'), 'utf8')).toContain(pair.publicKey);
  });
});
