/** The sentence that tells the reader of a failure, from the lazy part that holds them all. */
import type { Failure } from '../core/errors';
import type { I18n } from './i18n';

/**
 * A failure's sentence, loaded when one is needed (the sentences are not part of the first paint); the generic
 * sentence if they cannot load (the erase deleted the caches they come from).
 */
export function loadFailureSentence(failure: Failure): Promise<(i: I18n) => string> {
  // Said from the first download's strings: the lazy part may be gone (the erase, or a newer version's worker, deleted
  // the caches it came from) exactly when these are to be said.
  if (failure.code === 'storage-outdated') return Promise.resolve((i) => i.t.storageOutdated);
  if (failure.code === 'storage-erased') return Promise.resolve((i) => i.t.storageErased);
  return import('./errors').then(
    (m) => (i: I18n) => m.describeFailure(failure, i),
    () => (i: I18n) => i.t.errorGeneric,
  );
}
