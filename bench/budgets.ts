/** Owns issue 6's budgets and the derived figures they are checked against (held, missed, or not measured at that size). */
import { int, kb, ms, pct, ratio } from './format';
import type { SizeResult } from './measure-size';

export type Verdict = 'held' | 'missed' | 'not measured';

/** One budget checked against one measured figure. */
export interface BudgetCheck {
  budget: string;
  /** Library size it applies to ('every size' or a count). */
  at: string;
  measured: string;
  verdict: Verdict;
}

/** First-visit bytes as a ratio of the floor: the articles' HTML bodies brotli-compressed as one stream, plus their images. */
export function firstVisitRatio(r: SizeResult): number | undefined {
  if (!r.firstVisit || !r.own) return undefined;
  return r.firstVisit.bytes / (r.own.htmlBrotli + r.own.mediaBytes);
}

/** The same against the Markdown body text instead of the HTML bodies. */
export function firstVisitRatioMarkdown(r: SizeResult): number | undefined {
  if (!r.firstVisit || !r.own) return undefined;
  return r.firstVisit.bytes / (r.own.markdownBrotli + r.own.mediaBytes);
}

/** Edition update's bytes (until the new version waits) as a share of the first visit's. */
export function updateShare(r: SizeResult): number | undefined {
  return r.update && r.firstVisit ? r.update.waiting.bytes / r.firstVisit.bytes : undefined;
}

/** Reader file size over the articles' own size (HTML bodies plus images, uncompressed: the file travels as it is). */
export function readerFileRatio(r: SizeResult): number | undefined {
  return r.content && r.own ? r.content.readerFileBytes / (r.own.htmlBytes + r.own.mediaBytes) : undefined;
}

/** How build time grows with the library: marginal ms per article between the two largest sizes over that between the two smallest. */
export function buildGrowth(results: SizeResult[]): { factor?: number; perArticleMs: { count: number; ms: number }[] } {
  const built = results.filter((r) => r.build).sort((a, b) => a.count - b.count);
  const perArticleMs = built.map((r) => ({ count: r.count, ms: (r.build?.ms ?? 0) / r.count }));
  if (built.length < 3) {
    const [a, b] = [built[0], built[built.length - 1]];
    // Two sizes: time grows no faster than size when the per-article cost does not rise.
    return { factor: a && b && a !== b ? (b.build?.ms ?? 0) / b.count / ((a.build?.ms ?? 0) / a.count) : undefined, perArticleMs };
  }
  const marginal = (x: SizeResult, y: SizeResult): number => ((y.build?.ms ?? 0) - (x.build?.ms ?? 0)) / (y.count - x.count);
  const n = built.length;
  return {
    factor: marginal(built[n - 2] as SizeResult, built[n - 1] as SizeResult) / marginal(built[0] as SizeResult, built[1] as SizeResult),
    perArticleMs,
  };
}

function check(budget: string, at: string, value: number | undefined, shown: string, held: (v: number) => boolean): BudgetCheck {
  return {
    budget,
    at,
    measured: value === undefined ? '–' : shown,
    verdict: value === undefined ? 'not measured' : held(value) ? 'held' : 'missed',
  };
}

/** Checks every budget of issue 6 against the results. */
export function checkBudgets(results: SizeResult[]): BudgetCheck[] {
  const at = (n: number): SizeResult | undefined => results.find((r) => r.count === n);
  const r1k = at(1000);
  const r10k = at(10_000);
  const shell = results.find((r) => r.shell)?.shell;
  const out: BudgetCheck[] = [];
  out.push(
    check(
      'App shell: JS and CSS at most 35 KB, brotli (what index.html loads to paint the app)',
      'every size',
      shell?.initial.brotli,
      `${kb(shell?.initial.brotli)}`,
      (v) => v <= 35_000,
    ),
  );
  out.push(
    check(
      'All the code a first visit downloads at most 60 KB, brotli (lazy parts, both workers and sw.js included; issue 16)',
      'every size',
      shell?.all.brotli,
      `${kb(shell?.all.brotli)}`,
      (v) => v <= 60_000,
    ),
  );
  const fv = r1k && firstVisitRatio(r1k);
  out.push(
    check(
      'First visit at most 1.25x the brotli size of the content',
      '1,000',
      fv,
      `${ratio(fv)} (${kb(r1k?.firstVisit?.bytes)})`,
      (v) => v <= 1.25,
    ),
  );
  out.push(check('First visit at most 25 requests', '1,000', r1k?.firstVisit?.requests, int(r1k?.firstVisit?.requests), (v) => v <= 25));
  const up = r1k && updateShare(r1k);
  out.push(
    check(
      'Edition update after one changed article under 5% of the first visit',
      '1,000',
      up,
      `${pct(up)} (${kb(r1k?.update?.waiting.bytes)})`,
      (v) => v < 0.05,
    ),
  );
  out.push(
    check(
      'Offline start to library visible under 400 ms, unthrottled',
      '1,000',
      r1k?.offline?.p50,
      `${ms(r1k?.offline?.p50)} (median)`,
      (v) => v < 400,
    ),
  );
  out.push(check('Search p95 under 30 ms', '10,000', r10k?.search?.p95, ms(r10k?.search?.p95), (v) => v < 30));
  for (const [r, limit] of [
    [r1k, 2000],
    [r10k, 10_000],
  ] as const) {
    const v = r?.firstVisit;
    const after = v && !v.neverReady ? v.offlineReadyMs - v.lastContentMs : undefined;
    out.push(
      check(
        `Offline-ready within ${limit / 1000} s of the last byte of content, unthrottled (issue 16)`,
        int(r?.count ?? (limit === 2000 ? 1000 : 10_000)),
        after,
        ms(after),
        (x) => x <= limit,
      ),
    );
  }
  out.push(
    check(
      'First search right after a cold offline start within 100 ms (issue 16)',
      '1,000',
      r1k?.coldSearch?.p50,
      `${ms(r1k?.coldSearch?.p50)} (median; max ${ms(r1k?.coldSearch?.max)})`,
      (v) => v <= 100,
    ),
  );
  for (const r of results.filter((x) => x.lighthouse)) {
    for (const page of ['library', 'article'] as const) {
      const run = r.lighthouse?.[page];
      out.push(
        check(
          `Lighthouse mobile, ${page === 'library' ? 'library' : 'article page'}: performance ≥ 95, CLS < 0.02, TBT < 150 ms (issue 16)`,
          int(r.count),
          run?.performance,
          run ? `${run.performance}, CLS ${run.cls.toFixed(3)}, TBT ${ms(run.tbtMs)}` : '–',
          () => !!run && run.performance >= 95 && run.cls < 0.02 && run.tbtMs < 150,
        ),
      );
    }
  }
  for (const r of results) {
    const rate = r.importRun?.ok ? r.importRun.perSecond : r.importRun ? 0 : undefined;
    out.push(
      check(
        'Import at least 1,000 articles per second',
        int(r.count),
        rate,
        r.importRun?.ok ? `${int(rate)}/s` : `failed: ${r.importRun?.message ?? ''}`,
        (v) => v >= 1000,
      ),
    );
  }
  out.push(check('Build of 10,000 articles under 90 s', '10,000', r10k?.build?.ms, ms(r10k?.build?.ms), (v) => v < 90_000));
  out.push(
    check(
      'Build of 10,000 articles under 2 GB peak memory',
      '10,000',
      r10k?.build?.peakRssMiB,
      `${int(r10k?.build?.peakRssMiB)} MiB`,
      (v) => v * 1024 * 1024 < 2e9,
    ),
  );
  const growth = buildGrowth(results);
  out.push(
    check(
      'Build cost grows no faster than linearly',
      results.map((r) => int(r.count)).join(' → '),
      growth.factor,
      `${ratio(growth.factor)} marginal cost per article, largest vs smallest sizes`,
      (v) => v <= 1.25,
    ),
  );
  const list = r10k?.list;
  out.push(
    check(
      'A 10,000-article list renders only what is visible, every article reachable by scrolling',
      '10,000',
      list ? list.rendered : undefined,
      `${int(list?.rendered)} links in the DOM, ${int(list?.reachable)} of ${int(list?.total)} reached by scrolling`,
      (v) => v <= 500 && list?.reachable === list?.total,
    ),
  );
  return out;
}
