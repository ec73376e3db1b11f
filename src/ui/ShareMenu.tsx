/** "Share and import": one button that opens a sheet (a modal dialog: focus kept inside, Escape closes) with every file action. */
import { useRef } from 'preact/hooks';
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { ImportButton } from './ImportButton';
import { useOnline } from './use-online';
import type { Importer } from './use-importer';
import type { Exporter } from './use-export';
import type { LibraryState } from './use-library';

interface Props {
  library: LibraryState;
  importer: Importer;
  exporter: Exporter;
  selecting: boolean;
  onSelect: () => void;
}

export function ShareMenu({ library, importer, exporter, selecting, onSelect }: Props) {
  const { t } = useI18n();
  const sheet = useRef<HTMLDialogElement>(null);
  const close = () => sheet.current?.close();
  const online = useOnline();
  return (
    <>
      <button type="button" class="button share-menu" aria-haspopup="dialog" onClick={() => sheet.current?.showModal()}>
        <Icon name="share" />
        <span>{t.shareMenu}</span>
      </button>
      {/* Closing returns focus to the button that opened it (the dialog element does that itself). */}
      <dialog
        ref={sheet}
        class="sheet"
        aria-labelledby="share-menu-title"
        onClick={(e) => {
          // A tap on the backdrop (the dialog box itself, outside its content) closes it.
          if (e.target === e.currentTarget) close();
        }}
      >
        <div class="sheet__content">
          <div class="sheet__head">
            <h2 id="share-menu-title">{t.shareMenu}</h2>
            <button type="button" class="icon-button" onClick={close}>
              <Icon name="close" />
              <span class="visually-hidden">{t.close}</span>
            </button>
          </div>
          <p class="muted sheet__help">{t.shareMenuHelp}</p>
          <ImportButton importer={importer} onOpen={close} class="menu-item" />
          <button
            type="button"
            class="menu-item"
            disabled={exporter.busy || library.articles.length === 0}
            onClick={() => {
              close();
              void exporter.run(library.articles, false);
            }}
          >
            <Icon name="share" />
            {t.exportAll}
          </button>
          <button
            type="button"
            class="menu-item"
            aria-pressed={selecting}
            onClick={() => {
              close();
              onSelect();
            }}
          >
            <Icon name="select" />
            {selecting ? t.selectDone : t.selectMode}
          </button>
          {/* The publisher's file is fetched, never kept by the service worker: offline the link could not work. */}
          {online && (
            <a class="menu-item" href="library.html" download onClick={close}>
              <Icon name="download" />
              {t.downloadLibrary}
            </a>
          )}
        </div>
      </dialog>
    </>
  );
}
