/** Trusted Types: the page's only policy allows same-origin script URLs (service worker, workers) and nothing else. */

interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL?: (url: string) => string }): unknown;
}

const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
if (factory) {
  try {
    factory.createPolicy('default', {
      createScriptURL: (url: string) => {
        const resolved = new URL(url, location.href);
        if (resolved.origin !== location.origin) throw new TypeError(`Blocked script URL from another origin: ${resolved.origin}`);
        return url;
      },
    });
  } catch {
    // A policy named 'default' already exists (e.g. hot reload): keep it.
  }
}
