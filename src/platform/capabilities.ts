/**
 * What this browser lacks of what the offline app needs (a service worker to open offline, IndexedDB to keep articles),
 * and of what spares it code (the standard Sanitizer API).
 */

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

type SanitizerConstructor = new (config: object) => unknown;
let sanitizerApi: boolean | undefined;

/**
 * True where the browser has the standard Sanitizer API: it keeps and unwraps what it is told to (an engine with the
 * early draft, Chrome 105 to 118, ignores such a configuration). Where it is false the page sanitises with DOMPurify.
 */
export function hasSanitizerApi(): boolean {
  sanitizerApi ??= (() => {
    const Sanitizer = (globalThis as { Sanitizer?: SanitizerConstructor }).Sanitizer;
    const template = document.createElement('template') as HTMLTemplateElement & { setHTML?: (html: string, options: object) => void };
    if (typeof Sanitizer !== 'function' || typeof template.setHTML !== 'function') return false;
    try {
      const sanitizer = new Sanitizer({ elements: ['p'], replaceWithChildrenElements: ['b'], attributes: [] });
      template.setHTML('<p title="t">a</p><b>b</b><i>c</i><script>d</script>', { sanitizer });
      return template.innerHTML === '<p>a</p>b';
    } catch {
      return false;
    }
  })();
  return sanitizerApi;
}
