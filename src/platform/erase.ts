/** Erase everything this app keeps on the device: databases, caches, the service worker, local storage. */
import { deleteDatabase } from '../storage/db';

/** Deletes it all; works offline. Resolves when done (each step is attempted even if another fails). */
export async function eraseEverything(): Promise<void> {
  // The search index saves itself a moment after indexing: stop it first, or it would re-create the database.
  await import('./deferred').then((m) => m.stopSearchIndex()).catch(() => undefined);
  const steps: Promise<unknown>[] = [
    deleteDatabase(),
    caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))),
    navigator.serviceWorker?.getRegistrations().then((regs) => Promise.all(regs.map((r) => r.unregister()))) ?? Promise.resolve(),
  ];
  // Databases opened by anything else in this origin (none today) would survive deleteDatabase alone.
  if (indexedDB.databases)
    steps.push(
      indexedDB.databases().then((dbs) =>
        Promise.all(
          dbs.map(
            (d) =>
              d.name &&
              new Promise((res) => {
                const req = indexedDB.deleteDatabase(d.name!);
                req.onsuccess = req.onerror = req.onblocked = () => res(undefined);
              }),
          ),
        ),
      ),
    );
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    /* storage disabled */
  }
  await Promise.allSettled(steps);
  document.documentElement.removeAttribute('data-offline-ready');
}
