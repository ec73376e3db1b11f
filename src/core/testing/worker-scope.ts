/**
 * A worker's global scope played by a unit test: `self` is stubbed, and `call` sends a request in as the page's message
 * and resolves with the worker's answer (or rejects with its Failure). Call before importing the worker module.
 */
import { vi } from 'vitest';
import type { Failure } from '../errors';

export function playWorkerScope(): { call<T>(method: string, arg: unknown): Promise<T> } {
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (f: Failure) => void }>();
  const scope = {
    onmessage: null as ((e: MessageEvent) => unknown) | null,
    postMessage: (m: unknown) => {
      const a = m as { id: number; type: string; value?: unknown; failure?: Failure };
      if (a.type === 'result') waiting.get(a.id)?.resolve(a.value);
      if (a.type === 'failure') waiting.get(a.id)?.reject(a.failure!);
    },
  };
  vi.stubGlobal('self', scope);
  let nextId = 1;
  return {
    call<T>(method: string, arg: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        scope.onmessage!({ data: { id, method, arg } } as MessageEvent);
      });
    },
  };
}
