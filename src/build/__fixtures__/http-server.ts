/** A local HTTP server for the importers' tests: its origin, bodies that never end (until the client stops), and a close that ends them. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Sends `chunk` every `everyMs` until the client goes away (or the server closes); `sent` hears each one. */
  endless(res: ServerResponse, chunk: Buffer, everyMs: number, sent?: (bytes: number) => void): void;
  close(): Promise<void>;
}

/** Starts a server on a free loopback port; `handle` answers each request. */
export async function startTestServer(handle: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => handle(req, res, test));
  const test: TestServer = {
    origin: '',
    endless(res, chunk, everyMs, sent) {
      const t = setInterval(() => {
        sent?.(chunk.length);
        res.write(chunk);
      }, everyMs);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    },
    close() {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  test.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return test;
}
