/**
 * Settings and about: language, theme, text size, storage, installing, import, the publisher's key, removing unverified
 * articles, erase everything.
 */
import { useEffect, useState } from 'preact/hooks';
import site from 'virtual:site-config';
import { useI18n, type UiLang } from './i18n';
import { settingsText } from './i18n-settings';
import { formatSize } from './i18n-saver';
import { ImportButton } from './ImportButton';
import { UpdateSources } from './UpdateSources';
import { HandOn } from './HandOn';
import { DataSaverSetting } from './DataSaverSetting';
import { InstallButtons } from './InstallButtons';
import type { Importer } from './use-importer';
import type { Settings } from '../storage/settings-store';
import { estimateStorage, requestPersistence, type StorageInfo } from '../platform/storage-info';
import { eraseEverything } from '../platform/erase';
import { removeUnverifiedInWorker } from '../platform/import-client';
import { describeFailure } from './errors';
import type { Failure } from '../core/errors';
import type { LibraryState } from './use-library';
import './SettingsView.css';

interface Props {
  settings: Settings;
  update: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
  importer: Importer;
  /** Its unverified rows are counted here; it is read again after they are removed. */
  library: Pick<LibraryState, 'articles' | 'reload'>;
}

/** The room the app takes, and whether the browser keeps it; `asked`: the browser's last answer to "protect it". */
function useStorageInfo() {
  const [info, setInfo] = useState<StorageInfo>();
  const [asked, setAsked] = useState<boolean>();
  const refresh = () => void estimateStorage().then(setInfo);
  useEffect(refresh, []);
  const protect = async (): Promise<void> => {
    // Cleared first, so a second refusal is announced again.
    setAsked(undefined);
    setAsked(await requestPersistence());
    refresh();
  };
  return { info, asked, protect };
}

export function SettingsView({ settings, update, importer, library }: Props) {
  const i = useI18n();
  const t = settingsText(i);
  const storage = useStorageInfo();
  const [confirming, setConfirming] = useState(false);
  /** Once erased: whether another tab still holds part of the library (it goes when that tab closes). */
  const [erased, setErased] = useState<{ held: boolean }>();

  if (erased) {
    return (
      <section class="settings" aria-labelledby="erased-title">
        <h1 id="erased-title">{t.eraseTitle}</h1>
        <p role="status">{t.erased}</p>
        {erased.held && <p>{t.eraseHeld}</p>}
        <p>{t.eraseCannot}</p>
      </section>
    );
  }

  return (
    <div class="settings">
      <h1>{t.settings}</h1>

      <section aria-labelledby="s-lang">
        <h2 id="s-lang">{t.language}</h2>
        <div class="segmented" role="group" aria-labelledby="s-lang">
          {(['fa', 'en'] as UiLang[]).map((l) => (
            <button key={l} type="button" class="button" lang={l} aria-pressed={i.lang === l} onClick={() => update('uiLang', l)}>
              {l === 'fa' ? 'فارسی' : 'English'}
            </button>
          ))}
        </div>
      </section>

      <section aria-labelledby="s-theme">
        <h2 id="s-theme">{t.theme}</h2>
        <div class="segmented" role="group" aria-labelledby="s-theme">
          {(['light', 'dark', 'system'] as const).map((th) => (
            <button
              key={th}
              type="button"
              class="button"
              aria-pressed={(settings.theme ?? 'system') === th}
              onClick={() => update('theme', th)}
            >
              {th === 'light' ? t.themeLight : th === 'dark' ? t.themeDark : t.themeSystem}
            </button>
          ))}
        </div>
      </section>

      <section aria-labelledby="s-size">
        <h2 id="s-size">{t.textSize}</h2>
        <input
          type="range"
          min="0.85"
          max="1.75"
          step="0.05"
          aria-labelledby="s-size"
          value={settings.textSize ?? 1}
          onInput={(e) => update('textSize', Number((e.target as HTMLInputElement).value))}
        />
        {/* At an article's size and line height, so the choice is seen as it will read. */}
        <p class="sample article__body" style={{ fontSize: `calc(1.1rem * ${settings.textSize ?? 1})` }}>
          {t.sampleText}
        </p>
      </section>

      <DataSaverSetting value={settings.media} onChange={(c) => update('media', c)} />

      <section aria-labelledby="s-storage">
        <h2 id="s-storage">{t.storage}</h2>
        <p>
          {storage.info?.usage !== undefined && storage.info.quota !== undefined
            ? t.storageUse(formatSize(i, storage.info.usage), formatSize(i, Math.max(0, storage.info.quota - storage.info.usage)))
            : t.storageUnknown}
        </p>
        <p>{storage.info?.persisted ? t.storagePersistent : t.storageNotPersistent}</p>
        {!storage.info?.persisted && (
          <button type="button" class="button" onClick={() => void storage.protect()}>
            {t.storageProtect}
          </button>
        )}
        {/* The browser's answer, announced: a refusal (Chrome refuses most sites not installed) changed nothing else; a
            grant takes the button away, so the focus comes here rather than to the page's start. */}
        <p
          role="status"
          tabIndex={-1}
          ref={(p) => {
            if (storage.asked && p && document.activeElement === document.body) p.focus();
          }}
        >
          {storage.asked === false ? t.storageRefused : storage.asked ? t.storageGranted : ''}
        </p>
      </section>

      <UpdateSources />
      <HandOn />
      <section aria-labelledby="s-install">
        <h2 id="s-install">{t.installTitle}</h2>
        <p>{t.installTip}</p>
        <InstallButtons />
      </section>

      <section aria-labelledby="s-import">
        <h2 id="s-import">{t.importFile}</h2>
        <ImportButton importer={importer} />
      </section>

      <section aria-labelledby="s-key">
        <h2 id="s-key">{t.publisherKey}</h2>
        <p>
          <bdi>{site.publisher.name}</bdi>:{' '}
          <code class="fingerprint" dir="ltr">
            {site.fingerprint}
          </code>
        </p>
        <p class="muted">{t.publisherKeyHelp}</p>
        {site.devKey && <p class="notice notice--error">{t.devKeyWarning}</p>}
      </section>

      <section aria-labelledby="s-about">
        <h2 id="s-about">{t.about}</h2>
        <p>{t.aboutText}</p>
      </section>

      <RemoveUnverified library={library} />

      <section aria-labelledby="s-erase" class="danger-zone">
        <h2 id="s-erase">{t.eraseTitle}</h2>
        <p>{t.eraseHelp}</p>
        <p class="muted">{t.eraseCannot}</p>
        {confirming ? (
          <div class="row" role="group" aria-label={t.eraseConfirm}>
            <p>{t.eraseConfirm}</p>
            <button
              type="button"
              class="button button--danger"
              onClick={() =>
                void eraseEverything().then(
                  ({ waiting }) => setErased({ held: waiting.length > 0 }),
                  () => setErased({ held: false }),
                )
              }
            >
              {t.eraseYes}
            </button>
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </div>
        ) : (
          <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
            {t.eraseButton}
          </button>
        )}
      </section>
    </div>
  );
}

/** Where "Remove unverified articles" is: asked, removing, done (how many), or failed (nothing was removed). */
type Removal = 'ask' | 'busy' | { removed: number } | { failed: Failure };

/**
 * "Remove unverified articles": shown while the library holds any (and then for its result). Asks first, like the erase;
 * the worker removes them in one write, and the library is read again so the list, search and exports lose them at once.
 */
function RemoveUnverified({ library }: { library: Props['library'] }) {
  const i = useI18n();
  const t = settingsText(i);
  // Counted at each render (Settings renders rarely): a memo would cost the first paint an export of the shell's hooks.
  let held = 0;
  for (const a of library.articles) if (a.trust !== 'verified') held++;
  const [state, setState] = useState<Removal>();
  if (!held && (state === undefined || state === 'ask')) return null;
  const remove = async (): Promise<void> => {
    setState('busy');
    try {
      const removed = await removeUnverifiedInWorker();
      // The list (and with it "Continue reading", search and exports) follows without a reload of the page.
      await library.reload().catch(() => undefined);
      setState({ removed });
    } catch (failed) {
      setState({ failed: failed as Failure });
    }
  };
  const failed = typeof state === 'object' && 'failed' in state ? state.failed : undefined;
  return (
    <section aria-labelledby="s-unverified" class="danger-zone">
      <h2 id="s-unverified">{t.unverifiedTitle}</h2>
      {held > 0 && <p>{t.unverifiedHeld(i.n(held))}</p>}
      {held > 0 && <p class="muted">{t.unverifiedHelp}</p>}
      {state === 'ask' ? (
        <div class="row" role="group" aria-label={t.unverifiedConfirm(i.n(held))}>
          <p>{t.unverifiedConfirm(i.n(held))}</p>
          <button type="button" class="button button--danger" onClick={() => void remove()}>
            {t.unverifiedYes}
          </button>
          <button type="button" class="button" onClick={() => setState(undefined)}>
            {t.cancel}
          </button>
        </div>
      ) : (
        held > 0 &&
        state !== 'busy' && (
          <button type="button" class="button button--danger" onClick={() => setState('ask')}>
            {t.unverifiedButton}
          </button>
        )
      )}
      <p role="status">
        {state === 'busy'
          ? t.unverifiedRemoving
          : typeof state === 'object' && 'removed' in state
            ? t.unverifiedRemoved(i.n(state.removed))
            : ''}
      </p>
      {failed && (
        <p role="alert" class="notice notice--error">
          {failed.code?.startsWith('storage-') ? describeFailure(failed, i) : t.unverifiedFailed}
        </p>
      )}
    </section>
  );
}
