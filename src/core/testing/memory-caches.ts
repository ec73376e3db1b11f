/**
 * The origin's Cache Storage in memory, for unit tests of the page's side (the content cache, the data saver's copy for
 * the service worker): `cached` holds each cache's responses by URL, to read or clear; `caches` is what to stub.
 */
export function memoryCaches() {
  const cached = new Map<string, Map<string, Response>>();
  const caches = {
    open: async (name: string) => {
      const entries = cached.get(name) ?? cached.set(name, new Map()).get(name)!;
      return {
        match: async (url: string) => entries.get(url)?.clone(),
        put: async (url: string, res: Response) => void entries.set(url, res),
      };
    },
    match: async (url: string) =>
      [...cached.values()]
        .find((c) => c.has(url))
        ?.get(url)
        ?.clone(),
  };
  return { cached, caches };
}
