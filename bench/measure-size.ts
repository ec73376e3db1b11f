/** Owns one library size end to end: generate, build, serve, and take every figure of issue 6 in real Chromium. */
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleHash, collectListed } from '../e2e/helpers/app';
import type { GeneratedArticle } from '../e2e/helpers/generate-library';
import { ROOT } from '../e2e/helpers/paths';
import { launch, newProfile, slowCpu } from './browser';
import { buildApp, buildAppMedian, type BuildCost } from './build';
import { measureContentFiles, measureShell, precompress, type ContentFiles, type ShellSizes } from './dist-files';
import { measureImport, type ImportRun } from './import';
import { measureLighthouse, type LighthouseCost } from './lighthouse';
import { editOneArticle, measureOwnContent, prepareLibrary, type OwnContent } from './library';
import { measureColdOffline, measureHang, measureOffline, type OfflineStart } from './offline';
import type { BenchOptions } from './options';
import { countRenderedLinks, measureOpenArticle, measureSearch, type OpenArticle, type SearchLatency } from './reading';
import { serveBuild, type Site } from './site';
import { measureEditionUpdate, type EditionUpdate } from './update';
import { measureMirrorUpdate, type MirrorUpdate } from './mirror-update';
import { measureFirstVisit, type FirstVisit } from './visit';
import { SLOW_3G } from './wire';

/** Every figure for one library size; a figure is absent when its step failed (see `errors`). */
export interface SizeResult {
  count: number;
  own?: OwnContent;
  build?: BuildCost;
  shell?: ShellSizes;
  content?: ContentFiles;
  firstVisit?: FirstVisit;
  offline?: OfflineStart;
  hang?: OfflineStart;
  cold?: OfflineStart;
  /** The first search right after each cold start, as soon as the list shows (issue 16: within 100 ms at 1,000). */
  coldSearch?: OfflineStart;
  openArticle?: OpenArticle;
  search?: SearchLatency;
  list?: { rendered: number; reachable: number; total: number };
  throttled?: { firstVisit?: FirstVisit; offline?: OfflineStart };
  importRun?: ImportRun;
  /** `codeChanged`: the sources changed during the run, so the update also carried new code. `changedContentFiles`: new edition and pack files. */
  update?: EditionUpdate & { rebuild: BuildCost; codeChanged: boolean; changedContentFiles: number };
  /** The app's own address blackholed, one mirror up: "Check for updates now" until the new edition is stored (at 1,000, and in CI). */
  mirrorUpdate?: MirrorUpdate;
  /** Lighthouse's mobile profile, first visit, library and an article page (at up to 1,000 articles). */
  lighthouse?: LighthouseCost;
  errors: string[];
}

/** The app a reader file is imported into: built from three articles of its own, so every imported article is new. */
export interface HostApp {
  site: Site;
}

/** Where the bench keeps its libraries and builds (git-ignored). */
export const OUT = join(ROOT, 'bench', 'out');

/** Builds and serves the host app for imports. */
export async function startHost(log: (line: string) => void): Promise<HostApp> {
  const dir = join(OUT, 'host');
  await prepareLibrary(3, join(dir, 'articles'));
  log('host app: building (3 articles) for the import figures');
  await buildApp(join(dir, 'articles'), join(dir, 'dist'));
  await precompress(join(dir, 'dist'));
  return { site: await serveBuild(join(dir, 'dist')) };
}

async function listFiles(dist: string, folder: string): Promise<string[]> {
  return (await readdir(join(dist, folder)).catch(() => [])).filter((f) => !f.endsWith('.br')).sort();
}

/** Runs `step`, recording its failure instead of ending the whole bench. */
async function attempt<T>(result: SizeResult, what: string, log: (line: string) => void, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (e) {
    const message = `${what}: ${e instanceof Error ? e.message.split('\n').slice(0, 6).join(' | ') : String(e)}`;
    result.errors.push(message);
    log(`  FAILED ${message}`);
    return undefined;
  }
}

/** Where one size lives and what it was generated from. */
interface SizeContext {
  count: number;
  opts: BenchOptions;
  articles: GeneratedArticle[];
  articlesDir: string;
  dist: string;
  site: Site;
  result: SizeResult;
  say: (line: string) => void;
}

/** Where one size lives (its articles and its build), its empty result, and its log prefix. */
function startSize(count: number, log: (line: string) => void) {
  const dir = join(OUT, String(count));
  return {
    say: (line: string): void => log(`[${count}] ${line}`),
    result: { count, errors: [] } as SizeResult,
    articlesDir: join(dir, 'articles'),
    dist: join(dir, 'dist'),
  };
}

/** Takes every figure for a library of `count` articles. */
export async function measureSize(count: number, opts: BenchOptions, host: HostApp, log: (line: string) => void): Promise<SizeResult> {
  const { say, result, articlesDir, dist } = startSize(count, log);

  say('generating the library (reused when unchanged)');
  const articles = await prepareLibrary(count, articlesDir);
  const builds = opts.ci ? 1 : buildRuns(count);
  say(builds > 1 ? `building (${builds} times, median)` : 'building');
  result.build = await attempt(result, 'build', say, () => buildAppMedian(articlesDir, dist, builds));
  if (!result.build) return result;
  say(
    `built in ${(result.build.ms / 1000).toFixed(1)} s, peak ${Math.round(result.build.peakRssMiB)} MiB; compressing as a static host would`,
  );
  const br = await precompress(dist);
  result.shell = await measureShell(dist, br);
  result.content = await measureContentFiles(dist, br);
  result.own = await measureOwnContent(dist, articlesDir, articles);

  const site = await serveBuild(dist);
  const ctx: SizeContext = { count, opts, articles, articlesDir, dist, site, result, say };
  try {
    if (count <= 1000) await measureLighthouseOf(ctx);
    const installed = await measureInstalled(ctx);
    if (opts.throttleSizes.includes(count)) await measureThrottled(ctx);
    await measureImportOf(ctx, host);
    if (installed) await measureUpdate(ctx, installed);
  } finally {
    await site.close();
  }
  if (count === 1000 || opts.ci) {
    say('mirror update: the own address blackholed, the next edition only on a mirror, "Check for updates now"');
    result.mirrorUpdate = await attempt(result, 'mirror update', say, () =>
      measureMirrorUpdate(articlesDir, articles, join(OUT, `mirror-${count}`), visitTimeout(count)),
    );
  }
  return result;
}

const visitTimeout = (count: number): number => 60_000 + count * 40;

/** The article page Lighthouse opens: the first article with a picture, so the page has its largest kind of content. */
function lighthouseArticle(articles: GeneratedArticle[]): GeneratedArticle | undefined {
  return articles.find((a) => a.images > 0) ?? articles[0];
}

async function measureLighthouseOf({ opts, articles, site, result, say }: SizeContext): Promise<void> {
  const article = lighthouseArticle(articles);
  if (!article) return;
  say(`Lighthouse (mobile: slow 4G, CPU 4x), library and an article page, ${opts.lighthouseRuns} run(s) each`);
  result.lighthouse = await attempt(result, 'lighthouse', say, () =>
    measureLighthouse(site.url, articleHash(article.id), opts.lighthouseRuns),
  );
}

/** `--lighthouse-only`: generate, build and serve one size, then only the Lighthouse step. */
export async function measureLighthouseOnly(count: number, opts: BenchOptions, log: (line: string) => void): Promise<SizeResult> {
  const { say, result, articlesDir, dist } = startSize(count, log);
  say('generating the library (reused when unchanged), building');
  const articles = await prepareLibrary(count, articlesDir);
  result.build = await attempt(result, 'build', say, () => buildApp(articlesDir, dist));
  if (!result.build) return result;
  const br = await precompress(dist);
  result.shell = await measureShell(dist, br);
  const site = await serveBuild(dist);
  try {
    await measureLighthouseOf({ count, opts, articles, articlesDir, dist, site, result, say });
  } finally {
    await site.close();
  }
  return result;
}

/** First visit, then offline: starts, reading, search, the list, cold starts. Returns the installed profile. */
async function measureInstalled({ count, opts, articles, site, result, say }: SizeContext): Promise<string | undefined> {
  let session = await launch(await newProfile());
  try {
    say('first visit');
    result.firstVisit = await attempt(result, 'first visit', say, () => measureFirstVisit(session, site, visitTimeout(count)));
    if (!result.firstVisit) {
      await session.close(false);
      return undefined;
    }
    const s = session;
    say('offline starts, reading and search');
    result.offline = await attempt(result, 'offline start', say, () => measureOffline(s, site, opts.runs));
    result.hang = await attempt(result, 'start with the server hanging', say, () => measureHang(s, site, opts.runs));
    site.setMode('down');
    await s.context.setOffline(true);
    await s.page.goto(site.url);
    result.openArticle = await attempt(result, 'open article', say, () => measureOpenArticle(s.page, opts.runs));
    result.search = await attempt(result, 'search', say, () => measureSearch(s.page));
    result.list = await attempt(result, 'list', say, async () => {
      const rendered = await countRenderedLinks(s.page);
      const listed = new Set((await collectListed(s.page)).map((l) => l.href.slice(l.href.indexOf('#'))));
      return { rendered, reachable: articles.filter((a) => listed.has(articleHash(a.id))).length, total: articles.length };
    });
    await s.context.setOffline(false);
    site.setMode('normal');
    const cold = await attempt(result, 'cold offline start', say, () => measureColdOffline(s, site, Math.min(3, opts.runs)));
    if (cold) {
      result.cold = cold.start;
      result.coldSearch = cold.firstSearch;
      session = cold.session;
    }
    await session.close();
    return session.profile;
  } finally {
    site.setMode('normal');
  }
}

/** First visit and offline start on slow 3G with the page's CPU slowed 4x, in a fresh profile. */
async function measureThrottled({ opts, site, result, say }: SizeContext): Promise<void> {
  say('first visit and offline start on slow 3G with the CPU slowed 4x');
  const slow = await launch(await newProfile());
  try {
    await slowCpu(slow.page, 4);
    site.setProfile(SLOW_3G);
    const bytes = (result.content?.content.brotli ?? 0) + (result.shell?.all.brotli ?? 0) + (result.own?.mediaBytes ?? 0);
    const timeout = 120_000 + ((bytes * 8) / SLOW_3G.downKbps) * 2;
    const firstVisit = await attempt(result, 'throttled first visit', say, () => measureFirstVisit(slow, site, timeout));
    const offline = firstVisit
      ? await attempt(result, 'throttled offline start', say, () => measureOffline(slow, site, opts.runs))
      : undefined;
    result.throttled = { firstVisit, offline };
  } finally {
    site.setProfile(null);
    await slow.close(false);
  }
}

/**
 * How many times a size is built: up to 1,000 articles a build is mostly Vite's fixed work, whose time moves by a
 * second between runs, and the growth figure divides by the difference of the two small builds.
 */
const buildRuns = (count: number): number => (count <= 1000 ? 3 : 1);

/** How many times the import is timed: one run at the small sizes is mostly noise (fresh browser, cold worker), and a run there costs seconds. */
const importRuns = (count: number): number => (count <= 1000 ? 5 : 3);

/** The size's reader file imported into the host app, each time in a fresh profile; the median run is kept (any failure is kept instead). */
async function measureImportOf({ count, opts, dist, result, say }: SizeContext, host: HostApp): Promise<void> {
  const runsWanted = opts.ci ? 3 : importRuns(count);
  say(`import of the reader file into an empty library (${runsWanted} runs, median)`);
  const file = join(dist, 'library.html');
  const bytes = (await stat(file)).size;
  const runs: ImportRun[] = [];
  for (let i = 0; i < runsWanted; i++) {
    const importer = await launch(await newProfile());
    try {
      const run = await attempt(result, 'import', say, () => measureImport(importer, host.site, file, count, bytes, 60_000 + count * 50));
      if (!run) return;
      runs.push(run);
      if (!run.ok) break;
    } finally {
      await importer.close(false);
    }
  }
  const failed = runs.find((r) => !r.ok);
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const kept = failed ?? sorted[Math.floor(sorted.length / 2)];
  if (kept) result.importRun = { ...kept, runsMs: runs.map((r) => Math.round(r.ms)) };
}

/** One article changed and rebuilt into the served folder; the installed profile reopens the app. */
async function measureUpdate({ count, articles, articlesDir, dist, site, result, say }: SizeContext, profile: string): Promise<void> {
  say('edition update: one article changed, rebuilt, the installed app reopened');
  const edited = articles[Math.floor(articles.length / 2)];
  if (!edited) return;
  const metaFile = `${articlesDir}.json`;
  const meta = await readFile(metaFile, 'utf8');
  const original = await readFile(join(articlesDir, edited.file));
  // Until the article is restored, the generated library does not match its key: a crash here means regenerate.
  await rm(metaFile, { force: true });
  try {
    await editOneArticle(articlesDir, edited);
    const [codeBefore, contentBefore] = [await listFiles(dist, 'assets'), await listFiles(dist, 'content')];
    const rebuild = await buildApp(articlesDir, dist);
    // Content-hashed code only changes when the sources did (someone editing the tree during the run).
    const codeChanged = (await listFiles(dist, 'assets')).join() !== codeBefore.join();
    const changedContentFiles = (await listFiles(dist, 'content')).filter((f) => !contentBefore.includes(f)).length;
    await precompress(dist);
    const reopened = await launch(profile);
    try {
      const update = await attempt(result, 'edition update', say, () => measureEditionUpdate(reopened, site, visitTimeout(count)));
      if (update) result.update = { ...update, rebuild, codeChanged, changedContentFiles };
      if (codeChanged) say("  note: the app's code changed between the two builds, so the update figure includes code");
    } finally {
      await reopened.close(false);
    }
  } finally {
    await writeFile(join(articlesDir, edited.file), original);
    await writeFile(metaFile, meta);
  }
}
