// "Update now": Chromium activates the waiting version only once the version in control has answered every request
// under way. A pack from a stalled origin, or the pictures' download, kept the tap doing nothing for minutes, then the
// page reloaded whatever the reader was doing by then. The waiting version first asks the one in control to stop them.
import { afterAll, expect, it, vi } from 'vitest';

// Vitest runs this in Node; the worker's own types have no `process`.
declare const process: { env: Record<string, string | undefined> };

const SCOPE = 'https://shelf.example/app/';
const listeners = new Map<string, ((e: unknown) => void)[]>();
const previousEnv = process.env.NODE_ENV;
// Workbox's development-only assertions want real ExtendableEvents; the shipped worker runs its production code.
process.env.NODE_ENV = 'production';
afterAll(() => {
  process.env.NODE_ENV = previousEnv;
  vi.unstubAllGlobals();
});

const order: string[] = [];
const active = { postMessage: vi.fn((m: { type: string; all?: true }) => order.push(`active: ${m.type}${m.all ? ' all' : ''}`)) };
const itself = { postMessage: vi.fn() };
vi.stubGlobal('location', new URL(`${SCOPE}sw.js`));
vi.stubGlobal('registration', { scope: SCOPE });
vi.stubGlobal('self', {
  __WB_MANIFEST: [{ url: 'index.html', revision: 'r1' }],
  location: new URL(`${SCOPE}sw.js`),
  registration: { scope: SCOPE, active },
  serviceWorker: itself,
  skipWaiting: vi.fn(async () => void order.push('skipWaiting')),
  addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
  clients: { claim: async () => undefined, matchAll: async () => [] },
});
vi.stubGlobal('caches', { open: async () => ({ match: async () => undefined }), match: async () => undefined, keys: async () => [] });

it('asks the version in control to stop the downloads it makes for pages, then takes over', async () => {
  await import('./sw');
  for (const fn of listeners.get('message') ?? []) fn({ data: { type: 'SKIP_WAITING' }, ports: [] });
  expect(order).toEqual(['active: STOP_PACKS all', 'skipWaiting']);
});
