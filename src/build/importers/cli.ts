/** The two import commands (`npm run import:telegram`, `npm run import:feed`): options, the run, the summary a publisher reads. */
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { directionOf } from '../../core/direction';
import { BuildFailure, messageOf } from '../errors';
import { normalizeDate } from '../front-matter';
import { canonicalLang } from '../lang';
import { loadSiteConfig } from '../site-config';
import { applyChanges, countSkipped, planChanges, summarizeChanges, type ImportedSource } from './article-writer';
import { readFeeds } from './feed';
import type { LangChoice } from './markdown-text';
import { readTelegramExport } from './telegram';

/** Which importer runs. */
export type ImportKind = 'telegram' | 'feed';

/** Everything a run needs besides its inputs; every field has a default. */
export interface ImportOptions {
  articlesDir: string;
  since?: string;
  minLength: number;
  overwrite: boolean;
  dryRun: boolean;
  langs: LangChoice;
  /** Where progress and the summary go. */
  log: (line: string) => void;
  /** Paths as named in messages. */
  show: (path: string) => string;
  /** Feeds: download pictures from the publisher's own machine and network too (--allow-private-addresses). */
  allowPrivateAddresses: boolean;
}

/** Options with every default but the folder (no log, paths shown as they are): for tests and other callers. */
export function importOptions(articlesDir: string, more: Partial<ImportOptions> = {}): ImportOptions {
  return {
    articlesDir,
    minLength: 0,
    overwrite: false,
    dryRun: false,
    langs: { arabicScript: 'fa', other: 'en' },
    allowPrivateAddresses: false,
    log: () => {},
    show: (p) => p,
    ...more,
  };
}

const USAGE: Record<ImportKind, string> = {
  telegram: 'npm run import:telegram -- <export folder> [options]',
  feed: 'npm run import:feed -- <feed file or URL>... [options]',
};
const OPTIONS = `Options:
  --articles <folder>         where the articles go (default: OFFLINE_READER_ARTICLES, else articles/)
  --since <date>              only posts from this date on (2024-05-01)
  --min-length <n>            leave out posts with fewer than n characters of text
  --overwrite                 also replace articles that were edited by hand
  --dry-run                   print what would change and write nothing
  --lang <tag>                language of posts not in the Arabic script (default: en, or site.config.yml's lang)
  --arabic-script-lang <tag>  language of posts in the Arabic script (default: fa, or site.config.yml's lang)`;
const FEED_OPTIONS = `
  --allow-private-addresses   also download pictures from this computer or its network (a feed read from the
                              internet or a file may name only pictures on the internet)`;
const usageOf = (kind: ImportKind): string => `Usage: ${USAGE[kind]}\n${OPTIONS}${kind === 'feed' ? FEED_OPTIONS : ''}`;

/** Read the command line into options and inputs; throws an Error whose message says what is wrong and shows the usage. */
export function parseImportArgs(
  kind: ImportKind,
  argv: string[],
  env: NodeJS.ProcessEnv,
  root: string,
): { inputs: string[]; opts: ImportOptions } | 'help' {
  const usage = usageOf(kind);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        articles: { type: 'string' },
        since: { type: 'string' },
        'min-length': { type: 'string' },
        overwrite: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        lang: { type: 'string' },
        'arabic-script-lang': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        ...(kind === 'feed' ? { 'allow-private-addresses': { type: 'boolean' as const, default: false } } : {}),
      },
    });
  } catch (e) {
    throw new Error(`${messageOf(e)}\n${usage}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const inputs = parsed.positionals;
  if (inputs.length === 0) throw new Error(`Nothing to import.\n${usage}`);
  if (kind === 'telegram' && inputs.length > 1) throw new Error(`Give one export folder at a time.\n${usage}`);
  let since: string | undefined;
  if (v.since !== undefined) {
    since = normalizeDate(v.since);
    if (since === undefined) throw new Error(`--since "${v.since}" is not a date like 2024-05-01.`);
    since = new Date(Date.parse(since)).toISOString();
  }
  const minLength = v['min-length'] === undefined ? 0 : Number(v['min-length']);
  if (!Number.isInteger(minLength) || minLength < 0) throw new Error(`--min-length "${v['min-length']}" is not a whole number.`);
  const show = (path: string): string => {
    const rel = relative(root, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split('\\').join('/');
  };
  return {
    inputs,
    opts: {
      articlesDir: resolve(root, v.articles ?? env.OFFLINE_READER_ARTICLES ?? 'articles'),
      since,
      minLength,
      overwrite: v.overwrite,
      dryRun: v['dry-run'],
      allowPrivateAddresses: v['allow-private-addresses'] === true,
      langs: chooseLangs(v.lang, v['arabic-script-lang'], resolve(root, env.OFFLINE_READER_SITE_CONFIG ?? 'site.config.yml')),
      log: (line) => console.log(line),
      show,
    },
  };
}

/** The two language defaults: from the options, else the site's language on its side (Arabic-script or not), else fa and en. */
function chooseLangs(lang: string | undefined, arabic: string | undefined, siteFile: string): LangChoice {
  const check = (tag: string, option: string): string => {
    const c = canonicalLang(tag);
    if (c === undefined) throw new Error(`${option} "${tag}" is not a language tag such as fa, en or ku-Arab.`);
    return c;
  };
  let site: string | undefined;
  try {
    site = loadSiteConfig(siteFile).lang;
  } catch {
    // No usable site config: the built-in defaults below.
  }
  const siteRtl = site !== undefined && directionOf(site) === 'rtl';
  return {
    other: lang !== undefined ? check(lang, '--lang') : site !== undefined && !siteRtl ? site : 'en',
    arabicScript: arabic !== undefined ? check(arabic, '--arabic-script-lang') : siteRtl ? site! : 'fa',
  };
}

/** Leave out what --since and --min-length exclude, counting them in the summary. */
export function selectArticles(source: ImportedSource, opts: Pick<ImportOptions, 'since' | 'minLength'>): ImportedSource {
  const articles = source.articles.filter((a) => {
    if (opts.since !== undefined && Date.parse(a.date) < Date.parse(opts.since)) {
      countSkipped(source.skipped, `before --since ${opts.since.slice(0, 10)}`);
      return false;
    }
    if (a.textLength < opts.minLength) {
      countSkipped(source.skipped, `shorter than --min-length ${opts.minLength}`);
      return false;
    }
    return true;
  });
  return { ...source, articles };
}

/** Import into the articles folder (or only report, with dryRun); returns the lines of the summary. Throws BuildFailure on bad input, before anything is written. */
export async function runImport(kind: ImportKind, inputs: string[], opts: ImportOptions): Promise<string[]> {
  const read =
    kind === 'telegram'
      ? readTelegramExport(resolve(inputs[0]!), opts.langs, opts.show)
      : await readFeeds(inputs, { langs: opts.langs, show: opts.show, log: opts.log, allowPrivateAddresses: opts.allowPrivateAddresses });
  const source = selectArticles(read, opts);
  const changes = planChanges(opts.articlesDir, source.articles, { overwrite: opts.overwrite });
  if (!opts.dryRun) applyChanges(opts.articlesDir, changes);
  const skipped = [...source.skipped].map(([reason, n]) => `${n} ${reason}`);
  return [
    `${source.name}: ${source.articles.length} articles into ${opts.show(opts.articlesDir)}`,
    ...summarizeChanges(changes, opts.dryRun),
    skipped.length > 0 ? `skipped: ${skipped.join(', ')}` : 'skipped: nothing',
    ...source.warnings.map((w) => `warning: ${w}`),
  ];
}

/** The command: parse, run, print; returns the exit code (1 for bad input, 2 for a bad command line). */
export async function main(kind: ImportKind, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseImportArgs(kind, argv, process.env, process.cwd());
  } catch (e) {
    console.error(messageOf(e));
    return 2;
  }
  if (parsed === 'help') {
    console.log(usageOf(kind));
    return 0;
  }
  try {
    for (const line of await runImport(kind, parsed.inputs, parsed.opts)) parsed.opts.log(line);
    return 0;
  } catch (e) {
    const text = e instanceof BuildFailure ? e.message.replace(/^The content has/, 'The import has') : messageOf(e);
    console.error(`${text}\nNothing was written.`);
    return 1;
  }
}
