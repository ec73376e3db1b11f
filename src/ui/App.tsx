/** The app frame: language, theme, routes, live regions, drag and drop, update prompt. */
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { I18nContext, detectUiLang, makeI18n } from './i18n';
import { parseRoute, replaceWithLibrary, useRoute } from './use-route';
import { useLibraryView } from './use-library-view';
import { useLibrary } from './use-library';
import { useSync } from './use-sync';
import { useImporter } from './use-importer';
import { useUpdateChecks } from './use-updates';
import { useUpdate } from './use-update';
import { Header, pageTitle } from './Header';
import { LibraryView } from './LibraryView';
import { ArticleView } from './ArticleView';
import { ExportReadyBanner } from './ExportProgress';
import { articleExport, libraryExport } from './use-export';
import { setSetting, type Settings } from '../storage/settings-store';
import { onLaunchFiles } from '../platform/files';
import { takeSharedFiles } from '../platform/shared-files';
import { soon } from '../platform/soon';
import { followStorageNotice } from '../storage/db';

/** The library's query on routes that have none: one object, so the library view is not rendered again for a new one. */
const NO_QUERY = {};

/**
 * The whole app; `initialSettings` were read before the first render so nothing flips after paint, unless reading them
 * took too long: then they come as `lateSettings`.
 */
export function App({ initialSettings, lateSettings }: { initialSettings: Settings; lateSettings?: Promise<Settings> }) {
  const [settings, setSettings] = useState(initialSettings);
  // Unless the reader changed one meanwhile (within moments of the start): then what they chose stays.
  useEffect(() => void lateSettings?.then((stored) => setSettings((s) => (s === initialSettings ? stored : s))), []);
  const lang = settings.uiLang ?? detectUiLang(navigator.languages);
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  const nav = useRoute();
  const { route } = nav;
  // Settings (update sources, passing the app on, install help, storage) is a lazy part: not in the first paint.
  const [SettingsView, setSettingsView] = useState<typeof import('./SettingsView').SettingsView>();
  useEffect(() => {
    if (route.name === 'settings' && !SettingsView) void import('./SettingsView').then((m) => setSettingsView(() => m.SettingsView));
  }, [route.name]);
  // The data saver's first-visit question is a lazy part too, loaded only while the reader has not chosen.
  const [DataSaver, setDataSaver] = useState<typeof import('./DataSaverQuestion')>();
  useEffect(() => (settings.media ? undefined : soon(() => void import('./DataSaverQuestion').then((m) => setDataSaver(() => m)))), []);
  const library = useLibrary();
  const { view, back } = useLibraryView(nav);
  const sync = useSync(library.reload, library.reloadNew, settings.media);
  const importer = useImporter(library.reload);
  // The question before a file from an unknown key is imported: a lazy part, loaded when first asked.
  const [ImportPrompt, setImportPrompt] = useState<typeof import('./ImportPrompt').ImportPrompt>();
  useEffect(() => {
    if (importer.pending && !ImportPrompt) void import('./ImportPrompt').then((m) => setImportPrompt(() => m.ImportPrompt));
  }, [importer.pending]);
  useUpdateChecks(library.reload);
  const edition = useUpdate(importer.busy);
  // The banner when a new version waits: a lazy part too, loaded once one does. Where its code cannot come (null: a tab
  // taken over by a version that no longer keeps this one's lazy parts, offline), the header's update sign stands in for
  // it, and reloads.
  const [UpdateBanner, setUpdateBanner] = useState<typeof import('./UpdateBanner').UpdateBanner | null>();
  useEffect(() => {
    if (edition.waiting && !UpdateBanner)
      void import('./UpdateBanner').then(
        (m) => setUpdateBanner(() => m.UpdateBanner),
        () => setUpdateBanner(null),
      );
  }, [edition.waiting]);
  // A newer version of the app took the storage over (another tab): this one can go on only once reloaded, which the
  // same sign offers (the library's notice says why).
  const [outdated, setOutdated] = useState(false);
  const waitingUpdate = UpdateBanner === null || outdated ? { ...edition, waiting: true, deferred: true, ask: edition.apply } : edition;
  const [dragging, setDragging] = useState(false);
  // The first frame holds the header alone, and the library's view follows in a task of its own: one render and one
  // layout of the whole page is a long task on a slow phone (most of it first-time costs, which split as well). Nothing
  // moves: the view appears below what is already there. An article is its own first frame (its text is what a reader
  // waits for).
  const [viewShown, setViewShown] = useState(false);
  useEffect(() => soon(() => setViewShown(true)), []);
  const showView = viewShown || route.name === 'article';

  // Before the first paint: a language or theme applied a frame later would move everything on the page once.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.lang = i18n.lang;
    root.dir = i18n.dir;
    root.dataset.theme = settings.theme ?? 'system';
    root.style.setProperty('--text-scale', String(settings.textSize ?? 1));
  }, [i18n, settings]);

  // Each page has its own name (tabs, history, a screen reader's page title); an article names itself.
  useEffect(() => {
    if (route.name !== 'article') document.title = pageTitle(i18n, route.name === 'settings' ? i18n.t.settings : undefined);
  }, [route.name, i18n]);

  // Erased in another tab: an article open here leaves the screen too (the list is emptied by useLibrary).
  useEffect(
    () =>
      followStorageNotice((notice) => {
        setOutdated(notice === 'outdated');
        if (notice === 'erased-elsewhere' && parseRoute(location.hash).name === 'article') replaceWithLibrary();
      }),
    [],
  );

  // Desktop "Open with": the same importer as every other route in.
  useEffect(() => onLaunchFiles((files, notRead) => void importer.importFiles(files, notRead)), []);

  // Shared files: those a share hands over on its route, and at any other start those an import did not end with (the
  // page went away meanwhile: another share reloaded it, or the phone closed it while a question waited). Each file is
  // forgotten once its import has ended.
  const importShared = async (fromShare: boolean): Promise<void> => {
    // Never rejects: the share's route is always left, and the reader told of any file that could not be read.
    const { files, notKept, release } = await takeSharedFiles();
    if (fromShare) replaceWithLibrary();
    // At a start without a share, nearly always nothing.
    else if (files.length + notKept.length === 0) return;
    // One batch, like a pick; with no file at all (a share of text or a link) the importer says what can be imported.
    // Kept where the importer's code could not even load: the next start tries again.
    void importer.importFiles(files, notKept).then(release, () => undefined);
  };
  useEffect(() => {
    if (route.name === 'import-shared') void importShared(true);
  }, [route.name]);
  useEffect(() => (route.name === 'import-shared' ? undefined : soon(() => void importShared(false))), []);

  const update = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setSettings((s) => ({ ...s, [key]: value }));
    // Not kept (the storage cannot be used: the library's notice says why), the choice still holds until the page closes.
    setSetting(key, value).catch(() => undefined);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = e.dataTransfer?.files;
    if (files?.length) void importer.importFiles(Array.from(files));
  };

  return (
    <I18nContext.Provider value={i18n}>
      <div
        class={`app${dragging ? ' app--dragging' : ''}`}
        onDragOver={(e) => {
          if (e.dataTransfer?.types.includes('Files')) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        // Out of the window: Chromium names no element left for, and says so on the element under the file (moving between
        // elements it names the next). The app fills the window, so that is the only way out of it.
        onDragLeave={(e) => {
          if (e.relatedTarget === null) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <a
          class="skip-link"
          href="#main"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById('main')?.focus();
          }}
        >
          {i18n.t.skipToContent}
        </a>
        <Header
          route={route}
          onLang={(l) => update('uiLang', l)}
          sync={sync}
          importStatus={importer.status?.(i18n)}
          update={waitingUpdate}
        />
        {UpdateBanner && <UpdateBanner update={edition} />}
        {/* A file that needs the reader's tap to be shared: the library's list asks itself, elsewhere it is asked here.
            One article's file is asked for here wherever the reader is (its bar has no room for the choice). */}
        {(route.name === 'article' || route.name === 'settings') && <ExportReadyBanner job={libraryExport} />}
        <ExportReadyBanner job={articleExport} />
        {/* Heard once per change; seen through the header's status chip, which shows each new message for a moment. */}
        <div class="live visually-hidden" role="status" aria-live="polite">
          {sync.announce && <p>{sync.announce(i18n)}</p>}
          {importer.status && <p>{importer.status(i18n)}</p>}
        </div>
        <div class="live" role="alert">
          {library.failure && <p class="notice notice--error">{library.failure(i18n)}</p>}
          {importer.error && <p class="notice notice--error">{importer.error(i18n)}</p>}
        </div>
        {importer.pending && ImportPrompt && <ImportPrompt pending={importer.pending} />}
        <main id="main" tabIndex={-1}>
          {showView &&
            (route.name === 'article' ? (
              <ArticleView
                route={route}
                back={back}
                library={library}
                settings={settings}
                onTextSize={(v) => update('textSize', v)}
                saving={sync.kind === undefined || sync.kind === 'saving'}
              />
            ) : route.name === 'settings' ? (
              SettingsView && <SettingsView settings={settings} update={update} library={library} importer={importer} />
            ) : (
              <LibraryView
                library={library}
                importer={importer}
                query={route.name === 'library' ? route : NO_QUERY}
                view={view}
                saving={library.articles.length === 0 && (sync.kind === undefined || sync.kind === 'saving' || sync.kind === 'paused')}
              />
            ))}
        </main>
        {DataSaver && !settings.media && <DataSaver.DataSaverQuestion onChosen={(media) => setSettings((s) => ({ ...s, media }))} />}
        {dragging && (
          <div class="drop-overlay" aria-hidden="true">
            {i18n.t.dropHere}
          </div>
        )}
      </div>
    </I18nContext.Provider>
  );
}
