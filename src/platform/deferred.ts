/**
 * The deferred part of the page: everything the first paint does not need (import, the built-in library's sync,
 * export, search), one chunk because it is one module. The UI reaches it only through
 * `import('../platform/deferred')`: what this module exports is what travels later, whatever the files are called.
 */
export { importFile } from './importer';
// The page's import queue (each file's question, failure and the batch's summary), in this chunk: one request fewer.
export { ImportQueue } from '../ui/import-queue';
export { importText } from '../ui/i18n-import';
export { syncBuiltInLibrary } from './library-sync';
export { syncText } from '../ui/i18n-sync';
export { exportArticles, exportLimitNote } from './exporter';
export { chooseMedia, onMediaChoice, onPicturesWaiting, preselectedMediaChoice } from './media-choice';
export { describePictures, fetchPicture, missingPictureBytes } from './pictures';
export { ensureIndexed, openSearchIndex, searchLibrary, stopSearchIndex, whenIndexed } from './search-index';
export type { IndexProgress, LibraryPage } from './search-index';
export { loadArticleSanitizer } from './article-html';
