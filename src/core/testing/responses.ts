/** Test support: fetch responses whose body comes at once, or a piece at a time as a slow or hostile address sends it. */
const enc = new TextEncoder();

/** A 200 response with this body, at once. */
export function whole(url: string, body: string): Response {
  let sent = false;
  const bytes = enc.encode(body);
  return {
    ok: true,
    url,
    headers: new Headers(),
    body: { getReader: () => ({ read: async () => (sent ? { done: true } : ((sent = true), { done: false, value: bytes })) }) },
  } as unknown as Response;
}

/** A 200 response that sends `chunk` every `everyMs` (`times` times, then `last`, then ends), stopping when aborted. */
export function trickle(url: string, signal: AbortSignal, chunk: string, everyMs: number, times = Infinity, last = ''): Response {
  let sent = 0;
  return {
    ok: true,
    url,
    headers: new Headers(),
    body: {
      getReader: () => ({
        read: () =>
          new Promise((resolve, reject) => {
            if (signal.aborted) return reject(new Error('aborted'));
            signal.addEventListener('abort', () => reject(new Error('aborted')));
            if (sent > times) return resolve({ done: true });
            setTimeout(() => resolve({ done: false, value: enc.encode(sent++ === times ? last : chunk) }), everyMs);
          }),
      }),
    },
  } as unknown as Response;
}
