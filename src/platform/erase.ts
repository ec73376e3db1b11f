/** Erase everything this app keeps on the device: databases, caches, the service worker, local storage. */
import { deleteDatabase } from '../storage/db';
import { stopImportWorker } from './import-client';
import type { PageToSw } from '../core/messages';

const deleteCaches = (): Promise<unknown> => caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n))));

/**
 * Deletes it all; works offline. Resolves when done (each step is attempted even if another fails), with the names of
 * the databases another tab still holds open (hung or frozen): the browser deletes each once that tab closes. The page
 * then stays as it is, erased: a reload while online would be a first visit, and download the library again.
 */
export async function eraseEverything(): Promise<{ waiting: string[] }> {
  // Nothing still running may write again, or it would re-create what is erased: the import worker (storing a pack, an
  // import or an update) stops, and deleteDatabase, before it deletes, ends this page's use of the database (getDb
  // refuses from then on, and the sync, told so, stops for good). Both before anything is awaited.
  stopImportWorker();
  const databases = deleteDatabase();
  // The search index saves itself a moment after indexing: its worker stops too.
  await import('./deferred').then((m) => m.stopSearchIndex()).catch(() => undefined);
  // The app's service workers stop writing to caches first (an install or a download of pictures under way would
  // re-create them); unregistering alone lets an installing one go on while this page is open.
  const registrations = await (navigator.serviceWorker?.getRegistrations().catch(() => []) ?? []);
  const erase: PageToSw = { type: 'ERASE' };
  for (const r of registrations) for (const worker of [r.installing, r.waiting, r.active]) worker?.postMessage(erase);
  const steps: Promise<unknown>[] = [databases, deleteCaches(), Promise.all(registrations.map((r) => r.unregister()))];
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    /* storage disabled */
  }
  await Promise.allSettled(steps);
  // A write a worker had under way when told may have landed after the first deletion.
  await deleteCaches().catch(() => undefined);
  document.documentElement.removeAttribute('data-offline-ready');
  document.documentElement.removeAttribute('data-sync-stopped');
  return { waiting: await databases.catch(() => []) };
}
