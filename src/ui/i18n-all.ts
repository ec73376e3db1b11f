/**
 * Every interface string, the first paint's (i18n.ts) and the lazy parts' (Settings, the import queue, the sync), in one object
 * per language: for tests and tools that check what a page says. The app never imports this module: it would put the
 * lazy parts' strings back in what index.html loads.
 */
import { STRINGS as FIRST, type UiLang } from './i18n';
import { IMPORT_STRINGS } from './i18n-import';
import { SETTINGS_STRINGS } from './i18n-settings';
import { SYNC_STRINGS } from './i18n-sync';

export { num, type UiLang } from './i18n';

const all = (lang: UiLang) => ({ ...FIRST[lang], ...SETTINGS_STRINGS[lang], ...IMPORT_STRINGS[lang], ...SYNC_STRINGS[lang] });

export type Strings = ReturnType<typeof all>;

export const STRINGS: Record<UiLang, Strings> = { en: all('en'), fa: all('fa') };
