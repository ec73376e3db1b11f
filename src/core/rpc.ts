/** Typed calls between the page and a worker, the one helper every worker uses: a call, its progress reports, its result or Failure. */
import type { Failure } from './errors';

/** What a worker offers: per method, the argument it takes, the result it gives and the progress it reports (if any). */
export type RpcSpec = Record<string, { arg: unknown; result: unknown; progress?: unknown }>;

/** The progress a method of a spec reports. */
export type ProgressOf<M> = M extends { progress: infer P } ? P : never;

/** The worker side of a spec: one function per method; calling `progress` sends a report to the caller at once. */
export type RpcHandlers<S extends RpcSpec> = {
  [K in keyof S]: (arg: S[K]['arg'], progress: (p: ProgressOf<S[K]>) => void) => S[K]['result'] | Promise<S[K]['result']>;
};

/** The page side of a spec. */
export interface RpcClient<S extends RpcSpec> {
  /** Calls `method` in the worker (started on the first call); `transfer` lists buffers moved rather than copied. Rejects with a Failure. */
  call<K extends keyof S & string>(
    method: K,
    arg: S[K]['arg'],
    opts?: { progress?: (p: ProgressOf<S[K]>) => void; transfer?: Transferable[] },
  ): Promise<S[K]['result']>;
  /** Stops the worker for good; calls still waiting, and any later one, are refused with the `stopped` Failure. */
  terminate(): void;
}

/** On the wire: a call, and the messages that answer it (progress reports, then a result or a failure). */
type Call = { id: number; method: string; arg: unknown };
type Answer =
  | { id: number; type: 'progress'; value: unknown }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'failure'; failure: Failure };

/** The part of a worker's global scope the server uses (`self` in a worker). */
export interface RpcScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => unknown) | null;
}

/**
 * Serves `handlers` on the worker's `scope`: each call runs as it arrives, and its result, or the Failure `toFailure`
 * makes of what it threw, is posted back.
 */
export function serveRpc<S extends RpcSpec>(
  scope: RpcScope,
  handlers: RpcHandlers<S>,
  toFailure: (err: unknown, method: keyof S & string) => Failure,
): void {
  scope.onmessage = (event: MessageEvent<Call>) => {
    const { id, method, arg } = event.data;
    const post = (answer: Answer): void => scope.postMessage(answer);
    const fail = (err: unknown): void => post({ id, type: 'failure', failure: toFailure(err, method) });
    const reply = (value: unknown): void => {
      try {
        post({ id, type: 'result', value });
      } catch (err) {
        fail(err);
      }
    };
    try {
      const handler = handlers[method];
      if (!handler) throw new Error(`No method "${method}".`);
      // Called in arrival order, synchronously: handlers that queue work see the calls in the order they were made.
      Promise.resolve(handler(arg, (value) => post({ id, type: 'progress', value }))).then(reply, fail);
    } catch (err) {
      fail(err);
    }
  };
}

/**
 * The page side of a worker started by `start` on the first call. When the worker fails (it could not load, or a
 * message could not be read), the calls waiting are refused with `stopped`; the next call starts a new worker when
 * `restart` is true, and is refused otherwise.
 */
export function createRpcClient<S extends RpcSpec>(start: () => Worker, opts: { stopped: Failure; restart: boolean }): RpcClient<S> {
  type Pending = { resolve: (v: never) => void; reject: (f: Failure) => void; progress?: (p: never) => void };
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let stopped = false;
  let nextId = 1;

  const stop = (): void => {
    for (const p of pending.values()) p.reject(opts.stopped);
    pending.clear();
    worker?.terminate();
    worker = undefined;
    if (!opts.restart) stopped = true;
  };
  const connect = (): Worker => {
    if (worker) return worker;
    const w = start();
    w.onmessage = (event: MessageEvent<Answer>) => {
      const answer = event.data;
      const p = pending.get(answer.id);
      if (!p) return;
      if (answer.type === 'progress') return p.progress?.(answer.value as never);
      pending.delete(answer.id);
      if (answer.type === 'failure') p.reject(answer.failure);
      else p.resolve(answer.value as never);
    };
    w.onerror = stop;
    w.onmessageerror = stop;
    return (worker = w);
  };

  return {
    call(method, arg, { progress, transfer = [] } = {}) {
      return new Promise((resolve, reject) => {
        if (stopped) return reject(opts.stopped);
        const id = nextId++;
        pending.set(id, { resolve, reject, progress });
        connect().postMessage({ id, method, arg } satisfies Call, transfer);
      });
    },
    terminate() {
      stop();
      stopped = true;
    },
  };
}
