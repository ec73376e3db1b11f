/** Owns `npm run bench`: every size in turn, then the table, the budgets and bench/results.{json,md}. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers/paths';
import { launch, newProfile } from './browser';
import { buildGrowth, checkBudgets } from './budgets';
import { measureLighthouseOnly, measureSize, OUT, startHost, type SizeResult } from './measure-size';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { formatTable, lighthouseLines, refusalLine, telegramLine, writeReport, type BenchReport } from './report';
import { measureTelegramImport, type TelegramImportCost } from './telegram-import';
import { measureRefusal, type RefusalCost } from './refusal';

async function chromiumVersion(): Promise<string> {
  const s = await launch(await newProfile());
  try {
    return s.context.browser()?.version() ?? 'unknown';
  } finally {
    await s.close(false);
  }
}

/** Runs the bench; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const log = (line: string): void => console.error(`bench: ${line}`);
  await mkdir(OUT, { recursive: true });
  const telegramDir = join(OUT, `telegram-${opts.telegramPosts}`);
  if (opts.telegramOnly) {
    const cost = await measureTelegramImport(opts.telegramPosts, telegramDir, log);
    console.log(telegramLine(cost));
    await writeFile(join(OUT, 'telegram-import.json'), `${JSON.stringify(cost, null, 2)}\n`);
    return 0;
  }
  if (opts.lighthouseOnly) {
    const load: number[] = [];
    const sampler = setInterval(() => load.push(loadavg()[0] ?? 0), 5000);
    const results: SizeResult[] = [];
    try {
      for (const count of opts.sizes) results.push(await measureLighthouseOnly(count, opts, log));
    } finally {
      clearInterval(sampler);
    }
    for (const r of results) for (const line of lighthouseLines(r)) console.log(line);
    console.log(
      `load average during the run: mean ${(load.reduce((a, b) => a + b, 0) / Math.max(1, load.length)).toFixed(1)}, max ${Math.max(0, ...load).toFixed(1)}`,
    );
    await writeFile(join(OUT, 'lighthouse.json'), `${JSON.stringify(results, null, 2)}\n`);
    return results.some((r) => r.errors.length > 0) ? 1 : 0;
  }
  const started = performance.now();
  const load: number[] = [];
  const sampler = setInterval(() => load.push(loadavg()[0] ?? 0), 5000);
  const host = await startHost(log);
  const results: SizeResult[] = [];
  try {
    for (const count of opts.sizes) results.push(await measureSize(count, opts, host, log));
  } catch (e) {
    clearInterval(sampler);
    throw e;
  } finally {
    await host.site.close();
  }
  let telegramImport: TelegramImportCost | { error: string };
  try {
    telegramImport = await measureTelegramImport(opts.telegramPosts, telegramDir, log);
  } catch (e) {
    telegramImport = { error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearInterval(sampler);
  }
  let refusal: RefusalCost | { error: string };
  try {
    // 186 MB as the reviewer built it (6 x 31 MB); a small one in CI.
    refusal = opts.ci ? await measureRefusal(2, 2) : await measureRefusal(6, 31);
    log(refusalLine(refusal));
  } catch (e) {
    refusal = { error: e instanceof Error ? e.message : String(e) };
  }
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: await chromiumVersion(),
      // Other work on the machine slows every timing: say how busy it was.
      loadAverage: { mean: load.reduce((a, b) => a + b, 0) / Math.max(1, load.length), max: Math.max(0, ...load) },
    },
    options: { sizes: opts.sizes, throttleSizes: opts.throttleSizes, quick: opts.quick, ci: opts.ci, runs: opts.runs },
    results,
    telegramImport,
    refusal,
    buildGrowth: buildGrowth(results),
    budgets: checkBudgets(results),
  };
  console.log(formatTable(report));
  // CI proves the bench runs; its figures from a small, quick run must not replace the committed ones.
  const base = opts.ci ? join(OUT, 'results-ci') : join(ROOT, 'bench', 'results');
  await writeReport(report, base);
  log(`wrote ${base}.json and ${base}.md in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const failed = results.reduce((n, r) => n + r.errors.length, 0) + ('error' in telegramImport ? 1 : 0) + ('error' in refusal ? 1 : 0);
  // In CI a step that fails is a broken bench; timings never fail it.
  return opts.ci && failed > 0 ? 1 : 0;
}
