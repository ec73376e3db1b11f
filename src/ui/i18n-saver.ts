/**
 * The data saver's and the pictures' strings in Persian and English: a lazy part beside i18n.ts (none of them is needed for the first
 * paint, and what index.html loads has no room to spare). Typed like i18n.ts, so every sentence exists in both.
 */
import type { I18n } from './i18n';

const en = {
  title: 'Pictures',
  question: 'Save the pictures now too?',
  questionHelp: (size: string) => `The text is saving. The pictures would take ${size} more.`,
  choiceText: 'Text now, pictures when I open the article',
  choiceAll: 'Everything now',
  questionDefault: (choice: string) => `Without an answer, “${choice}” begins once the text is saved.`,
  settingHelp: 'With “Text now”, a picture downloads when you open its article, and is kept for reading offline.',
  picturesLeft: (size: string) => `Pictures not saved on this device: ${size}.`,
  picturesAllSaved: 'Every picture is saved on this device.',
  pictureMissing: (size: string) => `Picture not saved: ${size}, shown when you are online`,
  pictureLoading: (size: string) => `Picture downloading: ${size}…`,
  pictureNotHere:
    'Picture not on this device: the file this article came from did not carry it, and pictures of an unverified article are never downloaded.',
  pictureGone: 'Picture not on this device.',
  closeImage: 'Close the image',
  sizeKB: (n: string) => `${n} KB`,
  sizeMB: (n: string) => `${n} MB`,
  sizeGB: (n: string) => `${n} GB`,
};

type SaverStrings = typeof en;

const fa: SaverStrings = {
  title: 'تصویرها',
  question: 'تصویرها هم همین حالا ذخیره شوند؟',
  questionHelp: (size) => `متن در حال ذخیره است. تصویرها ${size} دیگر جا می‌گیرند.`,
  choiceText: 'متن همین حالا، تصویر وقتی مقاله را باز می‌کنم',
  choiceAll: 'همه چیز همین حالا',
  questionDefault: (choice) => `اگر انتخاب نکنید، پس از ذخیرهٔ متن «${choice}» آغاز می‌شود.`,
  settingHelp: 'با «متن همین حالا»، هر تصویر وقتی مقاله‌اش را باز کنید دریافت و برای خواندن بدون اینترنت نگه داشته می‌شود.',
  picturesLeft: (size) => `تصویرهای ذخیره‌نشده روی این دستگاه: ${size}.`,
  picturesAllSaved: 'همهٔ تصویرها روی این دستگاه ذخیره شده‌اند.',
  pictureMissing: (size) => `تصویر ذخیره نشده است: ${size}، با اتصال به اینترنت نشان داده می‌شود`,
  pictureLoading: (size) => `در حال دریافت تصویر: ${size}…`,
  pictureNotHere: 'این تصویر روی این دستگاه نیست: در فایلی که این مقاله از آن آمد نبود، و تصویرهای مقالهٔ تأییدنشده هرگز دریافت نمی‌شوند.',
  pictureGone: 'این تصویر روی این دستگاه نیست.',
  closeImage: 'بستن تصویر',
  sizeKB: (n) => `${n} کیلوبایت`,
  sizeMB: (n) => `${n} مگابایت`,
  sizeGB: (n) => `${n} گیگابایت`,
};

const STRINGS = { en, fa };

/** The data saver's strings in the interface language. */
export function saverStrings(i: I18n): SaverStrings {
  return STRINGS[i.lang];
}

/**
 * A size in KB, MB (of 1,000,000 bytes) or GB, in the interface language's digits. `round`: Math.ceil or Math.floor where
 * two sizes must not read the same (a file over a limit, the limit).
 */
export function formatSize(i: I18n, bytes: number, round: (x: number) => number = Math.round): string {
  const s = saverStrings(i);
  if (bytes >= 1e9) return s.sizeGB(i.n(round(bytes / 1e8) / 10));
  return bytes >= 1e6 ? s.sizeMB(i.n(round(bytes / 1e5) / 10)) : s.sizeKB(i.n(Math.max(1, round(bytes / 1e3))));
}
