/** Owns the bench's view of the wire: a TCP relay in front of the server that counts every byte and can slow the link down. */
import { connect, createServer, type Socket } from 'node:net';

/** A slow link: bandwidth each way (kilobits per second) and the round trip added to every exchange. */
export interface LinkProfile {
  downKbps: number;
  upKbps: number;
  rttMs: number;
}

/** Slow 3G, as Chromium's DevTools preset and issue 6 describe it. */
export const SLOW_3G: LinkProfile = { downKbps: 400, upKbps: 400, rttMs: 400 };

/** Bytes that crossed the relay (HTTP headers and bodies, as TCP payload). */
export interface WireCount {
  down: number;
  up: number;
}

/** A running relay. */
export interface Wire {
  /** Origin to point the browser at (http://127.0.0.1:port). */
  origin: string;
  count(): WireCount;
  /** performance.now() of the last byte delivered either way. */
  lastActivity(): number;
  /** Slows every connection from now on (null: full speed). */
  setProfile(profile: LinkProfile | null): void;
  close(): Promise<void>;
}

const PIECE = 16 * 1024;

/** One direction of the shared link: pieces queue for its bandwidth, then arrive half a round trip later. */
class Link {
  private freeAt = 0;
  constructor(
    private readonly kbps: number,
    private readonly halfRttMs: number,
  ) {}
  /** When a piece of `bytes` sent now arrives. */
  arrival(bytes: number): number {
    const start = Math.max(performance.now(), this.freeAt);
    this.freeAt = start + (bytes * 8) / this.kbps; // kbps = bits per ms
    return this.freeAt + this.halfRttMs;
  }
}

/** Relays `from` to `to`, counting bytes, through `link()` when a slow link is set. */
function relay(from: Socket, to: Socket, add: (n: number, at: number) => void, link: () => Link | null): void {
  let lastArrival = 0;
  const deliver = (at: number, action: () => void): void => {
    lastArrival = Math.max(lastArrival, at);
    const wait = at - performance.now();
    if (wait <= 0) action();
    else setTimeout(action, wait);
  };
  from.on('data', (chunk: Buffer) => {
    const l = link();
    if (!l && lastArrival <= performance.now()) {
      add(chunk.length, performance.now());
      return void to.write(chunk);
    }
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, at + PIECE);
      const arrival = l ? l.arrival(piece.length) : lastArrival;
      add(piece.length, arrival);
      deliver(arrival, () => !to.destroyed && to.write(piece));
    }
  });
  // A clean close is passed on as end(), which flushes what is still queued; only a broken one is passed on as a reset.
  from.on('end', () => deliver(lastArrival, () => to.end()));
  from.on('close', (hadError: boolean) => hadError && deliver(lastArrival, () => to.destroy()));
  from.on('error', () => undefined);
}

/** Starts a relay on a free port in front of `target` (host:port). */
export async function startWire(target: { host: string; port: number }): Promise<Wire> {
  const counted: WireCount = { down: 0, up: 0 };
  let last = 0;
  let down: Link | null = null;
  let up: Link | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    relay(
      client,
      upstream,
      (n, at) => ((counted.up += n), (last = Math.max(last, at))),
      () => up,
    );
    relay(
      upstream,
      client,
      (n, at) => ((counted.down += n), (last = Math.max(last, at))),
      () => down,
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    count: () => ({ ...counted }),
    lastActivity: () => last,
    setProfile(profile) {
      down = profile ? new Link(profile.downKbps, profile.rttMs / 2) : null;
      up = profile ? new Link(profile.upKbps, profile.rttMs / 2) : null;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}
