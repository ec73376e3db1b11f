/** Top bar: the publication's name (the library's heading), the quiet status, settings and the language switch. */
import site from 'virtual:site-config';
import { useI18n, type I18n, type UiLang } from './i18n';
import { Icon } from './Icon';
import { isolate } from './Isolated';
import { StatusIndicator } from './StatusIndicator';
import type { Route } from './use-route';
import type { SyncState } from './use-sync';
import type { UpdateState } from './use-update';

interface Props {
  route: Route;
  onLang: (l: UiLang) => void;
  sync: SyncState;
  importStatus?: string;
  update: UpdateState;
}

/**
 * The page's title (tabs, history, a screen reader's page title): what it shows, then the publication's name. The part
 * is isolated: an article's title in the other script, ending in a number or a mark, would otherwise reorder the rest.
 */
export function pageTitle({ t }: I18n, part?: string): string {
  return part ? `${isolate(part)}${t.sep}${site.name}` : site.name;
}

export function Header({ route, onLang, sync, importStatus, update }: Props) {
  const { t, lang } = useI18n();
  const other: UiLang = lang === 'fa' ? 'en' : 'fa';
  const brand = (
    <a class="brand__link" href="#/" aria-current={route.name === 'library' ? 'page' : undefined}>
      <bdi lang={site.lang}>{site.name}</bdi>
    </a>
  );
  return (
    <header class="topbar">
      {/* The library has no other title: there the publication's name is the page's one h1. */}
      {route.name === 'library' ? <h1 class="brand">{brand}</h1> : <p class="brand">{brand}</p>}
      <StatusIndicator sync={sync} importStatus={importStatus} update={update} />
      <nav aria-label={t.mainNav} class="topbar__nav">
        <a class="icon-button" href="#/settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
          <Icon name="settings" />
          <span class="visually-hidden">{t.settings}</span>
        </a>
        <button type="button" class="chip lang-switch" lang={other} onClick={() => onLang(other)}>
          <Icon name="globe" />
          {other === 'fa' ? 'فارسی' : 'English'}
        </button>
      </nav>
    </header>
  );
}
