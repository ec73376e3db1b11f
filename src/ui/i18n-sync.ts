/**
 * The sentences of the built-in library's sync that only a finished (or stopped) sync says: a lazy part beside i18n.ts,
 * loaded with the sync (src/platform/deferred.ts). Typed like i18n.ts, so every sentence exists in both languages.
 */
import type { I18n } from './i18n';

const en = {
  offlineReady: 'Everything is saved: this library now reads without internet.',
  offlineReadyText: 'The text is saved: this library now reads without internet. A picture comes when you open its article online.',
  withdrawnNotice: (n: string) =>
    n === '1'
      ? '1 article was withdrawn by the publisher: it is not kept on this device.'
      : `${n} articles were withdrawn by the publisher: they are not kept on this device.`,
  syncFull:
    'This device has no storage space left for the rest of the library. What is saved so far stays and reads without internet; free some space, then reopen the app to save the rest.',
  savedNoOffline:
    'The articles are saved on this device, but this address uses plain HTTP, so the app cannot open here without internet. Use the site’s https:// address, or save the library as one file to read it offline.',
  savedNoServiceWorker:
    'The articles are saved on this device, but this browser cannot open the app without internet. To read offline, save the whole library as one file and open it in any browser.',
  savedRefused:
    'The articles are saved, but at this address the browser will not keep the app for reading without internet. Open the site at another address, or save the library as one file.',
};

type SyncStrings = typeof en;

const fa: SyncStrings = {
  offlineReady: 'همه چیز ذخیره شد: این کتابخانه حالا بدون اینترنت خوانده می‌شود.',
  offlineReadyText: 'متن ذخیره شد: این کتابخانه حالا بدون اینترنت خوانده می‌شود. هر تصویر وقتی مقاله‌اش را با اینترنت باز کنید می‌آید.',
  withdrawnNotice: (n) => `ناشر ${n} مقاله را پس گرفته است: این مقاله‌ها روی این دستگاه نگه داشته نمی‌شوند.`,
  syncFull:
    'روی این دستگاه برای بقیهٔ کتابخانه جا نمانده است. آنچه تا اینجا ذخیره شده می‌ماند و بدون اینترنت خوانده می‌شود؛ کمی جا باز کنید و سپس برنامه را دوباره باز کنید تا بقیه هم ذخیره شود.',
  savedNoOffline:
    'مقاله‌ها روی این دستگاه ذخیره شده‌اند، اما این نشانی از HTTP ساده استفاده می‌کند و برنامه از اینجا بدون اینترنت باز نمی‌شود. از نشانی \u2066https://\u2069 سایت استفاده کنید، یا کتابخانه را در یک فایل ذخیره کنید تا بدون اینترنت بخوانید.',
  savedNoServiceWorker:
    'مقاله‌ها روی این دستگاه ذخیره شده‌اند، اما این مرورگر نمی‌تواند برنامه را بدون اینترنت باز کند. برای خواندن بدون اینترنت، کل کتابخانه را در یک فایل ذخیره کنید و در هر مرورگری باز کنید.',
  savedRefused:
    'مقاله‌ها ذخیره شده‌اند، اما مرورگر برنامه را در این نشانی برای خواندن بدون اینترنت نگه نمی‌دارد. سایت را از نشانی دیگری باز کنید، یا کتابخانه را در یک فایل ذخیره کنید.',
};

/** The sync's strings in each language. */
export const SYNC_STRINGS = { en, fa };

/** The sync's strings in the interface language. */
export function syncText(i: I18n): SyncStrings {
  return SYNC_STRINGS[i.lang];
}
