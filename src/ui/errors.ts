/** One clear sentence, in the interface language, for every failure code (a code without both sentences does not compile). */
import type { I18n } from './i18n';
import { formatSize } from './i18n-saver';
import type { Failure, FailureCode } from '../core/errors';

type P = Record<string, string | number>;
type Sentence = (p: P, i: I18n) => string;

/** A file's size rounded up and the limit rounded down, so a file just over the limit never reads as the limit. */
const over = (p: P, i: I18n) => [formatSize(i, Number(p.size), Math.ceil), formatSize(i, Number(p.max), Math.floor)] as const;
/** An article's id inside a sentence, isolated: an id of digits and Latin letters keeps its order in Persian (and back). */
const id = (article: string | number) => `\u2068${article}\u2069`;

const en: Record<FailureCode, Sentence> = {
  empty: () => 'This file is empty. Nothing was imported.',
  'too-large': (p, i) => `This file is too large (${over(p, i)[0]}; the limit is ${over(p, i)[1]}). Nothing was imported.`,
  'not-a-bundle': () => 'This is not a reader file. Nothing was imported.',
  'saved-page': () =>
    'This is a web page saved by the browser, not the reader file itself. Ask the sender for the reader file (.html) and import that. Nothing was imported.',
  'newer-version': () =>
    'This file was made by a newer version of the reader. Update the app (visit the site once while online), then import it again.',
  truncated: () => 'This file is incomplete: it was cut off, perhaps during download or transfer. Ask for it again. Nothing was imported.',
  encoding: () => 'This file is damaged (its text is not valid). Nothing was imported.',
  malformed: () => 'This file is damaged or was changed by a program. Nothing was imported.',
  limits: () =>
    'This file is larger or has more parts than a reader file may have. Nothing was imported. Ask for the articles in smaller files.',
  duplicate: (p) =>
    `This file lists the same ${p.article ? `article (“${id(p.article)}”)` : 'item'} twice, which a genuine file never does. Nothing was imported.`,
  unsigned: () => 'This file is not signed by any publisher, so it cannot be checked. Nothing was imported.',
  'unknown-key': () => 'This file is signed by a key this app does not trust. Nothing was imported.',
  'bad-signature': () =>
    'This file’s signature is not valid: it was forged or altered after the publisher signed it. Nothing was imported.',
  'hash-mismatch': (p) =>
    `${p.article ? `The article “${id(p.article)}”` : 'Part of this file'} was altered after the publisher signed it. The whole file was refused; nothing was imported.`,
  'not-listed': () => 'This file carries content its publisher did not sign. The whole file was refused; nothing was imported.',
  'publisher-mismatch': () => 'This file claims to be from a publisher other than the one whose key signed it. Nothing was imported.',
  'bad-key': () => 'This file carries an invalid key. Nothing was imported.',
  quota: () => 'There is not enough storage space on this device for these articles. Free some space and try again. Nothing was changed.',
  'read-failed': () =>
    'The file could not be read. If it is on a memory card or in a messenger, save it to the device first. Nothing was imported.',
  'storage-unavailable': () =>
    'This browser would not let the app open its storage, so no articles can be kept on this device. In a private window, open the site in a normal one; if the device is full, free some space; then reload. Or, while online, choose “Download the publisher’s full library file” under “Share and import”: it opens in any browser without being stored.',
  // In the interface's strings: said where this module's chunk may no longer load (the erase, or the newer version's
  // worker, deleted the caches it came from).
  'storage-outdated': (_, i) => i.t.storageOutdated,
  'storage-erased': (_, i) => i.t.storageErased,
  unexpected: () =>
    'Something unexpected went wrong in the app (not in your file). Nothing was imported. Try again; if it happens again, reload the app.',
};

const fa: Record<FailureCode, Sentence> = {
  empty: () => 'این فایل خالی است. چیزی وارد نشد.',
  'too-large': (p, i) => `این فایل خیلی بزرگ است (${over(p, i)[0]}؛ حداکثر ${over(p, i)[1]}). چیزی وارد نشد.`,
  'not-a-bundle': () => 'این فایل، فایل خواننده نیست. چیزی وارد نشد.',
  'saved-page': () =>
    'این صفحهٔ وبی است که مرورگر ذخیره کرده، نه خودِ فایل خواننده. فایل خواننده (\u2066.html\u2069) را از فرستنده بخواهید و همان را وارد کنید. چیزی وارد نشد.',
  'newer-version': () =>
    'این فایل با نسخهٔ تازه‌تری از برنامه ساخته شده است. برنامه را به‌روز کنید (یک بار با اینترنت سایت را باز کنید) و دوباره وارد کنید.',
  truncated: () => 'این فایل ناقص است: احتمالاً هنگام دریافت یا انتقال بریده شده. دوباره آن را بگیرید. چیزی وارد نشد.',
  encoding: () => 'این فایل آسیب دیده است (متن آن معتبر نیست). چیزی وارد نشد.',
  malformed: () => 'این فایل آسیب دیده یا با برنامه‌ای تغییر کرده است. چیزی وارد نشد.',
  limits: () =>
    'این فایل از اندازه یا تعداد بخش‌های مجاز یک فایل خواننده بزرگ‌تر است. چیزی وارد نشد. مقاله‌ها را در فایل‌های کوچک‌تر بخواهید.',
  duplicate: (p) =>
    `این فایل ${p.article ? `مقالهٔ «${id(p.article)}»` : 'یک مورد'} را دو بار آورده، کاری که فایل اصل هرگز نمی‌کند. چیزی وارد نشد.`,
  unsigned: () => 'این فایل امضای هیچ ناشری را ندارد و نمی‌توان آن را سنجید. چیزی وارد نشد.',
  'unknown-key': () => 'این فایل با کلیدی امضا شده که این برنامه به آن اعتماد ندارد. چیزی وارد نشد.',
  'bad-signature': () => 'امضای این فایل معتبر نیست: جعلی است یا پس از امضای ناشر تغییر کرده. چیزی وارد نشد.',
  'hash-mismatch': (p) =>
    `${p.article ? `مقالهٔ «${id(p.article)}»` : 'بخشی از این فایل'} پس از امضای ناشر تغییر کرده است. کل فایل رد شد؛ چیزی وارد نشد.`,
  'not-listed': () => 'این فایل محتوایی دارد که ناشر امضا نکرده است. کل فایل رد شد؛ چیزی وارد نشد.',
  'publisher-mismatch': () => 'این فایل ادعا می‌کند از ناشری جز صاحب کلید امضاکننده است. چیزی وارد نشد.',
  'bad-key': () => 'این فایل کلید نامعتبری دارد. چیزی وارد نشد.',
  quota: () => 'جای کافی روی این دستگاه برای این مقاله‌ها نیست. کمی جا باز کنید و دوباره امتحان کنید. چیزی تغییر نکرد.',
  'read-failed': () => 'فایل خوانده نشد. اگر روی کارت حافظه یا در پیام‌رسان است، اول آن را روی دستگاه ذخیره کنید. چیزی وارد نشد.',
  'storage-unavailable': () =>
    'این مرورگر اجازه نداد برنامه فضای ذخیره‌سازی‌اش را باز کند، پس هیچ مقاله‌ای روی این دستگاه نگه داشته نمی‌شود. اگر در پنجرهٔ خصوصی (ناشناس) هستید، سایت را در پنجرهٔ معمولی باز کنید؛ اگر حافظهٔ دستگاه پر است، کمی جا باز کنید؛ سپس صفحه را دوباره باز کنید. یا تا به اینترنت وصلید، «دریافت فایل کامل کتابخانهٔ ناشر» را در «هم‌رسانی و وارد کردن» بزنید: بی‌آنکه ذخیره شود، در هر مرورگری باز می‌شود.',
  'storage-outdated': (_, i) => i.t.storageOutdated,
  'storage-erased': (_, i) => i.t.storageErased,
  unexpected: () =>
    'در برنامه خطای پیش‌بینی‌نشده‌ای رخ داد (ایراد از فایل شما نیست). چیزی وارد نشد. دوباره امتحان کنید؛ اگر باز هم پیش آمد، برنامه را دوباره باز کنید.',
};

/** The failure as one sentence in the interface language. */
export function describeFailure(f: Failure, i: I18n): string {
  const table = i.lang === 'fa' ? fa : en;
  // A failure that crossed from a worker is only as typed as the code that made it: an unknown code gets the generic sentence.
  const sentence = table[f.code] as Sentence | undefined;
  return sentence ? sentence(f.params ?? {}, i) : i.t.errorGeneric;
}
