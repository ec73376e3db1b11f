/** Owns the bench's output: the printed table, bench/results.json and bench/results.md (figures, budgets, and how each is taken). */
import { writeFile } from 'node:fs/promises';
import { buildGrowth, firstVisitRatio, firstVisitRatioMarkdown, readerFileRatio, updateShare, type BudgetCheck } from './budgets';
import { int, kb, ms, pct, ratio } from './format';
import type { SizeResult } from './measure-size';
import type { TelegramImportCost } from './telegram-import';
import type { RefusalCost } from './refusal';
import type { FirstVisit } from './visit';
import type { LighthouseRun } from './lighthouse';

/** One Lighthouse page as a table cell: score, CLS, TBT, LCP. */
function lighthouseCell(run: LighthouseRun | undefined): string {
  if (!run) return '–';
  return `${run.performance} / ${run.cls.toFixed(3)} / ${ms(run.tbtMs)} / ${ms(run.lcpMs)}`;
}

/** Printed lines for one size's Lighthouse step (with what shifted and which scripts cost the most). */
export function lighthouseLines(r: SizeResult): string[] {
  const lh = r.lighthouse;
  if (!lh) return [`[${r.count}] Lighthouse: not measured${r.errors.length ? ` (${r.errors.join('; ')})` : ''}`];
  return (['library', 'article'] as const).map((page) => {
    const run = lh[page];
    if (!run) return `[${r.count}] ${page}: –`;
    return (
      `[${r.count}] ${page}: performance ${run.performance} (runs ${run.runs.join(', ')}), CLS ${run.cls.toFixed(3)}, TBT ${ms(run.tbtMs)}, ` +
      `FCP ${ms(run.fcpMs)}, LCP ${ms(run.lcpMs)}, SI ${ms(run.speedIndexMs)}, main thread ${ms(run.mainThreadMs)}, accessibility ${run.accessibility}` +
      `; shifts: ${run.shifts.join(', ') || 'none'}; scripts: ${run.bootup.join(', ') || '–'}`
    );
  });
}

/** Everything a run produced. */
export interface BenchReport {
  generatedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    chromium: string;
    loadAverage: { mean: number; max: number };
  };
  options: { sizes: number[]; throttleSizes: number[]; quick: boolean; ci: boolean; runs: number };
  results: SizeResult[];
  /** `npm run import:telegram` on a generated export (issue 18). */
  telegramImport?: TelegramImportCost | { error: string };
  /** Refusing a huge file of forged manifests (issue 12). */
  refusal?: RefusalCost | { error: string };
  buildGrowth: ReturnType<typeof buildGrowth>;
  budgets: BudgetCheck[];
}

/** The three moments of a first visit; "never" when the app finished downloading without saying it was offline-ready. */
/** Offline-ready after the last byte of content: what storing adds to the download. */
function afterLastByte(v: FirstVisit | undefined): string {
  if (!v || v.neverReady || !Number.isFinite(v.lastContentMs)) return '–';
  return `${ms(v.offlineReadyMs - v.lastContentMs)} (last byte at ${ms(v.lastContentMs)})`;
}

function visitTimes(v: FirstVisit | undefined): string {
  if (!v) return '–';
  return `${ms(v.libraryVisibleMs)} / ${ms(v.controlledMs)} / ${v.neverReady ? 'never' : ms(v.offlineReadyMs)}`;
}

interface Row {
  figure: string;
  value: (r: SizeResult) => string;
  budget?: string;
}

const ROWS: Row[] = [
  {
    figure: "Articles' own content: HTML bodies (brotli) + images",
    value: (r) => (r.own && `${kb(r.own.htmlBrotli)} + ${kb(r.own.mediaBytes)}`) || '–',
  },
  { figure: '  same, Markdown body text (brotli) instead of HTML', value: (r) => kb(r.own?.markdownBrotli) },
  {
    figure: '  raw: HTML bodies / Markdown / images',
    value: (r) => (r.own ? `${kb(r.own.htmlBytes)} / ${kb(r.own.markdownBytes)} / ${kb(r.own.mediaBytes)} (${r.own.mediaFiles})` : '–'),
  },
  {
    figure: "App shell, index.html's JS+CSS: gzip / brotli",
    value: (r) => (r.shell ? `${kb(r.shell.initial.gzip)} / ${kb(r.shell.initial.brotli)}` : '–'),
    budget: '≤ 35 KB brotli',
  },
  {
    figure: 'App shell, all JS+CSS: gzip / brotli',
    value: (r) => (r.shell ? `${kb(r.shell.all.gzip)} / ${kb(r.shell.all.brotli)}` : '–'),
    budget: '≤ 60 KB brotli',
  },
  {
    figure: '  plus, only in a browser without the Sanitizer API (DOMPurify): gzip / brotli',
    value: (r) => (r.shell?.fallbacks ? `${kb(r.shell.fallbacks.gzip)} / ${kb(r.shell.fallbacks.brotli)}` : '–'),
  },
  {
    figure: 'Content files (edition + packs): count, brotli',
    value: (r) => (r.content ? `${r.content.content.files}, ${kb(r.content.content.brotli)}` : '–'),
  },
  { figure: 'First visit: requests', value: (r) => int(r.firstVisit?.requests), budget: '≤ 25 at 1,000' },
  { figure: 'First visit: bytes on the wire', value: (r) => kb(r.firstVisit?.bytes) },
  { figure: 'First visit / own content (HTML brotli + images)', value: (r) => ratio(firstVisitRatio(r)), budget: '≤ 1.25x at 1,000' },
  { figure: '  same, over Markdown text brotli + images', value: (r) => ratio(firstVisitRatioMarkdown(r)) },
  { figure: 'First visit: list painted / SW in control / offline-ready', value: (r) => visitTimes(r.firstVisit) },
  {
    figure: '  offline-ready after the last byte of content',
    value: (r) => afterLastByte(r.firstVisit),
    budget: '≤ 2 s at 1,000, ≤ 10 s at 10,000',
  },
  {
    figure: 'Edition update: bytes until the new version waits',
    value: (r) => (r.update ? `${kb(r.update.waiting.bytes)} (${r.update.waiting.requests} req)` : '–'),
  },
  { figure: 'Edition update / first visit', value: (r) => pct(updateShare(r)), budget: '< 5% at 1,000' },
  { figure: '  content files the rebuild changed (edition + packs)', value: (r) => int(r.update?.changedContentFiles) },
  {
    figure: '  until the new edition is stored',
    value: (r) => (r.update ? `${kb(r.update.applied.bytes)} (${r.update.applied.requests} req)` : '–'),
  },
  {
    figure: 'Mirror update, own address blackholed: Check → stored (bytes)',
    value: (r) => (r.mirrorUpdate ? `${ms(r.mirrorUpdate.ms)} (${kb(r.mirrorUpdate.bytes)}, ${r.mirrorUpdate.requests} req)` : '–'),
  },
  {
    figure: 'Offline start (median / max)',
    value: (r) => (r.offline ? `${ms(r.offline.p50)} / ${ms(r.offline.max)}` : '–'),
    budget: '< 400 ms at 1,000',
  },
  { figure: 'Start with the server hanging (median / max)', value: (r) => (r.hang ? `${ms(r.hang.p50)} / ${ms(r.hang.max)}` : '–') },
  { figure: 'Offline cold start, new browser process (median)', value: (r) => ms(r.cold?.p50) },
  {
    figure: '  first search as soon as the list shows (median / max)',
    value: (r) => (r.coldSearch ? `${ms(r.coldSearch.p50)} / ${ms(r.coldSearch.max)}` : '–'),
    budget: '≤ 100 ms at 1,000',
  },
  {
    figure: 'Open article offline (median / first)',
    value: (r) => (r.openArticle ? `${ms(r.openArticle.p50)} / ${ms(r.openArticle.first)}` : '–'),
  },
  {
    figure: 'Search as you type p50 / p95',
    value: (r) => (r.search ? `${ms(r.search.p50)} / ${ms(r.search.p95)}` : '–'),
    budget: 'p95 < 30 ms at 10,000',
  },
  {
    figure: '  first query of a session',
    value: (r) =>
      r.search?.firstPartial
        ? `${ms(r.search.firstMs)} (from an index still being built: "${r.search.firstPartial.status.replace(/;.*/, '')}"; whole answer after ${ms(r.search.firstPartial.wholeMs)})`
        : ms(r.search?.firstMs),
  },
  {
    figure: 'Library list: links in the DOM / reachable by scrolling',
    value: (r) => (r.list ? `${int(r.list.rendered)} / ${int(r.list.reachable)} of ${int(r.list.total)}` : '–'),
    budget: 'only visible at 10,000',
  },
  {
    figure: 'Import of the reader file: articles per second',
    value: (r) =>
      r.importRun
        ? r.importRun.ok
          ? `${int(r.importRun.perSecond)}/s (median ${ms(r.importRun.ms)}${r.importRun.runsMs && r.importRun.runsMs.length > 1 ? ` of ${r.importRun.runsMs.map((x) => ms(x)).join(', ')}` : ''})`
          : 'failed'
        : '–',
    budget: '≥ 1,000/s',
  },
  {
    figure: 'Reader file: size / own content (raw)',
    value: (r) => (r.content ? `${kb(r.content.readerFileBytes)}, ${ratio(readerFileRatio(r))}` : '–'),
  },
  {
    figure: 'Build: time / peak memory',
    value: (r) =>
      r.build
        ? `${ms(r.build.ms)}${r.build.runsMs ? ` (median of ${r.build.runsMs.map((x) => ms(x)).join(', ')})` : ''} / ${int(r.build.peakRssMiB)} MiB`
        : '–',
    budget: '< 90 s, < 2 GB at 10,000',
  },
  { figure: 'Build: ms per article', value: (r) => (r.build ? (r.build.ms / r.count).toFixed(1) : '–'), budget: 'linear growth' },
  { figure: 'Rebuild after one change (edition update)', value: (r) => ms(r.update?.rebuild.ms) },
  { figure: 'Slow 3G + 4x CPU: list painted / SW in control / offline-ready', value: (r) => visitTimes(r.throttled?.firstVisit) },
  {
    figure: 'Slow 3G + 4x CPU: first visit bytes / requests',
    value: (r) => (r.throttled?.firstVisit ? `${kb(r.throttled.firstVisit.bytes)} / ${r.throttled.firstVisit.requests}` : '–'),
  },
  { figure: '4x CPU: offline start (median)', value: (r) => ms(r.throttled?.offline?.p50) },
  {
    figure: 'Lighthouse mobile, library: performance / CLS / TBT / LCP',
    value: (r) => lighthouseCell(r.lighthouse?.library),
    budget: '≥ 95 / < 0.02 / < 150 ms',
  },
  {
    figure: 'Lighthouse mobile, article page: performance / CLS / TBT / LCP',
    value: (r) => lighthouseCell(r.lighthouse?.article),
    budget: '≥ 95 / < 0.02 / < 150 ms',
  },
];

/** The Telegram import figure as one line. */
export function telegramLine(t: TelegramImportCost | { error: string } | undefined): string {
  if (t === undefined) return 'Telegram import: not measured';
  if ('error' in t) return `Telegram import: failed: ${t.error}`;
  return (
    `Telegram import (npm run import:telegram), ${int(t.posts)} posts (${kb(t.exportBytes)} result.json) -> ${int(t.articles)} articles: ` +
    `${int(t.postsPerSecond)} posts/s (${ms(t.ms)} wall time), peak memory ${int(t.peakRssMiB)} MiB`
  );
}

/** The refusal figure as one line. */
export function refusalLine(r: RefusalCost | { error: string } | undefined): string {
  if (r === undefined) return 'Huge forged file: not measured';
  if ('error' in r) return `Huge forged file: failed: ${r.error}`;
  return (
    `Huge forged file (${kb(r.bytes)} of manifests with millions of keys): refused in ${ms(r.badSignatureMs)} (bad signatures), ` +
    `${ms(r.unknownKeyMs)} (a stranger's valid signatures, before the person is asked)`
  );
}

/** The figures as rows of cells: figure, one column per size, budget. */
function cells(report: BenchReport): string[][] {
  const head = ['Figure', ...report.results.map((r) => `${int(r.count)} articles`), 'Budget'];
  return [head, ...ROWS.map((row) => [row.figure, ...report.results.map(row.value), row.budget ?? ''])];
}

/** The table for a terminal. */
export function formatTable(report: BenchReport): string {
  const rows = cells(report);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  const line = (r: string[]): string =>
    r
      .map((v, c) => v + ' '.repeat((widths[c] ?? 0) - [...v].length))
      .join('  ')
      .trimEnd();
  const budgets = report.budgets.map(
    (b) => `${b.verdict === 'held' ? 'HELD  ' : b.verdict === 'missed' ? 'MISSED' : 'n/a   '} ${b.budget} [${b.at}]: ${b.measured}`,
  );
  const errors = report.results.flatMap((r) => r.errors.map((e) => `[${r.count}] ${e}`));
  return [
    line(rows[0] ?? []),
    ...rows.slice(1).map(line),
    '',
    telegramLine(report.telegramImport),
    refusalLine(report.refusal),
    '',
    'Budgets (issues 6 and 16):',
    ...budgets,
    ...(errors.length ? ['', 'Steps that failed:', ...errors] : []),
  ].join('\n');
}

// Markdown drops a cell's leading spaces: sub-rows keep their place under their row with an arrow instead.
const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/^ {2}/, '↳ ');

/** The Markdown page: machine, figures, budgets, failures, and how each figure is taken. */
export function formatMarkdown(report: BenchReport): string {
  const rows = cells(report);
  const table = (r: string[][]): string[] => [
    `| ${r[0]?.map(md).join(' | ')} |`,
    `|${r[0]?.map(() => '---').join('|')}|`,
    ...r.slice(1).map((x) => `| ${x.map(md).join(' | ')} |`),
  ];
  const m = report.machine;
  const errors = report.results.flatMap((r) => r.errors.map((e) => `- ${int(r.count)} articles: ${md(e)}`));
  return [
    '# Benchmark results',
    '',
    `Run ${report.generatedAt} with \`npm run bench -- --sizes ${report.options.sizes.join(',')}${report.options.quick ? ' --quick' : ''}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Chromium ${m.chromium}; 1-minute load average ${m.loadAverage.mean.toFixed(1)} on average during the run, ${m.loadAverage.max.toFixed(1)} at most (above ${m.cpus}, other work was competing for the cores and slowed every timing).`,
    'How each figure is taken: [README.md](README.md). 1 KB = 1,000 bytes. Raw data: [results.json](results.json).',
    '',
    '## Budgets (issues 6 and 16)',
    '',
    ...table([['Budget', 'At', 'Measured', 'Verdict'], ...report.budgets.map((b) => [b.budget, b.at, b.measured, b.verdict])]),
    '',
    '## Figures',
    '',
    ...table(rows),
    '',
    md(telegramLine(report.telegramImport)),
    '',
    md(refusalLine(report.refusal)),
    '',
    ...(errors.length ? ['## Steps that failed', '', ...errors, ''] : []),
    '## Notes',
    '',
    ...report.results.flatMap((r) => [
      `- ${int(r.count)} articles: largest first-visit responses ${r.firstVisit?.largest.map((l) => `${md(l.path)} ${kb(l.bytes)}`).join(', ') ?? '–'}` +
        `; paths downloaded more than once: ${r.firstVisit?.repeated.length ? r.firstVisit.repeated.map(md).join(', ') : 'none'}.`,
    ]),
    ...report.results
      .flatMap(
        (r) =>
          [
            ['unthrottled', r.firstVisit],
            ['slow 3G', r.throttled?.firstVisit],
          ] as const,
      )
      .filter(([, v]) => v?.neverReady)
      .map(
        ([how, v]) =>
          `- The ${how} first visit ended with the service worker in control (at ${ms(v?.controlledMs)}), and the app's status line and the wire still for a minute, but the app never set data-offline-ready.`,
      ),
    ...report.results
      .filter((r) => r.update?.codeChanged)
      .map(
        (r) =>
          `- ${int(r.count)} articles: the app's sources changed between the build and the rebuild (work in progress during the run), so the edition update figure also carries new code.`,
      ),
    ...report.results
      .filter((r) => r.search?.slowest?.length)
      .map(
        (r) =>
          `- ${int(r.count)} articles: slowest search samples (of ${r.search?.samples}) ${r.search?.slowest?.map((q) => `"${md(q.q)}" ${ms(q.ms)}`).join(', ')}.`,
      ),
    `- Build time per article: ${report.buildGrowth.perArticleMs.map((p) => `${int(p.count)}: ${p.ms.toFixed(1)} ms`).join(', ')}; growth factor ${ratio(report.buildGrowth.factor)}.`,
    '',
  ].join('\n');
}

/** Writes `<base>.json` and `<base>.md`. */
export async function writeReport(report: BenchReport, base: string): Promise<void> {
  await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(`${base}.md`, formatMarkdown(report));
}
