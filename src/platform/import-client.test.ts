/** The page side of the import worker (import-client.ts) after "Erase everything" stopped it, with a stand-in Worker. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A worker that takes calls and never answers (an import still running). */
class SilentWorker {
  onmessage: unknown = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  postMessage(): void {}
  terminate(): void {}
}

beforeEach(() => {
  vi.resetModules();
  vi.stubGlobal('Worker', SilentWorker);
});

describe('stopImportWorker (erase everything)', () => {
  it('refuses the import still running, and every later one, as erased (not as a bug of the app)', async () => {
    const client = await import('./import-client');
    const running = client.importFileInWorker(new Blob(['x']), [], false);
    client.stopImportWorker();
    // Said with the erase's own sentence; 'unexpected' said "Something unexpected went wrong… reload the app".
    await expect(running).rejects.toMatchObject({ code: 'storage-erased' });
    await expect(client.importFileInWorker(new Blob(['y']), [], false)).rejects.toMatchObject({ code: 'storage-erased' });
    await expect(client.storePackInWorker('pack.html', { handle: 1 } as never, true)).rejects.toMatchObject({ code: 'storage-erased' });
  });
});
