/** What this browser lacks of what the offline app needs: a service worker (to open offline) or IndexedDB (to keep articles). */

/** True on a secure page whose browser has no service workers (plain-HTTP pages are a case of their own). */
export function lacksServiceWorker(): boolean {
  return isSecureContext && !('serviceWorker' in navigator);
}

/** True when IndexedDB is missing or refuses to open a database (as some private modes and old engines do). */
export async function lacksStorage(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) return true;
  return new Promise<boolean>((resolve) => {
    try {
      const request = indexedDB.open('offline-reader-probe');
      request.onsuccess = () => {
        request.result.close();
        resolve(false);
      };
      request.onerror = () => resolve(true);
      request.onblocked = () => resolve(false);
    } catch {
      resolve(true);
    }
  });
}
