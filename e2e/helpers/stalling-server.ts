// Owns a static host whose answers a test can slow down or withhold per path (a censor's firewall, a slow origin).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** What a test changes while the server runs: paths matching `hang` are never answered, those matching `delay` wait. */
export interface StallState {
  hang?: RegExp;
  delay?: RegExp;
  delayMs: number;
  /** "404 /news/…" and the like, one per answer; "withheld /news/…" per request left unanswered. */
  log: string[];
}

export interface StallingServer {
  url: string;
  state: StallState;
  close(): Promise<void>;
}

/** Serves `dir` under `base` (uncompressed, no-cache) at a free local port. */
export async function startStallingServer(dir: string, base: string): Promise<StallingServer> {
  const state: StallState = { delayMs: 0, log: [] };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    res.on('finish', () => state.log.push(`${res.statusCode} ${path}`));
    if (state.hang?.test(path)) return void state.log.push(`withheld ${path}`);
    if (state.delay?.test(path)) await new Promise((r) => setTimeout(r, state.delayMs));
    const rel = !path.startsWith(base) ? null : path.slice(base.length) || 'index.html';
    try {
      if (rel === null) throw new Error('outside the base');
      const body = await readFile(join(dir, rel));
      res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${base}`,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
