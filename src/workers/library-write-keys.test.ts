/**
 * Unverified copies follow the key that signed them, through the real write (fake-indexeddb): a second stranger's file
 * claiming the same publisher, with a newer version, imported with "Import anyway", replaced what the reader had taken
 * from the first one, since both were merely "unverified".
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../core/bundle-read';
import { chunksToBytes, writePack } from '../core/bundle-write';
import { generateKeyPair } from '../core/signing';
import { makeEdition } from '../core/testing/sample';
import { verifyBundle } from '../core/verify';
import { getAllArticles } from '../storage/library-store';
import { storeVerified } from './library-write';

/** A stranger's file (no key the app trusts), verified as "Import anyway" does. */
async function strangersFile(keys: { publicKey: string; privateKey: string }, version: number, text: string) {
  const ed = await makeEdition({ keys, version, extra: { note: `<p>${text}</p>` } });
  const file = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
  return verifyBundle(parseBundle(file), { keys: [] }, { allowUnverified: true });
}

describe('unverified copies and the key that signed them', () => {
  it('keeps the first stranger’s copies against another stranger’s newer ones, and takes the first one’s updates', async () => {
    const [first, second] = [await generateKeyPair(), await generateKeyPair()];
    const taken = await storeVerified(await strangersFile(first, 1, 'first'), 'import');
    expect(taken).toMatchObject({ added: 3, trust: 'unverified' });
    const rows = await getAllArticles();
    expect(rows.map((r) => r.signer)).toEqual([first.publicKey, first.publicKey, first.publicKey]);

    const forged = await storeVerified(await strangersFile(second, 2, 'second'), 'import');
    // Two articles keep their text (unchanged whoever signs it); the one whose text differs is refused.
    expect(forged).toMatchObject({ added: 0, updated: 0, unchanged: 2, otherKey: 1 });
    const note = (await getAllArticles()).find((r) => r.id === 'note')!;
    expect(note).toMatchObject({ signer: first.publicKey, meta: { version: 1 } });

    const update = await storeVerified(await strangersFile(first, 2, 'first, again'), 'import');
    expect(update).toMatchObject({ updated: 1, unchanged: 2, otherKey: 0 });
  });
});
