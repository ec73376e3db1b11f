/** Reader settings (interface language, theme, text size), kept in IndexedDB. */
import { getDb } from './db';

export interface Settings {
  uiLang?: 'fa' | 'en';
  theme?: 'light' | 'dark' | 'system';
  textSize?: number;
}

/** All stored settings. */
export async function getSettings(): Promise<Settings> {
  const db = await getDb();
  const tx = db.transaction('settings');
  const [uiLang, theme, textSize] = await Promise.all([tx.store.get('uiLang'), tx.store.get('theme'), tx.store.get('textSize')]);
  return { uiLang, theme, textSize } as Settings;
}

/** Stores one setting. */
export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  await (await getDb()).put('settings', value, key);
}
