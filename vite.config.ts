// The build: Preact app + the articles plugin (content, signing, reader file) + the PWA (injectManifest service worker).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { articlesPlugin } from './src/build/vite-plugin-articles';
import { loadSiteConfig } from './src/build/site-config';
import { directionOf } from './src/core/direction';
import { SHARE_TARGET_PATH } from './src/core/constants';
import { CONTENT_NAMED, planPrecache } from './src/build/precache-plan';
import { SCRIPT_TARGET, hasOwnForOldEngines, pureHashesForWorkers } from './src/build/old-engines';
import { compileHintForShell } from './src/build/compile-hints';

/** The modules of the 'later' chunk (see build.rolldownOptions below). */
const LATER_PARTS =
  /src[\\/]ui[\\/](SettingsView|UpdateBanner|ImageViewer|DataSaver|ImportPrompt|missing-pictures|InstallHelp|errors|i18n-saver|i18n-settings|UpdateSources|HandOn|qr-path)|src[\\/]platform[\\/](update-check|update-pictures|erase|dialog-fallback)\b|src[\\/]core[\\/]mirrors\b|node_modules[\\/]uqr[\\/]/;

export default defineConfig(() => {
  const site = loadSiteConfig('site.config.yml');
  const articles = articlesPlugin();
  return {
    // Relative base: the same dist/ works at any origin and under any sub-path.
    base: './',
    build: {
      // Old phones keep old WebViews (README, "Which browsers"): lower syntax, classic workers.
      target: SCRIPT_TARGET,
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      reportCompressedSize: false,
      rolldownOptions: {
        output: {
          // The parts no first paint needs but a first visit stores anyway (Settings, the data saver's question, missing
          // pictures, install help, error sentences, the update check, the QR code): one chunk, not ten. The service
          // worker precaches every file, so each small chunk was one more request on every first visit; a lazy chunk costs
          // nothing until imported. Only these modules, not what they import (the shell's own stay in the shell).
          codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: 'later', test: LATER_PARTS }] },
        },
      },
      // Otherwise no chunk rules: what the first paint does not need is reached through import('src/platform/deferred.ts').
    },
    worker: {
      format: 'iife' as const,
      plugins: () => [hasOwnForOldEngines(), pureHashesForWorkers()],
      // The worker bundle kept the minifier's /* @__PURE__ */ marks (the page's chunks do not); licences stay.
      rolldownOptions: { output: { comments: { legal: true, annotation: false, jsdoc: false } } },
    },
    plugins: [
      preact(),
      hasOwnForOldEngines(),
      compileHintForShell(),
      articles,
      VitePWA({
        strategies: 'injectManifest',
        srcDir: 'src/sw',
        filename: 'sw.ts',
        registerType: 'prompt',
        injectRegister: false,
        injectManifest: {
          // The favicon too (a PNG: see scripts/make-icons.sh), so an offline start shows it.
          globPatterns: ['**/*.{js,css,html,woff2}', 'icons/favicon-48.png'],
          // The full-library reader file and loose media are for downloading and mirrors, not for the offline app:
          // the app's copies of them travel inside the content packs.
          // And the pure-JS hashes (the page's chunk and the workers' script) are only for pages with no WebCrypto, which
          // have no service worker either.
          globIgnores: ['library.html', 'media/**', 'kill-switch/**', 'assets/sha2-*.js', 'assets/pure-hashes-script-*.js'],
          maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
          // The worker downloads the app shell first (so the app opens offline as soon as possible), then the edition,
          // then the content packs in a few bulk files, which the page stores as each pack lands (src/build/precache-plan.ts).
          manifestTransforms: [
            async (entries) => ({
              manifest: planPrecache(entries, (await articles.api.report()).delivery),
              warnings: [],
            }),
          ],
          // Content-hashed names need no cache-busting query, so a browser's HTTP cache can serve them.
          dontCacheBustURLsMatching: CONTENT_NAMED,
        },
        manifest: {
          name: site.name,
          short_name: site.shortName,
          description: site.description,
          lang: site.lang,
          dir: directionOf(site.lang),
          start_url: './',
          scope: './',
          display: 'standalone',
          orientation: 'any',
          theme_color: site.colors.theme,
          background_color: site.colors.background,
          categories: ['news', 'books'],
          icons: [
            { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: 'icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
            { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
            { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          ],
          share_target: {
            action: SHARE_TARGET_PATH,
            method: 'POST',
            enctype: 'multipart/form-data',
            params: {
              title: 'title',
              text: 'text',
              files: [{ name: 'file', accept: ['text/html', '.html', '.htm', 'application/octet-stream', '*/*'] }],
            },
          },
          file_handlers: [{ action: './', accept: { 'text/html': ['.html', '.htm'] } }],
        },
        includeManifestIcons: false,
        devOptions: { enabled: false },
      }),
    ],
  };
});
