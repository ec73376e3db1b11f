/** The library: its description, count and edition's age, search, choices (filter, section, order), continue reading, the articles, share and import. */
import { useCallback, useMemo, useState } from 'preact/hooks';
import site from 'virtual:site-config';
import { useI18n } from './i18n';
import { memo } from './memo';
import { articleKey } from '../core/keys';
import type { LibraryState } from './use-library';
import { ArticleList } from './ArticleList';
import { SearchResults } from './SearchResults';
import { useSearchIndex, useSearchShown } from './use-search';
import { EditionAge } from './EditionAge';
import { ShareMenu } from './ShareMenu';
import { SelectionBar } from './SelectionBar';
import { LibraryChoices } from './LibraryChoices';
import { ContinueReading } from './ContinueReading';
import { InstallTip } from './InstallTip';
import { chooseArticles, lastUnfinished, sectionsOf } from './library-query';
import { libraryExport, useExport } from './use-export';
import { ExportProgress } from './ExportProgress';
import type { Importer } from './use-importer';
import type { LibraryQuery } from './use-route';
import type { LibraryViewState } from './use-library-view';

interface Props {
  library: LibraryState;
  importer: Importer;
  query: LibraryQuery;
  /**
   * The library is empty while the built-in library is still being saved, or waits for the connection to go on (a
   * first visit): not an empty library yet, and asking for a file would mislead. (False once there are articles, so
   * the sync's state changes do not render the library again.)
   */
  saving?: boolean;
  /** The filter, search and list, kept by App while an article or Settings replaces the library. */
  view: LibraryViewState;
}

/** Renders again only when the library, the importer, the query or the view's state changed (not for every status message). */
export const LibraryView = memo(function LibraryView({ library, importer, query, saving = false, view }: Props) {
  const i = useI18n();
  const { t } = i;
  const [selected, setSelected] = useState<Set<string> | undefined>();
  const exporter = useExport(libraryExport);
  const { filter, setFilter, search } = view;
  useSearchIndex(library.articles);
  // Re-rendered when results replace the list or the list comes back, not on every keystroke.
  const searching = useSearchShown(search);

  const sections = useMemo(() => sectionsOf(library.articles), [library.articles]);
  const shown = useMemo(
    () => chooseArticles(library.articles, library.reading, { filter, section: query.section, sort: query.sort }),
    [library.articles, library.reading, filter, query.section, query.sort],
  );
  const resume = useMemo(() => lastUnfinished(library.articles, library.reading), [library.articles, library.reading]);

  const toggle = useCallback(
    (key: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );

  // The same element while nothing it shows changes: results coming and going leave the list as it
  // is (a long list is not diffed again for every search).
  const list = useMemo(
    () =>
      shown.length === 0 && library.loaded ? (
        <p class="empty">
          {library.articles.length === 0
            ? saving
              ? t.emptyWhileSaving
              : t.emptyLibrary
            : filter === 'bookmarks' && !query.section
              ? t.emptyBookmarks
              : t.emptySection}
        </p>
      ) : (
        <ArticleList
          articles={shown}
          reading={library.reading}
          selected={selected}
          onToggle={selected ? toggle : undefined}
          memory={view.list}
        />
      ),
    [shown, library.loaded, library.reading, library.articles.length, saving, selected, toggle, filter, query.section, t, view.list],
  );

  const chosen = selected ? library.articles.filter((a) => selected.has(articleKey(a.publisherId, a.id))) : [];

  return (
    <div class="library">
      <p class="library__about">
        {/* Two lines at most, on its own: a long description never hides the count and the edition's age below it. */}
        {site.description && (
          <bdi lang={site.lang} dir="auto" class="library__description">
            {site.description}
          </bdi>
        )}
        <span>
          <bdi class="library__count">{t.articleCount(i.n(library.articles.length))}</bdi>
          <EditionAge />
        </span>
      </p>

      <div class="library__bar">
        <form role="search" class="search" onSubmit={(e) => e.preventDefault()}>
          <label for="q" class="visually-hidden">
            {t.searchLabel}
          </label>
          <input
            id="q"
            type="search"
            placeholder={t.searchPlaceholder}
            autoComplete="off"
            defaultValue={search.state.query}
            onInput={(e) => search.setQuery((e.target as HTMLInputElement).value)}
          />
        </form>
        <ShareMenu
          library={library}
          importer={importer}
          exporter={exporter}
          selecting={!!selected}
          onSelect={() => setSelected(selected ? undefined : new Set())}
        />
      </div>

      {!searching && (
        <LibraryChoices filter={filter} setFilter={setFilter} query={query} sections={sections} total={library.articles.length} />
      )}
      {exporter.message && (
        <p class="muted" role="status">
          {exporter.message}
        </p>
      )}
      <ExportProgress exporter={exporter} />
      {selected && (
        <SelectionBar
          chosen={chosen}
          exporter={exporter}
          onDone={() => {
            setSelected(undefined);
            // The bar goes, and its focused button with it: focus returns to where selecting began.
            document.querySelector<HTMLElement>('.library .share-menu')?.focus();
          }}
        />
      )}
      {!searching && <InstallTip />}
      {!searching && !selected && filter === 'all' && !query.section && resume && (
        <ContinueReading article={resume.article} position={resume.position} />
      )}

      {searching && <SearchResults session={search} library={library} />}
      {/* Hidden, not removed, while results show: emptying the box brings it back without building it again. */}
      <div hidden={searching}>{list}</div>
    </div>
  );
});
