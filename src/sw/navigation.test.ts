// The worker's answer to navigations, offline. Below a folder of the scope (say /app/article/x, a link pasted or
// bookmarked without its '#') the shell served as it is would resolve its relative URLs (base './') under
// /app/article/, which the worker neither precaches nor answers: the app never started. The page a navigation ends on
// must load a script the worker serves.
import { afterAll, expect, it, vi } from 'vitest';

// Vitest runs this in Node; the worker's own types have no `process`.
declare const process: { env: Record<string, string | undefined> };

const SCOPE = 'https://shelf.example/app/';
const SHELL = '<!doctype html><script type="module" crossorigin src="./assets/index-AbCdEf12.js"></script><div id="app"></div>';

const listeners = new Map<string, ((e: unknown) => void)[]>();
const store = new Map<string, Response>();
const previousEnv = process.env.NODE_ENV;
// Workbox's development-only assertions want real ExtendableEvents; the shipped worker runs its production code.
process.env.NODE_ENV = 'production';
afterAll(() => {
  process.env.NODE_ENV = previousEnv;
  vi.unstubAllGlobals();
});

vi.stubGlobal('FetchEvent', class FetchEvent {});
// In a worker, `new Request('index.html')` is relative to the worker's own URL (Node's has no base).
const NodeRequest = Request;
vi.stubGlobal(
  'Request',
  class extends NodeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, `${SCOPE}sw.js`).href : input, init);
    }
  },
);
vi.stubGlobal('location', new URL(`${SCOPE}sw.js`));
vi.stubGlobal('registration', { scope: SCOPE });
vi.stubGlobal('self', {
  __WB_MANIFEST: [
    { url: 'index.html', revision: 'r1' },
    { url: 'assets/index-AbCdEf12.js', revision: null },
  ],
  location: new URL(`${SCOPE}sw.js`),
  registration: { scope: SCOPE },
  addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
  clients: { claim: async () => undefined, matchAll: async () => [] },
});
vi.stubGlobal('caches', {
  open: async () => ({ match: async (r: Request | string) => store.get(typeof r === 'string' ? r : r.url)?.clone() }),
  match: async (r: Request | string) => store.get(typeof r === 'string' ? r : r.url)?.clone(),
  keys: async () => [],
});
vi.stubGlobal('fetch', async () => {
  throw new TypeError('Failed to fetch (offline)');
});

/** What the worker answers for a request, or undefined when it leaves it to the network (offline: an error). */
async function dispatch(url: string, mode: string): Promise<Response | undefined> {
  let answer: Promise<Response> | undefined;
  const event = {
    type: 'fetch',
    request: { url, method: 'GET', mode, headers: new Headers() },
    respondWith: (p: Promise<Response>) => void (answer = p),
    waitUntil: () => undefined,
  };
  for (const fn of listeners.get('fetch') ?? []) fn(event);
  return answer && (await answer);
}

it('opens the app offline at a path below the scope, with the path as its route', async () => {
  // The precache as an install leaves it.
  store.set(`${SCOPE}index.html?__WB_REVISION__=r1`, new Response(SHELL, { headers: { 'content-type': 'text/html' } }));
  store.set(`${SCOPE}assets/index-AbCdEf12.js`, new Response('console.log(1)', { headers: { 'content-type': 'text/javascript' } }));
  await import('./sw');

  // At the scope itself the shell and its script are served.
  const atRoot = await dispatch(SCOPE, 'navigate');
  expect(await atRoot?.text()).toBe(SHELL);
  expect((await dispatch(`${SCOPE}assets/index-AbCdEf12.js`, 'cors'))?.ok).toBe(true);

  const deep = `${SCOPE}article/some-id`;
  const page = await dispatch(deep, 'navigate');
  expect(page, 'a navigation below the scope is answered').toBeDefined();
  // Where the browser ends up (a redirect back into the scope is as good as any) and the script that page loads.
  const documentUrl = page!.status >= 300 && page!.status < 400 ? new URL(page!.headers.get('location')!, deep).href : deep;
  const html = page!.status >= 300 && page!.status < 400 ? ((await dispatch(documentUrl, 'navigate'))?.text() ?? '') : page!.text();
  const src = /<script[^>]* src="([^"]+)"/.exec(await html)?.[1];
  expect(src).toBeDefined();
  const script = await dispatch(new URL(src!, documentUrl).href, 'cors');
  expect(script?.ok, `the shell's script ${new URL(src!, documentUrl).href} is served offline`).toBe(true);
  if (page!.status >= 300 && page!.status < 400) expect(documentUrl).toBe(`${SCOPE}#/article/some-id`);
});

it('leaves a file below a folder of the scope (a picture opened in a tab of its own) to the network', async () => {
  expect(await dispatch(`${SCOPE}media/${'a'.repeat(64)}.png`, 'navigate')).toBeUndefined();
});

it("leaves a file at the scope itself to the network: the publisher's library.html downloaded is not the shell", async () => {
  expect(await dispatch(`${SCOPE}library.html`, 'navigate')).toBeUndefined();
  // The app's own addresses there still open the app.
  expect(await (await dispatch(`${SCOPE}?from=qr`, 'navigate'))?.text()).toBe(SHELL);
});
