// Owns a throwaway, non-persistent Chromium for pages opened straight from disk (file://), with JavaScript on or off, recording every request.
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { CHROME_ARGS, ensureChromium } from './chromium';

/** A browser opened on nothing yet; `requests` lists every URL the context asked for. */
export interface PlainBrowser {
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** Requests to anything but file:, data: and blob: URLs that the page's Content-Security-Policy did not stop before they left (a file opened from disk should make none). */
  network(): string[];
  /** Requests the Content-Security-Policy stopped in the browser. */
  blocked: string[];
  close(): Promise<void>;
}

/** Launches Chromium with an in-memory profile; `javaScriptEnabled: false` is what iOS Quick Look and locked-down browsers do. */
export async function openPlainBrowser({ javaScriptEnabled = true, locale = 'en-US' } = {}): Promise<PlainBrowser> {
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROME_ARGS, `--lang=${locale}`],
    timeout: 60_000,
  });
  const context = await browser.newContext({ javaScriptEnabled, locale, viewport: { width: 1000, height: 800 } });
  const requests: Request[] = [];
  const blocked = new Set<Request>();
  context.on('request', (r) => void requests.push(r));
  // Chromium reports a request the policy refused as a request that failed with "csp": it never reached the network.
  context.on('requestfailed', (r) => {
    if (/^(csp|net::ERR_BLOCKED_BY_CSP)$/i.test(r.failure()?.errorText ?? '')) blocked.add(r);
  });
  const page = await context.newPage();
  return {
    context,
    page,
    get requests() {
      return requests.map((r) => r.url());
    },
    get blocked() {
      return [...blocked].map((r) => r.url());
    },
    network: () => requests.filter((r) => !blocked.has(r) && !/^(file|data|blob):/i.test(r.url())).map((r) => r.url()),
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
