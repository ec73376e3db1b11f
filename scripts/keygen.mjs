#!/usr/bin/env node
/** `npm run keygen`: make the publisher's Ed25519 key pair, keep the private key out of git, pin the public key in site.config.yml. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A new key pair as base64url raw keys (32-byte public key, 32-byte private seed), the format src/core/signing.ts uses. */
export function generateKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.x !== publicKey.export({ format: 'jwk' }).x) throw new Error('The generated key pair does not match.');
  return { publicKey: jwk.x, privateKey: jwk.d };
}

/** Same as fingerprint() in src/core/signing.ts: first 10 bytes of SHA-256 of the raw key, as "ABCD EF01 2345 6789 ABCD". */
export function fingerprintOf(publicKey) {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g).join(' ');
}

/** Add a key to publisher.keys by splicing the text, so every other line, comment and alignment stays as it was. */
export function addKeyToConfig(text, publicKey) {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new Error(`The site config is not valid YAML: ${doc.errors[0].message}`);
  const publisher = doc.get('publisher', true);
  const pair = isMap(publisher) ? publisher.items.find((p) => isScalar(p.key) && p.key.value === 'keys') : undefined;
  const keys = pair?.value;
  if (!pair || keys == null || (isScalar(keys) && keys.value == null)) {
    // No list yet: let the YAML library write one (the rest of the file keeps its comments).
    doc.setIn(['publisher', 'keys'], [publicKey]);
    return doc.toString();
  }
  if (!isSeq(keys)) throw new Error('publisher.keys in the site config is not a list.');
  const values = keys.items.map((item) => (isScalar(item) ? item.value : item));
  if (values.includes(publicKey)) return text;
  const column = (offset) => offset - text.lastIndexOf('\n', offset - 1) - 1;
  if (keys.flow) {
    // `keys: []` or `keys: [a]` becomes a block list under the key, one key per line.
    const indent = ' '.repeat(column(pair.key.range[0]) + 2);
    const colon = text.indexOf(':', pair.key.range[1]);
    const block = [...values, publicKey].map((k) => `\n${indent}- ${k}`).join('');
    return text.slice(0, colon + 1) + block + text.slice(keys.range[1]);
  }
  const last = keys.items[keys.items.length - 1];
  const indent = ' '.repeat(column(keys.items[0].range[0]) - 2);
  return `${text.slice(0, last.range[1])}\n${indent}- ${publicKey}${text.slice(last.range[1])}`;
}

/** Write the key file (owner-only) and pin the public key. Returns what a person needs to know. */
export function keygen({ keyFile, configFile, force = false }) {
  if (existsSync(keyFile) && !force) {
    throw new Error(`${keyFile} already exists: keep it, or run with --force to replace it (the old key is lost).`);
  }
  const config = readFileSync(configFile, 'utf8');
  const keys = generateKeys();
  const updated = addKeyToConfig(config, keys.publicKey);
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file it overwrites.
  chmodSync(keyFile, 0o600);
  writeFileSync(configFile, updated);
  return { publicKey: keys.publicKey, fingerprint: fingerprintOf(keys.publicKey) };
}

function main(argv) {
  const force = argv.includes('--force');
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : fallback;
  };
  const keyFile = option('--key', resolve(ROOT, '.keys/publisher.key'));
  const configFile = option('--config', resolve(ROOT, 'site.config.yml'));
  try {
    const { publicKey, fingerprint } = keygen({ keyFile, configFile, force });
    const shown = (f) => relative(process.cwd(), f) || f;
    console.log(`Private key written to ${shown(keyFile)} (owner-only). Keep a safe copy offline; never publish or commit it.`);
    console.log(`Public key added to publisher.keys in ${shown(configFile)}:\n  ${publicKey}`);
    console.log(`Fingerprint (for readers to compare): ${fingerprint}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
