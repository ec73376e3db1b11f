/** Reader settings (interface language, theme, text size, data saver), kept in IndexedDB. */
import { getDb } from './db';
import type { MediaChoice } from '../core/data-saver';

export interface Settings {
  uiLang?: 'fa' | 'en';
  theme?: 'light' | 'dark' | 'system';
  textSize?: number;
  /** The data saver: pictures now or when their article opens; undefined until the reader (or the first visit's fallback) chose. */
  media?: MediaChoice;
  /** The install tip was closed or used: it is not shown again. */
  installTip?: 'seen';
}

/** All stored settings. */
export async function getSettings(): Promise<Settings> {
  const db = await getDb();
  const tx = db.transaction('settings');
  const [uiLang, theme, textSize, media, installTip] = await Promise.all(
    (['uiLang', 'theme', 'textSize', 'media', 'installTip'] as const).map((key) => tx.store.get(key)),
  );
  return { uiLang, theme, textSize, media, installTip } as Settings;
}

/** Stores one setting. */
export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await getDb()).put('settings', value, key);
}
