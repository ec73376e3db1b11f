/** The sentences said where the lazy part holding the others may be gone come from the first download's strings. */
import { expect, it, vi } from 'vitest';
import { makeI18n } from './i18n';

// The lazy part cannot load: a newer version's worker, or the erase, deleted the caches it came from.
vi.mock('./errors', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

it('says the storage was taken over or erased even when the lazy part cannot load, and the generic sentence otherwise', async () => {
  const { loadFailureSentence } = await import('./failure-sentence');
  const en = makeI18n('en');
  expect((await loadFailureSentence({ code: 'storage-outdated', message: '' }))(en)).toBe(en.t.storageOutdated);
  expect((await loadFailureSentence({ code: 'storage-erased', message: '' }))(en)).toBe(en.t.storageErased);
  expect((await loadFailureSentence({ code: 'tampered', message: '' }))(en)).toBe(en.t.errorGeneric);
});
