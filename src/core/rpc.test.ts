import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { BundleError, toFailure, type Failure } from './errors';
import { createRpcClient, serveRpc } from './rpc';

type Spec = {
  double: { arg: number; result: number; progress: string };
  refuse: { arg: undefined; result: never };
  crash: { arg: undefined; result: never };
};

/** A worker and its scope, joined by a real MessageChannel (structured clone included). */
function connect(): { start: () => Worker } {
  const { port1, port2 } = new MessageChannel();
  const scope = port2 as unknown as MessagePort;
  serveRpc<Spec>(
    scope as never,
    {
      double: (n, progress) => {
        progress('half way');
        return Promise.resolve(n * 2);
      },
      refuse: () => {
        throw new BundleError('truncated', 'The file is incomplete.');
      },
      crash: () => {
        throw new TypeError('x is undefined');
      },
    },
    toFailure,
  );
  const worker = port1 as unknown as Worker & { close(): void };
  worker.terminate = () => worker.close();
  return { start: () => worker };
}

afterEach(() => vi.restoreAllMocks());

describe('rpc', () => {
  it('calls a method, passing its progress on before its result', async () => {
    const { start } = connect();
    const client = createRpcClient<Spec>(start, { stopped: { code: 'unexpected', message: 'stopped' }, restart: false });
    const seen: string[] = [];
    await expect(client.call('double', 21, { progress: (p) => seen.push(p) })).resolves.toBe(42);
    expect(seen).toEqual(['half way']);
    client.terminate();
  });

  it('refuses with the code of a BundleError, and a bug as "unexpected" with its stack in the console', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { start } = connect();
    const client = createRpcClient<Spec>(start, { stopped: { code: 'unexpected', message: 'stopped' }, restart: false });
    await expect(client.call('refuse', undefined)).rejects.toMatchObject({ code: 'truncated' } satisfies Partial<Failure>);
    const bug = await client.call('crash', undefined).catch((f: Failure) => f);
    expect(bug).toMatchObject({ code: 'unexpected' });
    expect(bug).not.toMatchObject({ code: 'malformed' });
    expect(logged).toHaveBeenCalledOnce();
    expect((logged.mock.calls[0]![0] as Error).stack).toContain('x is undefined');
    client.terminate();
  });

  it('refuses every call once terminated', async () => {
    const { start } = connect();
    const client = createRpcClient<Spec>(start, { stopped: { code: 'unexpected', message: 'stopped' }, restart: false });
    client.terminate();
    await expect(client.call('double', 1)).rejects.toMatchObject({ message: 'stopped' });
  });
});
