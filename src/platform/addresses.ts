/**
 * The addresses the app downloads from (its own, then the mirrors of its newest signed list) and the one bounded way to
 * download from any of them: the update check's and the pictures' (the data saver). Apart from both, so the pictures'
 * chunk does not load the update check's.
 */
import site from 'virtual:site-config';
import { concatBytes } from '../core/bytes';
import { getMirrors, type AddressResult } from '../storage/update-store';

/** How long an address may stay silent (no answer, or no byte of a body) before it counts as not answering. */
export const STALL_MS = 8_000;
/**
 * The least a body must bring in each STALL_MS while it is still coming: 1 KB/s, slower than any working link. Below
 * it, an address that trickles a byte now and then (never silent for STALL_MS) would hold the check, and every later
 * one, for as long as it liked, and the honest addresses behind it would never be asked.
 */
export const MIN_BYTES_PER_STALL = 8 * 1024;

/** Why an address was given up on: it did not answer usefully, or what it served was refused. */
export class AddressFailure extends Error {
  constructor(readonly status: AddressResult['status']) {
    super(status);
  }
}

/** The app's own base URL (where index.html is): the first address to ask. */
export function ownAddress(): string {
  return new URL('./', document.baseURI).href;
}

/** The origins the page's Content-Security-Policy lets it connect to (besides its own); undefined when it names none. */
function allowedOrigins(): Set<string> | undefined {
  const csp = document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? '';
  const directive = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'connect-src');
  if (!directive) return undefined;
  return new Set(directive.slice(1).filter((s) => /^https?:\/\//.test(s)));
}

/**
 * False for an address on an origin this version of the app was not built to reach (a mirror added by a newer edition):
 * the page's policy would block it.
 */
export function isReachable(address: string): boolean {
  const origin = new URL(address).origin;
  return origin === new URL(ownAddress()).origin || (allowedOrigins()?.has(origin) ?? true);
}

/** The addresses to ask, in order: the app's own first, then the mirrors of the newest signed list, shuffled. */
export async function addressesToAsk(): Promise<string[]> {
  const own = ownAddress();
  const { mirrors } = await getMirrors(site.publisher.id);
  const others = mirrors.filter((m) => m !== own);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  return [own, ...others];
}

/**
 * The bytes at `url`, or an AddressFailure: it must answer 200 from the same origin (a redirect elsewhere is refused)
 * within STALL_MS, send no more than `maxBytes`, and then bring at least MIN_BYTES_PER_STALL in every STALL_MS until
 * the body ends (a blackholed or trickling address costs seconds, not hours); `signal` gives up sooner. No cookie and
 * no referrer go with it. Always revalidated: a copy the browser kept from a mirror that was hijacked then is not
 * served again once it is repaired.
 */
export async function fetchFrom(url: string, maxBytes: number, signal?: AbortSignal): Promise<ArrayBuffer> {
  const controller = new AbortController();
  const giveUp = (): void => controller.abort();
  signal?.addEventListener('abort', giveUp);
  if (signal?.aborted) giveUp();
  let timer = setTimeout(() => controller.abort(), STALL_MS);
  let lately = 0;
  const checkRate = (): void => {
    if (lately < MIN_BYTES_PER_STALL) return controller.abort();
    lately = 0;
    timer = setTimeout(checkRate, STALL_MS);
  };
  try {
    const res = await fetch(url, {
      signal: controller.signal,
      cache: 'no-cache',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      mode: 'cors',
    }).catch(() => {
      throw new AddressFailure('no-answer');
    });
    if (new URL(res.url || url).origin !== new URL(url).origin) throw new AddressFailure('tampered');
    if (!res.ok || !res.body) throw new AddressFailure('no-answer');
    const declared = Number(res.headers.get('Content-Length') ?? 0);
    if (declared > maxBytes) throw new AddressFailure('tampered');
    clearTimeout(timer);
    timer = setTimeout(checkRate, STALL_MS);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw new AddressFailure('no-answer');
      });
      if (done) break;
      lately += value.length;
      size += value.length;
      if (size > maxBytes) {
        controller.abort();
        throw new AddressFailure('tampered');
      }
      chunks.push(value);
    }
    return concatBytes(chunks).buffer as ArrayBuffer;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', giveUp);
  }
}
