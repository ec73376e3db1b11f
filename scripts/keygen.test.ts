import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fingerprint, signManifest, verifySignature } from '../src/core/signing';
// @ts-expect-error: a plain .mjs script without type declarations.
import { addKeyToConfig, fingerprintOf, keygen } from './keygen.mjs';

const CONFIG = `# Settings
name: "X"  # the name
publisher:
  id: x
  # Pinned keys.
  keys: []
  # Rotation.
  announceKeys: []
`;

describe('keygen', () => {
  it('writes an owner-only key file the core can sign with, and pins the key keeping comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keygen-'));
    const keyFile = join(dir, '.keys', 'publisher.key');
    const configFile = join(dir, 'site.config.yml');
    writeFileSync(configFile, CONFIG);
    const out = keygen({ keyFile, configFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pair = JSON.parse(readFileSync(keyFile, 'utf8'));
    expect(pair.publicKey).toBe(out.publicKey);
    expect(await verifySignature(await signManifest('{}', pair.privateKey, pair.publicKey))).toBe(true);
    expect(out.fingerprint).toBe(await fingerprint(pair.publicKey));
    const text = readFileSync(configFile, 'utf8');
    expect(text).toContain('# Pinned keys.');
    expect(text).toContain('name: "X"  # the name');
    expect(parse(text).publisher.keys).toEqual([pair.publicKey]);
    expect(() => keygen({ keyFile, configFile })).toThrow(/already exists/);
    const again = keygen({ keyFile, configFile, force: true });
    expect(parse(readFileSync(configFile, 'utf8')).publisher.keys).toEqual([pair.publicKey, again.publicKey]);
  });

  it('adds a key once, to a block list or a missing one', () => {
    const once = addKeyToConfig(CONFIG, 'k1');
    expect(addKeyToConfig(once, 'k1')).toBe(once);
    expect(once).toBe(CONFIG.replace('  keys: []', '  keys:\n    - k1'));
    expect(addKeyToConfig(once, 'k2')).toBe(CONFIG.replace('  keys: []', '  keys:\n    - k1\n    - k2'));
    expect(addKeyToConfig(CONFIG.replace('[]', '[k0]  # one'), 'k1')).toBe(
      CONFIG.replace('  keys: []', '  keys:\n    - k0\n    - k1  # one'),
    );
    expect(parse(addKeyToConfig('publisher:\n  id: x\n', 'k1')).publisher.keys).toEqual(['k1']);
    expect(() => addKeyToConfig('publisher:\n  keys: 5\n', 'k1')).toThrow(/not a list/);
    expect(fingerprintOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
  });
});
