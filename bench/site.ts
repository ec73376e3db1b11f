/** Owns serving a build for the bench: scripts/serve.mjs behind the counting relay, with a log of every request the server answered. */
import { startServer, type ServerMode } from '../scripts/serve.mjs';
import { startWire, type LinkProfile } from './wire';

/** One request as the server logged it. */
export interface Served {
  method: string;
  path: string;
  status: number;
  /** Body bytes sent (compressed when encoded). */
  bytes: number;
  encoding: string;
  /** When the server finished the response (the bench's performance.now()). */
  at: number;
}

/** Traffic between two marks. */
export interface Traffic {
  requests: number;
  /** Bytes server -> browser through the relay: headers and bodies. */
  down: number;
  up: number;
  served: Served[];
}

/** A served build. */
export interface Site {
  url: string;
  setMode(mode: ServerMode): void;
  setProfile(profile: LinkProfile | null): void;
  /** Starts counting from now; `read()` returns what crossed since. */
  mark(): { read(): Traffic };
  /** Resolves once no request has been answered and no byte has moved for `quietMs`. */
  idle(quietMs?: number): Promise<void>;
  /** How long nothing has moved (no response finished, no byte either way), in ms. */
  quietFor(): number;
  close(): Promise<void>;
}

const LINE = /^(\S+) (\S+) (\d+) (\d+)B (\S+) /;

/** Serves `dir` at / (compressed as the server does) behind a relay that counts and can slow the link. */
export async function serveBuild(dir: string): Promise<Site> {
  const served: Served[] = [];
  let lastAt = performance.now();
  const server = await startServer({
    dir,
    port: 0,
    log: (line: string) => {
      const m = LINE.exec(line);
      lastAt = performance.now();
      if (m)
        served.push({
          method: m[1] as string,
          path: m[2] as string,
          status: Number(m[3]),
          bytes: Number(m[4]),
          encoding: m[5] as string,
          at: lastAt,
        });
    },
  });
  const wire = await startWire({ host: '127.0.0.1', port: server.port });
  const quietFor = (): number => performance.now() - Math.max(lastAt, wire.lastActivity());
  return {
    url: `${wire.origin}/`,
    setMode: (mode) => server.setMode(mode),
    setProfile: (profile) => wire.setProfile(profile),
    mark() {
      const from = served.length;
      const start = wire.count();
      return {
        read() {
          const now = wire.count();
          const list = served.slice(from);
          return { requests: list.length, down: now.down - start.down, up: now.up - start.up, served: list };
        },
      };
    },
    async idle(quietMs = 1000) {
      while (quietFor() < quietMs) await new Promise((r) => setTimeout(r, 100));
    },
    quietFor,
    async close() {
      await wire.close();
      await server.close();
    },
  };
}
