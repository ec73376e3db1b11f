/** The import worker: parses and verifies files, editions and packs so a 50 MB file never freezes the page. */
import { parseBundle } from '../core/bundle';
import { verifyBundle, verifyPack } from '../core/verify';
import { BundleError, isBundleError } from '../core/errors';
import type { ImportRequest, ImportResponse } from './import-protocol';
import type { VerifiedBundle } from '../core/verify';

// The page tsconfig has DOM types, not worker types: name just what this worker uses.
const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
};

function post(message: ImportResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Buffers to hand over instead of copying (each only once: a repeated buffer makes postMessage throw). */
function transferables(bundle: VerifiedBundle): Transferable[] {
  return [...new Set(bundle.media.map((m) => m.bytes.buffer as ArrayBuffer))];
}

scope.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const req = event.data;
  try {
    const bytes = new Uint8Array(req.bytes);
    const parsed = parseBundle(bytes, (done, total) => post({ id: req.id, type: 'progress', done, total }));
    if (req.kind === 'file') {
      const result = await verifyBundle(parsed, { keys: req.keys }, { allowUnverified: req.allowUnverified });
      post({ id: req.id, type: 'bundle', result }, transferables(result));
    } else if (req.kind === 'edition') {
      const verified = await verifyBundle(parsed, { keys: req.keys });
      const edition = verified.editions[0];
      if (!edition || !parsed.packs) throw new BundleError('malformed', 'This edition file has no manifest or pack index.', { what: 'edition' });
      post({ id: req.id, type: 'edition', result: { edition, packs: parsed.packs, announcedKeys: verified.announcedKeys } });
    } else {
      const result = await verifyPack(parsed, req.edition);
      post({ id: req.id, type: 'bundle', result }, transferables(result));
    }
  } catch (err) {
    const error = isBundleError(err)
      ? { code: err.code, message: err.message, params: err.params }
      : { code: 'malformed', message: 'This file could not be read.' };
    post({ id: req.id, type: 'error', error });
  }
};
