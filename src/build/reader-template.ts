/** The small reader inlined into every reader file: src/reader/main.ts bundled to one minified IIFE, plus reader.css. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READER_TARGET } from './old-engines';

/** Script and style text of the reader file's template. */
export interface ReaderTemplate {
  css: string;
  js: string;
}

/** Default location of the reader's sources (src/reader beside this folder). */
export const READER_DIR = fileURLToPath(new URL('../reader/', import.meta.url));

/** Bundle `<dir>/main.ts` (with Vite: one IIFE, minified) and read `<dir>/reader.css`. */
export async function bundleReaderTemplate(dir = READER_DIR): Promise<ReaderTemplate> {
  const entry = join(dir, 'main.ts');
  const cssFile = join(dir, 'reader.css');
  if (!existsSync(entry) || !existsSync(cssFile)) {
    throw new Error(`The reader file's sources are missing: ${entry} and ${cssFile} are needed to write library.html.`);
  }
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    publicDir: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      target: READER_TARGET,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name: 'OfflineReader', fileName: () => 'reader.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  let js: string | undefined;
  for (const out of outputs) {
    if (!('output' in out)) continue;
    for (const item of out.output) if (item.type === 'chunk' && item.isEntry) js = item.code;
  }
  if (js === undefined) throw new Error('Bundling the reader script produced no code.');
  // The script is inlined in a <script> element: a "</script" inside a string must not end it early.
  return { js: js.replace(/<\/(script)/gi, '<\\/$1'), css: readFileSync(cssFile, 'utf8') };
}
