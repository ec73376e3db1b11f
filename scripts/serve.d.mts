// Types for scripts/serve.mjs (plain Node ESM so it runs without a build step).

/** How the server answers: serve, hang (accept and never answer), or drop every connection. */
export type ServerMode = 'normal' | 'hang' | 'down';

/** Options of startServer. */
export interface ServeOptions {
  dir?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Sub-path the app lives under, e.g. '/some/deep/path/'. */
  base?: string;
  /** Brotli quality 0-11 (default 11); lower it where compression time matters more than bytes. */
  brotliQuality?: number;
  /** true logs each request to the console; a function receives each log line. */
  log?: boolean | ((line: string) => void);
  /** Send CORS headers (Access-Control-Allow-Origin: *) on every answer, as a mirror must. */
  cors?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** The app's URL, ending in the base path. */
  url: string;
  port: number;
  setMode(mode: ServerMode): void;
  /** Breaks the connection halfway through the body of every file whose path (relative to the base) matches; null: none. */
  setCut(match: ((relPath: string) => boolean) | null): void;
  close(): Promise<void>;
}

export const MIME_TYPES: Record<string, string>;
export const CORS_HEADERS: Record<string, string>;
export function cacheControlFor(relPath: string): string;
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity';
export function normalizeBase(base?: string): string;
export function startServer(options?: ServeOptions): Promise<RunningServer>;
