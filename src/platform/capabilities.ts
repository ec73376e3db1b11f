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

/** The part of the Sanitizer API the app uses (TypeScript's DOM types do not have it yet). */
export type SanitizerConstructor = new (config: object) => unknown;
/** A template whose content the browser's sanitiser fills. */
export type SanitizingTemplate = HTMLTemplateElement & { setHTML(html: string, options: { sanitizer: unknown }): void };

let standard: { Sanitizer?: SanitizerConstructor } | undefined;

/**
 * The browser's Sanitizer, where it is the standard one: it keeps and unwraps what it is told to (an engine with the
 * early draft, Chrome 105 to 118, ignores such a configuration). Where there is none the page sanitises with DOMPurify.
 */
export function standardSanitizer(): SanitizerConstructor | undefined {
  standard ??= (() => {
    const Sanitizer = (globalThis as { Sanitizer?: SanitizerConstructor }).Sanitizer;
    const template = document.createElement('template') as Partial<SanitizingTemplate>;
    if (typeof Sanitizer !== 'function' || typeof template.setHTML !== 'function') return {};
    try {
      const sanitizer = new Sanitizer({ elements: ['p'], replaceWithChildrenElements: ['b'], attributes: [] });
      template.setHTML('<p title="t">a</p><b>b</b><i>c</i><script>d</script>', { sanitizer });
      return template.innerHTML === '<p>a</p>b' ? { Sanitizer } : {};
    } catch {
      return {};
    }
  })();
  return standard.Sanitizer;
}
