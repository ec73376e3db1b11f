/** Top bar: the publication's name, the main navigation and a quick language switch. */
import site from 'virtual:site-config';
import { useI18n, type UiLang } from './i18n';
import type { Route } from './use-route';

export function Header({ route, onLang }: { route: Route; onLang: (l: UiLang) => void }) {
  const { t, lang } = useI18n();
  const other: UiLang = lang === 'fa' ? 'en' : 'fa';
  return (
    <header class="topbar">
      <a class="brand" href="#/">
        {site.name}
      </a>
      <nav aria-label={t.mainNav}>
        <ul class="nav">
          <li>
            <a href="#/" aria-current={route.name === 'library' ? 'page' : undefined}>
              {t.library}
            </a>
          </li>
          <li>
            <a href="#/settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
              {t.settings}
            </a>
          </li>
          <li>
            <button type="button" class="lang-switch" lang={other} onClick={() => onLang(other)}>
              {other === 'fa' ? 'فارسی' : 'English'}
            </button>
          </li>
        </ul>
      </nav>
    </header>
  );
}
