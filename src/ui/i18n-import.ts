/**
 * The import queue's strings (progress, each file's failure, a batch's summary) and an export's progress: a lazy part
 * beside i18n.ts, loaded with the queue on the first import or with the exporter. Typed like i18n.ts, so every sentence
 * exists in both languages.
 */
import type { I18n } from './i18n';

/** English's singular for one file (`n` as the interface writes it); a value import from i18n.ts would split it from the shell. */
const files = (n: string): string => `${n} ${n === '1' ? 'file' : 'files'}`;

const en = {
  importing: (percent: string) => `Importing… ${percent}%`,
  importSaving: 'Checked. Saving to the library…',
  importDone: (added: string, updated: string, unchanged: string) => `${added} new, ${updated} updated, ${unchanged} already here`,
  importOlder: (n: string) => `${n} skipped: this device already has a newer version`,
  /** Unverified copies not taken: an unverified copy never replaces the publisher's verified one. */
  importSkipped: (n: string) =>
    n === '1'
      ? '1 article not taken: this device already has the publisher’s verified copy'
      : `${n} articles not taken: this device already has the publisher’s verified copies`,
  /** Unverified copies not taken: the device's own unverified copies were signed by another key, which stays theirs. */
  importOtherKey: (n: string) =>
    n === '1'
      ? '1 article not taken: the copy on this device was signed by another unknown key'
      : `${n} articles not taken: the copies on this device were signed by another unknown key`,
  /** Several files imported together: "3 files: 5 new, …". */
  importFileCount: files,
  importNotImported: (n: string) => `${files(n)} not imported`,
  /** One file's failure, named: several files may fail in one go. */
  importFileFailed: (name: string, why: string) => `“\u2068${name}\u2069”: ${why}`,
  /** The failure of a shared file not even whose name could be read. */
  importSharedFileFailed: (why: string) => `A shared file: ${why}`,
  importNothing: 'Nothing to import: only reader files (.html) can be imported, not text or links.',
  /** A file made on a device in data-saver mode carries only the pictures that device had. */
  importPicturesMissing: (n: string, severalFiles: boolean) =>
    `${n === '1' ? '1 picture was' : `${n} pictures were`} not in the ${severalFiles ? 'files' : 'file'}; the text is complete`,
  /** The question before a file signed by a key the app does not trust is imported. */
  importUnverifiedFile: (name: string) => `File: “\u2068${name}\u2069”`,
  importUnverifiedAsk: (publisher: string) =>
    `This file is signed by a key this app does not trust (fingerprint ${publisher}). Anyone could have made it. Import it anyway, marked “Unverified”?`,
  importAnyway: 'Import anyway, marked unverified',
  /** What became of an export: the file's name, and what was left out of it, and why. */
  exported: (name: string) => `Saved “\u2068${name}\u2069”.`,
  exportShared: (name: string) => `Shared “\u2068${name}\u2069”.`,
  exportLeftOut: (n: string) =>
    n === '1'
      ? '1 unverified article was left out: select it to share it, marked unverified.'
      : `${n} unverified articles were left out: select them to share them, marked unverified.`,
  /** Articles of the list the device no longer holds when the file is made, or holds with no signature that still reads. */
  exportGone: (n: string) =>
    n === '1'
      ? '1 article was left out: it was withdrawn or removed after the list was shown, or its stored copy is damaged.'
      : `${n} articles were left out: they were withdrawn or removed after the list was shown, or their stored copies are damaged.`,
  /** Pictures the device does not hold (the data saver, a sync under way): the file goes without them, and says so. */
  exportPicturesLeftOut: (n: string, canFetch: boolean) => {
    const [it, them] = n === '1' ? ['it', '1 picture is'] : ['them', `${n} pictures are`];
    return `${them} not on this device, so the file does not carry ${it}; the text is complete. ${
      canFetch
        ? `To include ${it}, choose “Everything now” under Settings → Pictures, then make the file again.`
        : 'An unverified article’s pictures are never downloaded.'
    }`;
  },
  /** How far an export is: its articles, then their pictures. */
  exportArticlesDone: (done: string, total: string) => `${done} of ${total} article${total === '1' ? '' : 's'}`,
  exportPicturesDone: (done: string, total: string) => `Pictures: ${done} of ${total}`,
  exportStop: 'Stop',
  /** Made, but the share sheet needs another tap (the one that started the export is too long ago). */
  exportReady: 'The file is ready.',
  exportShareNow: 'Share it',
  exportSaveInstead: 'Save it on this device',
  exportStopped: 'Stopped. No file was made.',
};

export type ImportStrings = typeof en;

const fa: ImportStrings = {
  importing: (percent) => `در حال وارد کردن… ${percent}٪`,
  importSaving: 'بررسی شد. در حال ذخیره در کتابخانه…',
  importDone: (added, updated, unchanged) => `${added} تازه، ${updated} به‌روزشده، ${unchanged} از پیش موجود`,
  importOlder: (n) => `${n} مورد وارد نشد: نسخهٔ تازه‌تر روی این دستگاه هست`,
  importSkipped: (n) => `${n} مقاله وارد نشد: نسخهٔ تأییدشدهٔ ناشر از پیش روی این دستگاه هست`,
  importOtherKey: (n) => `${n} مقاله وارد نشد: نسخهٔ روی این دستگاه را کلید ناشناختهٔ دیگری امضا کرده است`,
  importFileCount: (n) => `${n} فایل`,
  importNotImported: (n) => `${n} فایل وارد نشد`,
  importFileFailed: (name, why) => `«\u2068${name}\u2069»: ${why}`,
  importSharedFileFailed: (why) => `یک فایل هم‌رسانی‌شده: ${why}`,
  importNothing: 'چیزی برای وارد کردن نبود: فقط فایل خواننده (\u2066.html\u2069) وارد می‌شود، نه متن یا پیوند.',
  importPicturesMissing: (n, severalFiles) => `${n} تصویر در ${severalFiles ? 'فایل‌ها' : 'فایل'} نبود؛ متن کامل است`,
  importUnverifiedFile: (name) => `فایل: «\u2068${name}\u2069»`,
  importUnverifiedAsk: (publisher) =>
    `این فایل با کلیدی امضا شده که این برنامه به آن اعتماد ندارد (اثر انگشت ${publisher}). هر کسی ممکن است آن را ساخته باشد. با برچسب «تأییدنشده» وارد شود؟`,
  importAnyway: 'با برچسب تأییدنشده وارد شود',
  exported: (name) => `«\u2068${name}\u2069» ذخیره شد.`,
  exportShared: (name) => `«\u2068${name}\u2069» هم‌رسانی شد.`,
  exportLeftOut: (n) => `${n} مقالهٔ تأییدنشده کنار گذاشته شد: برای هم‌رسانی‌شان (با برچسب «تأییدنشده») آن‌ها را انتخاب کنید.`,
  exportGone: (n) => `${n} مقاله کنار گذاشته شد: پس از نمایش فهرست، پس گرفته شده یا پاک شده است، یا نسخهٔ ذخیره‌شده‌اش آسیب دیده است.`,
  exportPicturesLeftOut: (n, canFetch) =>
    `${n} تصویر روی این دستگاه نیست و در فایل نیامده است؛ متن کامل است. ` +
    (canFetch
      ? 'برای آوردنشان، در تنظیمات ← تصویرها «همه چیز همین حالا» را بزنید و دوباره فایل بسازید.'
      : 'تصویرهای مقالهٔ تأییدنشده هرگز دریافت نمی‌شوند.'),
  exportArticlesDone: (done, total) => `${done} از ${total} مقاله`,
  exportPicturesDone: (done, total) => `تصویرها: ${done} از ${total}`,
  exportStop: 'توقف',
  exportReady: 'فایل آماده است.',
  exportShareNow: 'هم‌رسانی فایل',
  exportSaveInstead: 'ذخیره روی این دستگاه',
  exportStopped: 'متوقف شد. فایلی ساخته نشد.',
};

/** The import queue's strings in each language. */
export const IMPORT_STRINGS = { en, fa };

/** The import queue's strings in the interface language. */
export function importText(i: I18n): ImportStrings {
  return IMPORT_STRINGS[i.lang];
}
