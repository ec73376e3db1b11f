/** Owns the bench's command line. */

/** What to run. */
export interface BenchOptions {
  sizes: number[];
  /** Sizes at which the slow-3G, 4x-CPU runs happen (they take minutes per megabyte). */
  throttleSizes: number[];
  /** Fewer repetitions, no throttled runs. */
  quick: boolean;
  /** Proves the bench works: 100 articles, no throttling, results beside the build output, never the committed ones. */
  ci: boolean;
  /** Repetitions of each timed interaction. */
  runs: number;
  /** Messages in the generated Telegram export whose import is timed. */
  telegramPosts: number;
  /** Only the Telegram import figure: no library sizes, no browser. */
  telegramOnly: boolean;
  /** Only generate, build and run Lighthouse at each size (issue 16's quick loop). */
  lighthouseOnly: boolean;
  /** Lighthouse runs per page (the median score is kept). */
  lighthouseRuns: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--sizes 100,1000,10000] [--throttle-sizes 100,1000] [--quick] [--ci]

  --sizes           library sizes to generate, build and measure (default 100,1000,10000)
  --throttle-sizes  sizes also measured on slow 3G with the CPU slowed 4x (default: those of --sizes up to 1000; 'none' for none)
  --quick           fewer repetitions and no throttled runs
  --ci              100 articles, quick, results in bench/out/ (for npm test: proves the bench runs, asserts no timings)
  --telegram-posts  messages in the generated Telegram export whose import is timed (default 10000; 200 with --ci)
  --telegram-only   only the Telegram import figure (printed, and written to bench/out/telegram-import.json)
  --lighthouse-only only Lighthouse (mobile) on the library and an article page at each size (printed, and written to bench/out/lighthouse.json)`;

function parseSizes(value: string | undefined, flag: string): number[] {
  const sizes = (value ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => Number(s.replace(/[_\s]/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 20_000)) {
    throw new Error(`${flag} takes a comma-separated list of article counts from 1 to 20000, e.g. ${flag} 100,1000.`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Parses argv; throws one readable sentence on a wrong option. */
export function parseOptions(argv: string[]): BenchOptions {
  let sizes = [100, 1000, 10_000];
  let throttleSizes: number[] | undefined;
  let quick = false;
  let ci = false;
  let help = false;
  let telegramPosts: number | undefined;
  let telegramOnly = false;
  let lighthouseOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s);
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--sizes') sizes = parseSizes(value(), '--sizes');
    else if (flag === '--throttle-sizes') {
      const v = value();
      throttleSizes = v === 'none' ? [] : parseSizes(v, '--throttle-sizes');
    } else if (flag === '--quick') quick = true;
    else if (flag === '--ci') ci = true;
    else if (flag === '--telegram-posts') telegramPosts = parseSizes(value(), '--telegram-posts')[0];
    else if (flag === '--telegram-only') telegramOnly = true;
    else if (flag === '--lighthouse-only') lighthouseOnly = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else throw new Error(`Unknown option ${argv[i]}.\n${USAGE}`);
  }
  if (ci) {
    sizes = [100];
    quick = true;
  }
  const throttled = quick ? [] : (throttleSizes ?? sizes.filter((n) => n <= 1000)).filter((n) => sizes.includes(n));
  return {
    sizes,
    throttleSizes: throttled,
    quick,
    ci,
    runs: quick ? 3 : 7,
    telegramPosts: telegramPosts ?? (ci ? 200 : 10_000),
    telegramOnly,
    lighthouseOnly,
    lighthouseRuns: quick ? 1 : 3,
    help,
  };
}
