// @vitest-environment jsdom
/** A reader file the browser saves again ("Save Page As") after someone read in it still imports, signatures strict. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ByteSource } from '../core/bundle-read';
import { chunksToBytes } from '../core/bundle-write';
import { isBundleError } from '../core/errors';
import { writeReaderFile } from '../core/reader-file';
import { makeEdition, readerFileInput, type SampleEdition } from '../core/testing/sample';
import { readVerified } from '../core/verify';

let ed: SampleEdition;

/** What importing the page as it is now gives ("Save Page As" writes the document's markup): what it imports, or the refusal's code. */
async function importSaved(): Promise<string> {
  const bytes = new TextEncoder().encode(`<!DOCTYPE html>\n${document.documentElement.outerHTML}`);
  const source: ByteSource = { size: bytes.length, read: async (start, end) => bytes.slice(start, end) };
  try {
    const v = await readVerified(source, [{ publicKey: ed.keys.publicKey }]);
    return `imports ${v.editions.length}e/${v.articles.length}a/${v.media.length}m`;
  } catch (err) {
    if (!isBundleError(err)) throw err;
    return err.code;
  }
}

/** Go to `hash` as a click on a link does, once the script has answered. */
async function go(hash: string): Promise<void> {
  const changed = new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
  location.hash = hash;
  await changed;
}

beforeAll(async () => {
  ed = await makeEdition();
  const file = await writeReaderFile(readerFileInput(ed));
  const page = new DOMParser().parseFromString(new TextDecoder().decode(chunksToBytes(file)), 'text/html');
  document.replaceChild(document.importNode(page.documentElement, true), document.documentElement);
  window.scrollTo = () => undefined;
  Element.prototype.scrollIntoView = () => undefined;
  // jsdom has no CSS.escape; the script quotes an article's id with it (in an attribute value: quotes and backslashes).
  globalThis.CSS ??= { escape: (s: string) => s.replace(/["\\]/g, '\\$&') } as typeof CSS;
  await import('./main');
});

describe('a reader file saved again by the browser', () => {
  it('imports whole when an article with a picture was opened before saving, the picture shown from the file', async () => {
    expect(await importSaved()).toBe('imports 1e/2a/1m');
    const pictured = document.querySelector('.or-body img')!.closest<HTMLElement>('article.or-article')!;
    await go(`#${pictured.id}`);
    expect(document.body.classList.contains('or-reading')).toBe(true);
    expect([...pictured.querySelectorAll('img')].some((img) => img.src.startsWith('data:image/png;base64,'))).toBe(true);
    // The signed body is still byte for byte what the publisher signed: the file imports, verified.
    expect(await importSaved()).toBe('imports 1e/2a/1m');
  });

  it('imports whole when saved back in the contents, and the picture shows again on the next visit', async () => {
    const pictured = document.querySelector('.or-body img')!.closest<HTMLElement>('article.or-article')!;
    await go('#contents');
    expect(document.body.classList.contains('or-reading')).toBe(false);
    expect(await importSaved()).toBe('imports 1e/2a/1m');
    await go(`#${pictured.id}`);
    expect([...pictured.querySelectorAll('img')].some((img) => img.src.startsWith('data:image/png;base64,'))).toBe(true);
    expect(await importSaved()).toBe('imports 1e/2a/1m');
  });
});
