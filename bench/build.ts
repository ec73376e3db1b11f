/** Owns building the app for the bench (vite build as a child process) and measuring its wall time and peak memory. */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers/paths';
import { percentiles } from './browser';

const GNU_TIME = '/usr/bin/time';

/** The checkout whose app is built: this one, or BENCH_APP_ROOT (to measure another branch with this bench). */
export const APP_ROOT = process.env.BENCH_APP_ROOT || ROOT;

/** What one build cost (or, built several times, the median time and the highest peak). */
export interface BuildCost {
  ms: number;
  /** Peak resident memory of the build (MiB): the larger of the process tree's sampled sum and the largest process's high-water mark. */
  peakRssMiB: number;
  /** Every build's time, ms, in order, when the size was built more than once. */
  runsMs?: number[];
}

/**
 * Builds `runs` times into `outDir` (each from scratch, the last one stays) and keeps the median time and the
 * highest peak memory: a small build is mostly Vite's fixed work, and one run of it moves by a second.
 */
export async function buildAppMedian(articlesDir: string, outDir: string, runs: number): Promise<BuildCost> {
  const costs: BuildCost[] = [];
  for (let i = 0; i < runs; i++) costs.push(await buildApp(articlesDir, outDir));
  if (costs.length === 1) return costs[0] as BuildCost;
  return {
    ms: percentiles(costs.map((c) => c.ms)).p50,
    peakRssMiB: Math.max(...costs.map((c) => c.peakRssMiB)),
    runsMs: costs.map((c) => Math.round(c.ms)),
  };
}

interface ProcStat {
  pid: number;
  ppid: number;
}

async function listProcesses(): Promise<ProcStat[]> {
  const out: ProcStat[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1]) out.push({ pid: Number(name), ppid: Number(fields[1]) });
  }
  return out;
}

async function memoryKiB(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Samples the memory of `root` and its descendants every `everyMs` until stopped; stop() gives the peak in MiB. */
export function watchMemory(root: number, everyMs = 50): { stop(): Promise<number> } {
  let peakSumKiB = 0;
  let peakOneKiB = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const all = await listProcesses();
      const tree = new Set([root]);
      // Parents are usually listed before their children; two passes catch the rest.
      for (let pass = 0; pass < 2; pass++) for (const p of all) if (tree.has(p.ppid)) tree.add(p.pid);
      let sum = 0;
      for (const pid of tree) {
        const m = await memoryKiB(pid);
        sum += m.rss;
        peakOneKiB = Math.max(peakOneKiB, m.hwm);
      }
      peakSumKiB = Math.max(peakSumKiB, sum);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return Math.max(peakSumKiB, peakOneKiB) / 1024;
    },
  };
}

/**
 * Runs a command as a child process, its output into `logFile`, and measures its wall time and peak memory: the larger
 * of GNU time's high-water mark of the largest process (exact, when installed: sampling can miss a short peak) and the
 * process tree's resident memory sampled from /proc. Throws with the log's tail when it fails; `what` names it.
 */
export async function runMeasured(
  command: string[],
  opts: { env: NodeJS.ProcessEnv; logFile: string; timeFile: string; what: string },
): Promise<BuildCost> {
  const log = createWriteStream(opts.logFile);
  const started = performance.now();
  const timed = existsSync(GNU_TIME) ? [GNU_TIME, '-f', '%M', '-o', opts.timeFile, ...command] : command;
  const child = spawn(timed[0] as string, timed.slice(1), { cwd: APP_ROOT, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const memory = watchMemory(child.pid ?? 0);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (c) => done(c ?? 1));
  });
  const ms = performance.now() - started;
  const sampledMiB = await memory.stop();
  const timeKiB = existsSync(GNU_TIME) ? Number((await readFile(opts.timeFile, 'utf8').catch(() => '')).trim().split('\n').pop()) || 0 : 0;
  const peakRssMiB = Math.max(sampledMiB, timeKiB / 1024);
  await new Promise<void>((r) => log.end(r));
  if (code !== 0) {
    const tail = (await readFile(opts.logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-20).join('\n');
    throw new Error(`${opts.what} failed (log: ${opts.logFile}):\n${tail}`);
  }
  return { ms, peakRssMiB };
}

/** Runs `vite build` with the development key and the given articles into `outDir`; throws with the log's tail on failure. */
export async function buildApp(articlesDir: string, outDir: string, env: Record<string, string> = {}): Promise<BuildCost> {
  return runMeasured(
    [process.execPath, join(APP_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'],
    {
      env: { ...process.env, NODE_ENV: 'production', OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_ARTICLES: articlesDir, ...env },
      logFile: `${outDir}.log`,
      timeFile: `${outDir}.time`,
      what: 'The app build',
    },
  );
}
