/** The Vite plugin: runs the content pipeline, emits its files, fills index.html's head and serves `virtual:site-config`. */
import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite';
import { MEDIA_TYPES } from '../core/constants';
import { mirrorOrigin } from '../core/mirrors';
import { buildContent, type BuildReport, type BuildResult } from './content';
import { BuildFailure, messageOf } from './errors';

/** Where the plugin reads content from (defaults: OFFLINE_READER_ARTICLES or articles/, and site.config.yml, at the Vite root). */
export interface ArticlesPluginOptions {
  articlesDir?: string;
  siteConfig?: string;
}

/** What `virtual:site-config` exports (see src/virtual-site-config.d.ts): nothing that changes between editions, so the app's code stays cached. */
export function siteModule(report: BuildReport): Record<string, unknown> {
  const { site } = report;
  return {
    name: site.name,
    shortName: site.shortName,
    description: site.description,
    lang: site.lang,
    dir: site.dir,
    colors: { ...site.colors },
    publisher: { id: site.publisher.id, name: site.publisher.name },
    keys: [...report.keys],
    devKey: report.devKey,
    fingerprint: report.fingerprint,
  };
}

const VIRTUAL_ID = 'virtual:site-config';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
/** The reader file's script and style, for the app's own export (bundled into its lazy code, so it works offline). */
const TEMPLATE_ID = 'virtual:reader-template';
const RESOLVED_TEMPLATE_ID = `\0${TEMPLATE_ID}`;

/** index.html with the edition's meta tag, the title, description, theme colour and the html element's lang and dir. */
export function fillIndexHtml(html: string, report: BuildReport): string {
  const { site } = report;
  const head = [
    `<title>${escapeHtml(site.name)}</title>`,
    `<meta name="description" content="${escapeHtml(site.description)}" />`,
    `<meta name="theme-color" content="${escapeHtml(site.colors.theme)}" />`,
    `<meta name="or-edition" content="${escapeHtml(report.editionFile)}" />`,
  ].join('\n    ');
  let out = html
    .replace(/<title>[\s\S]*?<\/title>\s*/i, '')
    .replace(/<meta\s+name="(?:description|theme-color|or-edition)"[^>]*>\s*/gi, '')
    .replace(/<html\b([^>]*)>/i, (_m, attrs: string) => {
      const rest = attrs.replace(/\s(?:lang|dir)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
      return `<html lang="${escapeHtml(site.lang)}" dir="${site.dir}"${rest}>`;
    });
  out = allowMirrorConnections(out, site.mirrors);
  // After the charset meta when there is one, so the title is read as UTF-8.
  const charset = /<meta\s+charset[^>]*>/i.exec(out);
  if (charset) out = out.replace(charset[0], `${charset[0]}\n    ${head}`);
  else out = out.replace(/<head\b[^>]*>/i, (m) => `${m}\n    ${head}`);
  return out;
}

/**
 * The Content-Security-Policy's connect-src: the app's own origin plus exactly the origins of the configured mirrors
 * (where the app looks for new editions), and nothing else.
 */
export function allowMirrorConnections(html: string, mirrors: string[]): string {
  if (mirrors.length === 0) return html;
  const origins = [...new Set(mirrors.map(mirrorOrigin))].join(' ');
  let found = 0;
  const out = html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*?\bconnect-src 'self')(?=[;"])/i, (m) => {
    found++;
    return `${m} ${origins}`;
  });
  if (found !== 1)
    throw new Error(`index.html must have a Content-Security-Policy with "connect-src 'self'" so that the mirrors can be allowed.`);
  return out;
}

function isViteCli(): boolean {
  return /[\\/]vite(?:\.js)?$/.test(process.argv[1] ?? '');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What other parts of the build (vite.config.ts's service-worker manifest) may ask the plugin. */
export interface ArticlesApi {
  /** The content build's report (built once per Vite build). */
  report(): Promise<BuildReport>;
}

/** The plugin: articles + site config -> signed edition, packs, media, library.html (see docs/publishing.md). */
export function articlesPlugin(options: ArticlesPluginOptions = {}): Plugin & { api: ArticlesApi } {
  let config: ResolvedConfig;
  let current: Promise<BuildResult> | undefined;

  const run = (): Promise<BuildResult> =>
    buildContent({
      root: config.root,
      articlesDir: options.articlesDir,
      siteConfig: options.siteConfig,
      log: (line) => config.logger.info(line),
      warn: (message) => config.logger.warn(message),
    });
  const result = (): Promise<BuildResult> => (current ??= run());

  return {
    name: 'offline-reader:articles',
    api: { report: async () => (await result()).report },
    configResolved(resolved) {
      config = resolved;
    },
    async buildStart() {
      let built: BuildResult;
      try {
        built = await result();
      } catch (e) {
        current = undefined;
        const message = e instanceof BuildFailure ? e.message : `The content build failed: ${messageOf(e)}`;
        config.logger.error(`\n${message}\n`);
        // Vite's CLI would print the error again with rolldown's stack trace: a person should see only the list above.
        if (config.command === 'build' && isViteCli()) process.exit(1);
        this.error(message);
      }
      if (config.command !== 'build') return;
      for (const [fileName, source] of built.files) this.emitFile({ type: 'asset', fileName, source });
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : id === TEMPLATE_ID ? RESOLVED_TEMPLATE_ID : undefined;
    },
    async load(id) {
      if (id === RESOLVED_TEMPLATE_ID) {
        const { template } = await result();
        return `export default ${JSON.stringify(template ?? { css: '', js: '' })};\n`;
      }
      if (id !== RESOLVED_ID) return undefined;
      const { report } = await result();
      return `export default ${JSON.stringify(siteModule(report))};\n`;
    },
    transformIndexHtml: {
      order: 'pre',
      async handler(html) {
        return fillIndexHtml(html, (await result()).report);
      },
    },
    configureServer(server) {
      serveContent(
        server,
        result,
        () => {
          current = undefined;
          return result();
        },
        options,
        config,
      );
    },
  };
}

/** Development server: serve the built files from memory and rebuild when an article or the site config changes. */
function serveContent(
  server: ViteDevServer,
  result: () => Promise<BuildResult>,
  rebuild: () => Promise<BuildResult>,
  options: ArticlesPluginOptions,
  config: ResolvedConfig,
): void {
  const articlesDir = resolve(config.root, options.articlesDir ?? process.env.OFFLINE_READER_ARTICLES ?? 'articles');
  const siteFile = resolve(config.root, options.siteConfig ?? process.env.OFFLINE_READER_SITE_CONFIG ?? 'site.config.yml');
  server.watcher.add([articlesDir, siteFile]);
  const onChange = (file: string): void => {
    if (!file.startsWith(articlesDir) && file !== siteFile) return;
    rebuild().then(
      () => {
        const mod = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: 'full-reload' });
      },
      (e: unknown) => config.logger.error(messageOf(e)),
    );
  };
  server.watcher.on('change', onChange).on('add', onChange).on('unlink', onChange);
  server.middlewares.use((req, res, next) => {
    const base = config.base.startsWith('/') ? config.base : '/';
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    } catch {
      return next();
    }
    if (!path.startsWith(base)) return next();
    const name = path.slice(base.length);
    result().then(
      ({ files }) => {
        const file = files.get(name);
        if (!file) return next();
        const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : imageType(name);
        res.setHeader('Content-Type', type);
        res.end(file);
      },
      () => next(),
    );
  });
}

function imageType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  return Object.keys(MEDIA_TYPES).find((type) => MEDIA_TYPES[type] === ext) ?? 'application/octet-stream';
}
