/** Owns the bench's Lighthouse step: the library and an article page, first visit, Lighthouse's mobile profile, in Debian's Chromium. */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROME_ARGS, ensureChromium } from '../e2e/helpers/chromium';

/** One page's figures, from the run with the median performance score. */
export interface LighthouseRun {
  /** 0-100. */
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Main-thread work during the load, ms (Lighthouse's CPU-slowed figure). */
  mainThreadMs: number;
  /** Performance scores of every run, in order. */
  runs: number[];
  /** What shifted, and the biggest main-thread costs by script: for the notes. */
  shifts: string[];
  bootup: string[];
}

/** Figures for the library and an article page at one size. */
export interface LighthouseCost {
  library?: LighthouseRun;
  article?: LighthouseRun;
}

interface Audit {
  numericValue?: number;
  details?: { items?: Record<string, unknown>[] };
}

const num = (audits: Record<string, Audit>, id: string): number => audits[id]?.numericValue ?? NaN;

function describeShifts(audit: Audit | undefined): string[] {
  return (audit?.details?.items ?? []).slice(0, 3).map((item) => {
    const node = item.node as { nodeLabel?: string; selector?: string } | undefined;
    return `${(node?.selector ?? node?.nodeLabel ?? '?').slice(0, 60)} ${Number(item.score ?? 0).toFixed(3)}`;
  });
}

function describeBootup(audit: Audit | undefined): string[] {
  return (audit?.details?.items ?? []).slice(0, 4).map((item) => {
    const url = String(item.url ?? '');
    return `${url.slice(url.lastIndexOf('/') + 1) || url} ${Math.round(Number(item.total ?? 0))} ms`;
  });
}

/** Lighthouse `runs` times on `url` (a fresh, empty profile each time: a first visit); the run with the median performance score. */
async function measurePage(url: string, port: number, runs: number): Promise<LighthouseRun> {
  const all: Omit<LighthouseRun, 'runs'>[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      // Lighthouse's defaults: mobile form factor, simulated slow 4G, CPU slowed 4x; storage cleared first.
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned no result for ${url}`);
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audits = lhr.audits as unknown as Record<string, Audit>;
    all.push({
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcpMs: num(audits, 'first-contentful-paint'),
      lcpMs: num(audits, 'largest-contentful-paint'),
      tbtMs: num(audits, 'total-blocking-time'),
      cls: num(audits, 'cumulative-layout-shift'),
      speedIndexMs: num(audits, 'speed-index'),
      mainThreadMs: num(audits, 'mainthread-work-breakdown'),
      shifts: describeShifts(audits['layout-shifts']),
      bootup: describeBootup(audits['bootup-time']),
    });
  }
  const sorted = [...all].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor(sorted.length / 2)] as Omit<LighthouseRun, 'runs'>;
  return { ...median, runs: all.map((r) => r.performance) };
}

/** The library (`url`) and the article at `articleHash`, each `runs` times, in one Chromium that Lighthouse drives. */
export async function measureLighthouse(url: string, articleHash: string, runs: number): Promise<LighthouseCost> {
  const chrome = await chromeLauncher.launch({
    chromePath: ensureChromium(),
    chromeFlags: [...CHROME_ARGS, '--lang=en-US'],
  });
  try {
    const library = await measurePage(url, chrome.port, runs);
    const article = await measurePage(url + articleHash, chrome.port, runs);
    return { library, article };
  } finally {
    await chrome.kill();
  }
}
