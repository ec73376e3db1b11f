// Owns the static server used by `npm start`, the e2e tests and the bench: any sub-path, brotli/gzip, ETags, caching, and simulated outages.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Content types by file extension; text types get `charset=utf-8`. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

const COMPRESSIBLE = new Set(['.html', '.htm', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.svg', '.txt', '.xml']);

// Content-hashed names never change content, so browsers may keep them for a year without asking.
const IMMUTABLE = [
  /^assets\/.+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/,
  /^content\/.+-[A-Za-z0-9_-]{8,}\.html$/,
  /^media\/[0-9a-f]{64}\.[A-Za-z0-9]+$/,
];

/** What a mirror sends so that the app, installed from another origin, may read its files: anyone may read them (they are public and signed). */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD',
  'Access-Control-Allow-Headers': 'Cache-Control, If-None-Match',
};

/** Cache-Control for a path relative to the app's base: immutable for content-hashed names, revalidate otherwise. */
export function cacheControlFor(relPath) {
  return IMMUTABLE.some((re) => re.test(relPath)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Picks the response encoding from an Accept-Encoding header: brotli first, then gzip, else identity. */
export function pickEncoding(acceptEncoding) {
  const accepted = new Map();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => (accepted.get(name) ?? (accepted.has('*') ? accepted.get('*') : 0)) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Normalises a base path to start and end with '/'. */
export function normalizeBase(base = '/') {
  let b = String(base).trim();
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b.replace(/\/{2,}/g, '/');
}

/**
 * Starts serving `dir` under `base`. Port 0 picks a free port. `brotliQuality` (0-11, default 11, the
 * size a precompressing host reaches) can be lowered where compression time matters more than bytes.
 * Returns the app's URL, the port, `close()` and `setMode()`: 'hang' accepts connections and never
 * answers (a censor's firewall), 'down' drops every connection, 'normal' serves. `cors` sends the headers a mirror
 * needs so that an app installed from another origin may read its files (docs/operations.md).
 */
export async function startServer({
  dir = 'dist',
  port = 0,
  host = '127.0.0.1',
  base = '/',
  log = false,
  brotliQuality = 11,
  cors = false,
} = {}) {
  const root = resolve(dir);
  const prefix = normalizeBase(base);
  const logLine = typeof log === 'function' ? log : log ? (line) => console.log(line) : null;
  /** @type {'normal'|'hang'|'down'} */
  let mode = 'normal';
  /** @type {((relPath: string) => boolean) | null} */
  let cut = null;
  const sockets = new Set();
  const cache = new Map();

  async function load(file) {
    const info = await stat(file);
    if (!info.isFile()) return null;
    const key = `${info.size}:${info.mtimeMs}`;
    const hit = cache.get(file);
    if (hit && hit.key === key) return hit;
    const raw = await readFile(file);
    const entry = {
      key,
      raw,
      etag: createHash('sha256').update(raw).digest('base64url').slice(0, 22),
      encoded: new Map(),
    };
    cache.set(file, entry);
    return entry;
  }

  function encode(entry, file, encoding) {
    let pending = entry.encoded.get(encoding);
    if (!pending) {
      pending = (async () => {
        // A precompressed sibling (file.br / file.gz), as static hosts use, wins over compressing here.
        const sibling = await readFile(`${file}.${encoding === 'br' ? 'br' : 'gz'}`).catch(() => null);
        if (sibling) return sibling;
        return encoding === 'br'
          ? brotliAsync(entry.raw, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: brotliQuality,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: entry.raw.length,
                [zlib.BROTLI_PARAM_LGWIN]: 24,
              },
            })
          : gzipAsync(entry.raw, { level: 9 });
      })();
      entry.encoded.set(encoding, pending);
    }
    return pending;
  }

  function send(req, res, status, headers, body) {
    res.writeHead(status, cors ? { ...headers, ...CORS_HEADERS } : headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req, res) {
    const started = Date.now();
    let bytes = 0;
    res.on('finish', () => {
      logLine?.(
        `${req.method} ${req.url} ${res.statusCode} ${bytes}B ${res.getHeader('Content-Encoding') ?? '-'} ${Date.now() - started}ms`,
      );
    });
    const text = (status, message, extra = {}) =>
      send(req, res, status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...extra }, `${message}\n`);

    if (cors && req.method === 'OPTIONS') return send(req, res, 204, { 'Access-Control-Max-Age': '86400' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return text(400, 'Bad request');
    }
    if (pathname.includes('\0')) return text(400, 'Bad request');
    // The prefix is decoded (`/خبر/`), and a header may carry only ASCII.
    if (`${pathname}/` === prefix) return text(301, 'Moved', { Location: `${encodeURI(prefix)}${url.search}` });
    if (!pathname.startsWith(prefix)) return text(404, 'Not found');

    let rel = pathname.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(root, rel);
    if (file !== root && !file.startsWith(root + sep)) return text(404, 'Not found');

    let entry;
    try {
      entry = await load(file);
    } catch {
      entry = null;
    }
    if (!entry) {
      const isDir = await stat(file).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (isDir) return text(301, 'Moved', { Location: `${url.pathname}/${url.search}` });
      return text(404, 'Not found');
    }

    const ext = extname(file).toLowerCase();
    const compressible = COMPRESSIBLE.has(ext);
    const encoding = compressible ? pickEncoding(req.headers['accept-encoding']) : 'identity';
    const etag = `"${entry.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const headers = {
      'Content-Type': MIME_TYPES[ext] ?? 'application/octet-stream',
      'Cache-Control': cacheControlFor(rel.split(sep).join('/')),
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (compressible) headers.Vary = 'Accept-Encoding';

    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return send(req, res, 304, headers);

    const body = encoding === 'identity' ? entry.raw : await encode(entry, file, encoding);
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = body.length;
    if (cut?.(rel.split(sep).join('/'))) {
      // The connection breaks halfway through the body, as a censor's reset or a lost signal does.
      res.writeHead(200, cors ? { ...headers, ...CORS_HEADERS } : headers);
      bytes = Math.floor(body.length / 2);
      res.write(body.subarray(0, bytes), () => setTimeout(() => req.socket.destroy(), 50));
      return;
    }
    bytes = body.length;
    send(req, res, 200, headers, body);
  }

  const server = createServer((req, res) => {
    if (mode === 'hang') return; // keep the request open and say nothing, like a silent firewall
    if (mode === 'down') return void req.socket.destroy();
    handle(req, res).catch(() => {
      if (!res.headersSent) send(req, res, 500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Server error\n');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    if (mode === 'down') return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5000;

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${actualPort}${prefix}`,
    port: actualPort,
    /** Switches between serving, hanging and dropping connections. */
    setMode(next) {
      if (!['normal', 'hang', 'down'].includes(next)) throw new Error(`Unknown server mode: ${next}`);
      mode = next;
      // Open keep-alive connections would otherwise keep serving in the old mode.
      if (next === 'down') for (const s of sockets) s.destroy();
    },
    /** Breaks the connection halfway through the body of every file whose path (relative to the base) matches; null: none. */
    setCut(match) {
      cut = match;
    },
    /** Stops listening and drops every open connection, including hung ones. */
    close() {
      return new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function parseArgs(argv) {
  const opts = { dir: 'dist', port: 4173, host: '127.0.0.1', base: '/', log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (name === '--dir') opts.dir = value();
    else if (name === '--port') {
      opts.port = Number(value());
      opts.portGiven = true;
    } else if (name === '--host') opts.host = value();
    else if (name === '--base') opts.base = value();
    else if (name === '--log') opts.log = true;
    else if (name === '--cors') opts.cors = true;
    else if (name === '--brotli-quality') opts.brotliQuality = Number(value());
    else if (name === '--help' || name === '-h') opts.help = true;
    else throw new Error(`Unknown option ${arg}. Try --help.`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('The port must be a number from 0 to 65535.');
  if (!Number.isInteger(opts.brotliQuality ?? 11) || opts.brotliQuality < 0 || opts.brotliQuality > 11) {
    throw new Error('The brotli quality must be a whole number from 0 to 11.');
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  if (opts.help) {
    console.log(
      'Usage: node scripts/serve.mjs [--dir dist] [--port 4173] [--host 127.0.0.1] [--base /] [--brotli-quality 11] [--log] [--cors]\n  --cors  send Access-Control-Allow-Origin: * (as a mirror must, so apps installed from other addresses can read it)',
    );
    return;
  }
  const index = join(resolve(opts.dir), 'index.html');
  if (
    !(await stat(index).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    console.error(`There is no built app in ${opts.dir}/: run "npm run build:dev" (or "npm run build") first.`);
    process.exit(1);
  }
  try {
    const { url } = await startServer(opts).catch((err) => {
      // The default port is only a preference: take a free one rather than fail `npm start`.
      if (err?.code === 'EADDRINUSE' && !opts.portGiven) return startServer({ ...opts, port: 0 });
      throw err;
    });
    console.log(`Serving ${opts.dir}/ at ${url}  (Ctrl+C to stop)`);
  } catch (err) {
    const reason = err?.code === 'EADDRINUSE' ? `port ${opts.port} is already in use; try --port 0 or another number` : err?.message;
    console.error(`Could not start the server: ${reason}.`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
