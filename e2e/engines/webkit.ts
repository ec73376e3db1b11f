// Owns WebKitGTK for the cross-engine tests: Debian's WebKitWebDriver driving MiniBrowser under a private Xvfb, through plain WebDriver HTTP calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineGone, type EngineOptions, type EnginePage } from './driver';
import { LOCALE_DIR, MINIBROWSER_PATH, WEBKIT_DRIVER_PATH, XVFB_PATH, posixLocale } from './install';

/** The W3C WebDriver key under which an element reference travels. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Starts Xvfb on a display it picks itself (-displayfd) and resolves with that display's number. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const x = spawn(XVFB_PATH, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    x.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, process: x });
    });
    x.on('error', reject);
    x.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it gave a display.`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** One WebDriver command; throws the driver's error message, as EngineGone when the browser has gone (a crash). */
async function command<T>(base: string, method: string, path: string, body?: unknown, log?: string): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { value?: unknown };
  const value = json.value as { error?: string; message?: string } | undefined;
  if (!res.ok || (value && typeof value === 'object' && 'error' in value && value.error)) {
    if (value?.error === 'invalid session id' && log) {
      const tail = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').slice(-6).join(' / ');
      throw new EngineGone(`the browser closed under the session (a crash); MiniBrowser's last words: ${tail || '(none)'}`);
    }
    throw new Error(
      `webkit: ${method} ${path.replace(/\/session\/[^/]+/, '')} failed: ${value?.error ?? res.status}: ${value?.message ?? ''}`,
    );
  }
  return json.value as T;
}

async function waitForDriver(base: string, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}).`);
    const ready = await fetch(`${base}/status`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('WebKitWebDriver did not answer within 20 s.');
}

/** Launches MiniBrowser (WebKitGTK) under its own Xvfb with a new data folder whose language is `locale`. */
export async function openWebKit({ locale = 'en-US' }: EngineOptions = {}): Promise<EnginePage> {
  const home = await mkdtemp(join(tmpdir(), 'offline-reader-webkit-'));
  const x = await startXvfb();
  const port = await freePort();
  // WebKitGTK takes navigator.language(s) from the process's locale; its data lives under the XDG folders.
  const { LC_ALL: _all, LANGUAGE: _language, LC_MESSAGES: _messages, ...inherited } = process.env;
  const env = {
    ...inherited,
    DISPLAY: x.display,
    LOCPATH: LOCALE_DIR,
    LANG: posixLocale(locale),
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
  };
  // The driver's and browser's output is kept: after a crash, its last lines say what happened.
  const log = join(home, 'webkit.log');
  const out = openSync(log, 'a');
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    driver.kill();
    x.process.kill();
    await rm(home, { recursive: true, force: true }).catch(() => undefined);
  };
  let session: string;
  try {
    await waitForDriver(base, driver);
    const created = await command<{ sessionId: string }>(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
        },
      },
    });
    session = created.sessionId;
    await command(base, 'POST', `/session/${session}/timeouts`, { script: 180_000, pageLoad: 120_000 });
  } catch (err) {
    await stop();
    throw err;
  }
  const at = `/session/${session}`;
  return {
    engine: 'webkit',
    async goto(url) {
      await command(base, 'POST', `${at}/url`, { url }, log);
    },
    async reload() {
      await command(base, 'POST', `${at}/refresh`, {}, log);
    },
    async run(fn, arg) {
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
          .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && e.stack) || e) }));`;
      const out = await command<{ ok?: unknown; error?: string }>(base, 'POST', `${at}/execute/async`, { script, args: [arg] }, log);
      if (out.error !== undefined) throw new Error(`webkit: the page script threw: ${out.error}`);
      return out.ok as never;
    },
    async setInputFile(path) {
      const el = await command<Record<string, string>>(base, 'POST', `${at}/element`, {
        using: 'css selector',
        value: 'input[type="file"]',
      });
      await command(base, 'POST', `${at}/element/${el[ELEMENT]}/value`, { text: path });
    },
    async close() {
      await command(base, 'DELETE', at).catch(() => undefined);
      await stop();
    },
  };
}
